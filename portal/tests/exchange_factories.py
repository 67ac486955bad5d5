"""Exchange pages for the tests, published under /cong-nghe/ (which a migration made)."""

from portal.exchange.choices import Field, OrganisationType, TransferMode
from portal.exchange.demo import exchange_index, publish
from portal.exchange.models import OrganisationPage, TechnologyOfferPage, TechnologyRequestPage


def organisation(title: str = "Viện Lúa Đồng bằng sông Cửu Long", **fields) -> OrganisationPage:
    defaults = {"organisation_type": OrganisationType.INSTITUTE, "province": "Cần Thơ"}
    return publish(exchange_index(), OrganisationPage(title=title, **{**defaults, **fields}))


def offer(title: str, summary: str = "", **fields) -> TechnologyOfferPage:
    defaults = {
        "field": Field.ENERGY,
        "province": "Cần Thơ",
        "readiness": 7,
        "transfer_mode": TransferMode.TRANSFER,
        "contact_email": "ben-ban@example.vn",
    }
    page = TechnologyOfferPage(title=title, summary=summary or title, **{**defaults, **fields})
    return publish(exchange_index(), page)


def request(title: str, summary: str = "", **fields) -> TechnologyRequestPage:
    defaults = {"field": Field.ENERGY, "province": "Sóc Trăng", "business": "Công ty TNHH Trái cây"}
    page = TechnologyRequestPage(title=title, summary=summary or title, **{**defaults, **fields})
    return publish(exchange_index(), page)
