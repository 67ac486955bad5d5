"""Vietnamese words the demo generator draws from: provinces, people, subjects, phrasing.

Some spellings deliberately use the older tone placement ("thuỷ", "hoà") next to the newer
("thủy", "hòa"), as real catalogues of the delta do, so that search must treat them alike.
"""

from typing import TypedDict


class CollectionWords(TypedDict):
    name: str
    objects: tuple[str, ...]
    methods: tuple[str, ...]
    factors: tuple[str, ...]


# The 13 provinces and cities of the Mekong Delta: (slug, province, holding library).
PROVINCES = (
    ("cantho", "Cần Thơ", "Trung tâm Thông tin và Thống kê KH&CN thành phố Cần Thơ"),
    ("angiang", "An Giang", "Thư viện tỉnh An Giang"),
    ("baclieu", "Bạc Liêu", "Trung tâm Thông tin KH&CN tỉnh Bạc Liêu"),
    ("bentre", "Bến Tre", "Thư viện Nguyễn Đình Chiểu tỉnh Bến Tre"),
    ("camau", "Cà Mau", "Trung tâm Ứng dụng tiến bộ KH&CN tỉnh Cà Mau"),
    ("dongthap", "Đồng Tháp", "Thư viện tỉnh Đồng Tháp"),
    ("haugiang", "Hậu Giang", "Trung tâm Thông tin KH&CN tỉnh Hậu Giang"),
    ("kiengiang", "Kiên Giang", "Thư viện tỉnh Kiên Giang"),
    ("longan", "Long An", "Trung tâm Thông tin KH&CN tỉnh Long An"),
    ("soctrang", "Sóc Trăng", "Thư viện tỉnh Sóc Trăng"),
    ("tiengiang", "Tiền Giang", "Trung tâm Thông tin KH&CN tỉnh Tiền Giang"),
    ("travinh", "Trà Vinh", "Thư viện tỉnh Trà Vinh"),
    ("vinhlong", "Vĩnh Long", "Trung tâm Thông tin KH&CN tỉnh Vĩnh Long"),
)

DISTRICTS = (
    "Ninh Kiều",
    "Cái Răng",
    "Phong Điền",
    "Thốt Nốt",
    "Châu Đốc",
    "Long Xuyên",
    "Tân Châu",
    "Hồng Ngự",
    "Cao Lãnh",
    "Sa Đéc",
    "Mỹ Tho",
    "Cai Lậy",
    "Gò Công",
    "Vị Thanh",
    "Ngã Bảy",
    "Rạch Giá",
    "Hà Tiên",
    "Phú Quốc",
    "Tân An",
    "Cần Giuộc",
    "Trà Cú",
    "Cầu Ngang",
    "Ngã Năm",
    "Năm Căn",
    "Đầm Dơi",
    "U Minh",
    "Giá Rai",
    "Hồng Dân",
    "Ba Tri",
    "Mỏ Cày",
    "Bình Minh",
)

