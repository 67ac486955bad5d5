"""What a partner library harvests is found on the site: records and their PDFs' words on
/search/, deletions at the source gone from it, and the database queue's workers index too."""

import pytest
from django.test import override_settings

from harvest.models import HarvestSource
from harvest.testing.fixtures import harvest
from harvest.tests.samples.make_pdfs import HERE as SAMPLES
from harvest.tests.test_queue import QUEUE, work
from library.demo.pdf import render_pdf
from search.engines import get_engine

# Committed for real, as in production: each PDF batch's texts are indexed when its transaction
# commits (search.signals), and the run's records by the task it queues.
pytestmark = pytest.mark.django_db(transaction=True)


def first_links_a_pdf(provider, source, data: bytes) -> None:
    """The provider's first record links a PDF of `data`, and the source harvests full text."""
    fake, running = provider
    fake.pdfs = {"/pdf/1.pdf": data}
    fake.items[0].pdf = f"{running.root}/pdf/1.pdf"
    HarvestSource.objects.filter(pk=source.pk).update(fulltext=True)


def found(client, q: str) -> int:
    return client.get("/api/search", {"q": q}).json()["total"]


def test_harvested_records_and_pdfs_are_found_and_deletions_leave(client, provider, source):
    fake, _ = provider
    data, _ = render_pdf("Tôm sú Cà Mau", ["Lê Văn A"], "Nuôi tôm sú ở Cà Mau. " * 50)
    first_links_a_pdf(provider, source, data)
    harvest(source)
    assert found(client, '"số 3 về"') == 1
    assert found(client, "tom su ca mau") == 1  # words only the PDF has
    fake.items[2].deleted = True
    harvest(source, full=True)
    assert found(client, '"số 3 về"') == 0


def test_a_run_indexes_its_records_first_and_each_text_once(monkeypatch, provider, source):
    # The run's records are indexed before its PDFs are fetched, and each text by the batch
    # that stored it; the run's catch-up once came after the batches and indexed every text
    # again (issue #17: 13 s of a 104 s harvest).
    fake, _ = provider
    data, _ = render_pdf("Cá tra An Giang", ["Phạm Văn C"], "Nuôi cá tra ở An Giang. " * 40)
    first_links_a_pdf(provider, source, data)
    engine = type(get_engine())
    upsert = engine.upsert
    written: list[list[bool]] = []

    def recording(self, records):
        records = list(records)
        written.append(["nuoi ca tra" in str(r.get("body_f", "")) for r in records])
        upsert(self, records)

    monkeypatch.setattr(engine, "upsert", recording)
    harvest(source)
    assert len(written[0]) == len(fake.items) and not any(written[0])  # the records, no text
    assert sum(map(sum, written)) == 1  # the text, once


@override_settings(TASKS=QUEUE)
def test_the_queue_workers_index_what_they_extract(client, provider, source):
    data, _ = render_pdf("Lúa mùa Sóc Trăng", ["Trần Thị B"], "Giống lúa mùa ở Sóc Trăng. " * 40)
    first_links_a_pdf(provider, source, data)
    harvest(source)
    assert found(client, "giong lua mua soc trang") == 0  # only queued so far
    work()
    assert found(client, "giong lua mua soc trang") == 1


def test_a_scanned_pdf_is_found_by_its_recognised_words_with_or_without_marks(
    client, provider, source, tesseract
):
    first_links_a_pdf(provider, source, (SAMPLES / "scan_vietnamese_300dpi.pdf").read_bytes())
    harvest(source)
    assert found(client, "giống chịu mặn") == 1  # words only the scan has, read by OCR
    assert found(client, "giong chiu man") == 1  # typed without diacritics


@pytest.mark.parametrize("sample", ["legacy_tcvn3", "legacy_vni", "legacy_viqr", "legacy_mixed"])
def test_a_pdf_typed_in_a_legacy_encoding_is_found_by_its_words_with_or_without_marks(
    client, provider, source, sample
):
    first_links_a_pdf(provider, source, (SAMPLES / f"{sample}.pdf").read_bytes())
    harvest(source)
    assert found(client, '"trồng dừa và khoai mỡ"') == 1  # words only the converted text has
    assert found(client, "khoai mo uom giong") == 1  # typed without diacritics
