"""Demo technology exchange: about 30 organisations (research institutes, universities, the 13
provinces' application centres, businesses), their offers, a showroom of some of them, and
businesses' requests; deterministic from the seed, published under /cong-nghe/."""

import random
from datetime import date, timedelta

from django.db import transaction
from django.utils.text import slugify
from wagtail.models import Page

from library.demo.vocabulary import PROVINCES
from library.models import Document
from portal.home.models import HomePage
from portal.news.demo import lead_image

from . import demo_words as w
from .choices import OrganisationType, Readiness, TransferMode
from .models import (
    OfferDocument,
    OrganisationPage,
    ShowroomItem,
    ShowroomPage,
    TechnologyIndexPage,
    TechnologyOfferPage,
    TechnologyRequestPage,
)

SHOWN = 24  # offers in the demo showroom
PICTURED = 30  # offers with images (the first ones): pictures take a while to make


def exchange_index() -> TechnologyIndexPage | None:
    """/cong-nghe/ (made by a migration; again here after a test flushed the database)."""
    home = HomePage.objects.first()
    if home is None:
        return None
    index = TechnologyIndexPage.objects.child_of(home).first()
    if index is None:
        index = home.add_child(
            instance=TechnologyIndexPage(title="Sàn giao dịch công nghệ", slug="cong-nghe")
        )
        index.save_revision().publish()
    return index


def publish(parent: Page, page: Page) -> Page:
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def organisations(index: TechnologyIndexPage) -> list[OrganisationPage]:
    found = list(OrganisationPage.objects.child_of(index).order_by("pk"))
    if found:
        return found
    suppliers = list(w.ORGANISATIONS) + [
        (w.CENTRE.format(province=p), OrganisationType.CENTRE, p) for _s, p, _l in PROVINCES
    ]
    for number, (name, kind, province) in enumerate(suppliers):
        slug = f"{slugify(name.replace('đ', 'd').replace('Đ', 'D'))}-{number}"[:80]
        page = OrganisationPage(
            title=name,
            slug=slug,
            organisation_type=kind,
            province=province,
            email=f"lienhe{number}@example.vn",
            description=f"{name} nghiên cứu, ứng dụng và chuyển giao công nghệ tại {province}.",
        )
        found.append(publish(index, page))
    return found


# In one transaction each: what the pages owe the index is then one task a kind at the commit,
# not one index commit per page (search.signals).
@transaction.atomic
def seed_offers(count: int, seed: int) -> int:
    index = exchange_index()
    if index is None or count <= 0:
        return 0
    rng = random.Random(seed)
    suppliers = organisations(index)
    documents = list(Document.objects.active().order_by("pk").values_list("pk", flat=True)[:500])
    offers = []
    for number in range(count):
        name, field, does = w.TECHNOLOGIES[number % len(w.TECHNOLOGIES)]
        variant = w.VARIANTS[(number // len(w.TECHNOLOGIES)) % len(w.VARIANTS)]
        supplier = rng.choice(suppliers)
        negotiable = rng.random() < 0.4
        offer = TechnologyOfferPage(
            title=f"{name}{variant}",
            slug=f"cong-nghe-{number + 1}",
            summary=f"{name}{variant}: {does}.",
            description=f"<p>{supplier.title} chuyển giao {name.lower()}{variant}: {does}. "
            "Hỗ trợ lắp đặt, tập huấn kỹ thuật và bảo hành.</p>",
            field=field,
            readiness=rng.choice(Readiness.values[4:]),
            transfer_mode=rng.choice(TransferMode.values),
            price=None if negotiable else rng.randrange(20, 2000) * 1_000_000,
            negotiable=negotiable,
            organisation=supplier,
            province=supplier.province,
            contact_email=supplier.email,
        )
        if number < PICTURED:
            offer.images = [("image", lead_image(rng, offer.title))]
        if documents:
            offer.library_documents = [OfferDocument(document_id=rng.choice(documents))]
        offers.append(publish(index, offer))
    showroom = ShowroomPage(
        title="Triển lãm công nghệ",
        slug="trien-lam",
        intro="<p>Các sản phẩm, công nghệ và quy trình sẵn sàng chuyển giao, cùng các trung tâm "
        "ứng dụng của 20 tỉnh, thành phía Nam.</p>",
    )
    showroom.items = [
        ShowroomItem(offer=offer, code=f"TL-{number + 1:03d}", sort_order=number)
        for number, offer in enumerate(rng.sample(offers, min(SHOWN, len(offers))))
    ]
    publish(index, showroom)
    return count


@transaction.atomic
def seed_requests(count: int, seed: int) -> int:
    index = exchange_index()
    if index is None or count <= 0:
        return 0
    rng = random.Random(seed + 1)
    for number in range(count):
        need, field = w.NEEDS[number % len(w.NEEDS)]
        _slug, province, _library = rng.choice(PROVINCES)
        low = rng.randrange(50, 500) * 1_000_000
        publish(
            index,
            TechnologyRequestPage(
                title=need,
                slug=f"nhu-cau-{number + 1}",
                business=rng.choice(w.BUSINESSES).format(province=province),
                summary=f"{need} tại {province}; ưu tiên công nghệ đã ứng dụng thực tế.",
                field=field,
                province=province,
                budget_min=low,
                budget_max=low * 2,
                deadline=date(2027, 6, 30) - timedelta(days=number * 5),
                contact_email=f"nhucau{number + 1}@example.vn",
            ),
        )
    return count