# Collections: slug, name, and the words each one's titles and texts are made of.
COLLECTIONS: dict[str, CollectionWords] = {
    "nong-nghiep": {
        "name": "Nông nghiệp",
        "objects": (
            "giống lúa chịu mặn",
            "cây ăn trái",
            "xoài cát Hòa Lộc",
            "bưởi da xanh",
            "lúa thơm ST25",
            "rau màu",
            "nấm rơm",
            "khóm (dứa)",
            "cây dừa",
            "sầu riêng",
        ),
        "methods": (
            "canh tác hữu cơ",
            "tưới tiết kiệm nước",
            "bón phân cân đối",
            "quản lý dịch hại tổng hợp (IPM)",
            "cơ giới hoá đồng bộ",
            "ghép mắt",
        ),
        "factors": ("xâm nhập mặn", "hạn hán", "sâu bệnh", "biến đổi khí hậu", "phèn hoá đất"),
    },
    "thuy-san": {
        "name": "Thủy sản",
        "objects": (
            "tôm sú",
            "tôm thẻ chân trắng",
            "cá tra",
            "cá basa",
            "cua biển",
            "nghêu",
            "cá lóc",
            "tôm càng xanh",
            "sò huyết",
            "cá rô đồng",
        ),
        "methods": (
            "nuôi thâm canh",
            "mô hình tôm – lúa",
            "nuôi quảng canh cải tiến",
            "công nghệ biofloc",
            "sản xuất giống nhân tạo",
            "quản lý môi trường ao nuôi",
        ),
        "factors": (
            "dịch bệnh đốm trắng",
            "chất lượng nước",
            "độ mặn",
            "thức ăn công nghiệp",
            "nguồn giống",
        ),
    },
    "moi-truong": {
        "name": "Môi trường",
        "objects": (
            "rừng ngập mặn",
            "nước mặt sông Hậu",
            "chất thải rắn sinh hoạt",
            "đất phèn",
            "bờ biển Cà Mau",
            "nước ngầm",
            "đa dạng sinh học",
            "rừng tràm",
        ),
        "methods": (
            "quan trắc tự động",
            "mô hình hoá thủy lực",
            "viễn thám GIS",
            "đánh giá tác động môi trường",
            "xử lý sinh học",
        ),
        "factors": (
            "sạt lở bờ sông",
            "sụt lún đất",
            "ô nhiễm hữu cơ",
            "nước biển dâng",
            "khai thác cát",
        ),
    },
    "y-duoc": {
        "name": "Y dược",
        "objects": (
            "bệnh sốt xuất huyết",
            "dược liệu bản địa",
            "bệnh tăng huyết áp",
            "trẻ suy dinh dưỡng",
            "cây rau má",
            "bệnh đái tháo đường",
            "người cao tuổi",
        ),
        "methods": (
            "khảo sát cắt ngang",
            "thử nghiệm lâm sàng",
            "chiết xuất hoạt chất",
            "chăm sóc sức khỏe ban đầu",
            "y học cổ truyền",
        ),
        "factors": (
            "thói quen dinh dưỡng",
            "điều kiện vệ sinh",
            "kháng kháng sinh",
            "tiếp cận dịch vụ y tế",
        ),
    },
    "cong-nghe-thong-tin": {
        "name": "Công nghệ thông tin",
        "objects": (
            "hệ thống thông tin địa lý",
            "chính quyền số",
            "cơ sở dữ liệu KH&CN",
            "thư viện số",
            "nông nghiệp thông minh",
            "truy xuất nguồn gốc",
        ),
        "methods": (
            "học máy",
            "Internet vạn vật (IoT)",
            "xử lý ngôn ngữ tự nhiên tiếng Việt",
            "điện toán đám mây",
            "chuỗi khối",
        ),
        "factors": ("hạ tầng mạng", "an toàn thông tin", "kỹ năng số", "chi phí đầu tư"),
    },
    "ky-thuat-cong-nghe": {
        "name": "Kỹ thuật – Công nghệ",
        "objects": (
            "máy sấy lúa",
            "năng lượng mặt trời",
            "cống ngăn mặn",
            "cầu nông thôn",
            "phụ phẩm trấu",
            "vật liệu xây dựng không nung",
        ),
        "methods": ("thiết kế tối ưu", "mô phỏng số", "chế tạo thử nghiệm", "đo lường tự động"),
        "factors": ("hiệu suất năng lượng", "độ bền vật liệu", "chi phí vận hành"),
    },
    "kinh-te-xa-hoi": {
        "name": "Kinh tế – Xã hội",
        "objects": (
            "hợp tác xã nông nghiệp",
            "chuỗi giá trị nông sản",
            "du lịch sinh thái",
            "lao động di cư",
            "hộ nghèo",
            "làng nghề truyền thống",
            "chợ nổi Cái Răng",
        ),
        "methods": (
            "phân tích chuỗi giá trị",
            "mô hình hồi quy",
            "điều tra hộ gia đình",
            "thảo luận nhóm",
        ),
        "factors": ("thu nhập", "khả năng tiếp cận tín dụng", "chính sách hỗ trợ", "thị trường"),
    },
    "giao-duc": {
        "name": "Giáo dục",
        "objects": (
            "học sinh dân tộc Khmer",
            "giáo dục nghề nghiệp",
            "đại học vùng",
            "thư viện trường học",
            "giáo viên tiểu học",
        ),
        "methods": ("đổi mới phương pháp dạy học", "khảo sát bằng bảng hỏi", "học tập kết hợp"),
        "factors": ("điều kiện học tập", "chất lượng đào tạo", "tỉ lệ bỏ học"),
    },
}

