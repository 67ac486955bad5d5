"""The exchange's fixed vocabularies: fields of technology, readiness levels, transfer modes,
provinces (the library's own list, library.demo.vocabulary.PROVINCES, not a copy)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from library.demo.vocabulary import PROVINCES


class Field(models.TextChoices):
    AGRICULTURE = "trong-trot", _("Trồng trọt, giống cây")
    AQUACULTURE = "thuy-san", _("Thủy sản")
    LIVESTOCK = "chan-nuoi", _("Chăn nuôi, thú y")
    PROCESSING = "che-bien", _("Chế biến, bảo quản nông sản")
    ENERGY = "nang-luong", _("Năng lượng")
    ENVIRONMENT = "moi-truong", _("Môi trường, xử lý nước")
    MACHINERY = "co-khi", _("Cơ khí, thiết bị")
    BIOTECH = "sinh-hoc", _("Công nghệ sinh học")
    DIGITAL = "so-hoa", _("Công nghệ thông tin")


class Readiness(models.IntegerChoices):
    """Technology readiness levels (TRL) 1-9."""

    TRL1 = 1, _("TRL 1 – Nguyên lý cơ bản")
    TRL2 = 2, _("TRL 2 – Hình thành ý tưởng công nghệ")
    TRL3 = 3, _("TRL 3 – Chứng minh ý tưởng")
    TRL4 = 4, _("TRL 4 – Thử nghiệm trong phòng thí nghiệm")
    TRL5 = 5, _("TRL 5 – Thử nghiệm trong môi trường liên quan")
    TRL6 = 6, _("TRL 6 – Trình diễn mô hình")
    TRL7 = 7, _("TRL 7 – Trình diễn trong thực tế")
    TRL8 = 8, _("TRL 8 – Hoàn thiện, đã kiểm chứng")
    TRL9 = 9, _("TRL 9 – Đã ứng dụng thương mại")


class TransferMode(models.TextChoices):
    TRANSFER = "chuyen-giao", _("Chuyển giao công nghệ")
    LICENCE = "cap-phep", _("Cấp phép sử dụng (licence)")
    JOINT_VENTURE = "lien-doanh", _("Liên doanh, góp vốn")
    EQUIPMENT = "ban-thiet-bi", _("Bán thiết bị")
    SERVICE = "dich-vu", _("Dịch vụ kỹ thuật, tư vấn")


class OrganisationType(models.TextChoices):
    INSTITUTE = "vien", _("Viện nghiên cứu")
    UNIVERSITY = "truong", _("Trường đại học")
    CENTRE = "trung-tam", _("Trung tâm ứng dụng")
    BUSINESS = "doanh-nghiep", _("Doanh nghiệp")


PROVINCE_CHOICES = [(name, name) for _slug, name, _library in PROVINCES]