TITLE_TEMPLATES = (
    "Nghiên cứu {method} đối với {object} tại {place}",
    "Đánh giá ảnh hưởng của {factor} đến {object} ở {province}",
    "Ứng dụng {method} trong sản xuất {object} tại tỉnh {province}",
    "Giải pháp nâng cao hiệu quả {object} trong điều kiện {factor}",
    "Thực trạng và giải pháp phát triển {object} vùng Đồng bằng sông Cửu Long",
    "Xây dựng mô hình {method} cho {object} ở huyện {place}",
    "Khảo sát {factor} và đề xuất giải pháp cho {object} tại {province}",
    "Hoàn thiện quy trình {method} áp dụng cho {object}",
)

ENGLISH_TITLE_TEMPLATES = (
    "Effects of {factor_en} on production in {province_en}, Mekong Delta",
    "A study of {method_en} in the Mekong Delta: evidence from {province_en}",
)
ENGLISH_FACTORS = ("salinity intrusion", "climate change", "land subsidence", "drought")
ENGLISH_METHODS = ("remote sensing", "integrated pest management", "value chain analysis")

ACADEMIC_TITLES = ("", "", "ThS. ", "TS. ", "PGS.TS. ", "KS. ")

PUBLISHERS = (
    "Trường Đại học Cần Thơ",
    "Sở Khoa học và Công nghệ thành phố Cần Thơ",
    "Viện Lúa Đồng bằng sông Cửu Long",
    "Trường Đại học An Giang",
    "Viện Cây ăn quả miền Nam",
    "Trường Đại học Trà Vinh",
    "Nhà xuất bản Nông nghiệp",
)

SENTENCES = (
    "Kết quả nghiên cứu cho thấy {object} chịu tác động rõ rệt của {factor} "
    "trong giai đoạn {year}.",
    "Nhóm tác giả đã áp dụng {method} trên {n} hộ tại {place}, tỉnh {province}.",
    "Số liệu được thu thập từ năm {year} và phân tích bằng thống kê mô tả kết hợp kiểm định.",
    "Mô hình {method} giúp tăng năng suất {object} thêm {pct}% so với đối chứng.",
    "Trong điều kiện {factor}, người dân địa phương cần được tập huấn về khoa học và công nghệ.",
    "Đề tài góp phần xây dựng cơ sở dữ liệu khoa học cho vùng Đồng bằng sông Cửu Long.",
    "Các giải pháp đề xuất có thể nhân rộng ra các tỉnh lân cận như {province}.",
    "Thí nghiệm được bố trí hoàn toàn ngẫu nhiên với {n} lần lặp lại.",
    "Hiệu quả kinh tế đạt {pct} triệu đồng mỗi hecta mỗi vụ, cao hơn mô hình truyền thống.",
    "Phân tích cho thấy sự khác biệt có ý nghĩa thống kê ở mức 5% giữa các nghiệm thức.",
    "Việc chuyển giao công nghệ cho nông dân ở huyện {place} được đánh giá là khả thi.",
    "Bài viết tổng quan các công trình đã công bố về {object} trong và ngoài nước.",
    "Độ mặn đo được dao động từ {n} đến {pct} phần nghìn trong mùa khô.",
    "Nghiên cứu khuyến nghị tăng cường liên kết giữa nhà khoa học, doanh nghiệp và nông dân.",
)

RIGHTS = (
    "Bản quyền thuộc về tác giả và cơ quan chủ trì; được phép đọc và trích dẫn.",
    "CC BY 4.0",
    "Chỉ sử dụng cho mục đích nghiên cứu, học tập.",
)
