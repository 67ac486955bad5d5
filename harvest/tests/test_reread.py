"""Stored files read again when reading improves (library.fulltext.READING_VERSION): what an
older reading left without text or garbled is read again from storage by `harvest --requeue`,
once per version, and search finds what the new reading found."""

from pathlib import Path

import pytest
from django.core.management import call_command

from harvest.models import HarvestSource
from harvest.tests.samples.make_pdfs import LEGACY_TEXT, SCANNED_PAGE
from library.files import store_bytes
from library.fulltext import READING_VERSION
from library.models import DocumentFile, DocumentText
from library.tests.factories import make_document, make_source

pytestmark = pytest.mark.django_db
SAMPLES = Path(__file__).parent / "samples"


def read_long_ago(sample: str, status: str, text: str) -> DocumentFile:
    """A harvested document whose file an older reading read (version 0, text unmeasured)."""
    source = make_source()
    HarvestSource.objects.create(source=source, base_url=f"https://{source.slug}.example/oai")
    document = make_document(source=source)
    stored = store_bytes((SAMPLES / sample).read_bytes())
    file = DocumentFile.objects.create(
        document=document,
        file=stored.name,
        size=stored.size,
        sha256=stored.sha256,
        status=status,
        extractor="pypdfium2",
    )
    DocumentText.objects.create(document=document, main_file=file, text=text, status=status)
    return file


def requeue() -> str:
    from io import StringIO

    out = StringIO()
    call_command("harvest", requeue=True, stdout=out)
    return out.getvalue()


def test_a_legacy_text_an_older_reading_stored_is_read_again_and_found(
    client, search_index, django_capture_on_commit_callbacks
):
    garbled = "Nghiªn cøu ¶nh h\u00adëng cña biÕn ®æi khÝ hËu"  # the TCVN3 file as first read
    file = read_long_ago("legacy_tcvn3.pdf", "ok", garbled)
    with django_capture_on_commit_callbacks(execute=True):  # the index follows the new text
        assert "1 tệp đã lưu được đọc lại" in requeue()
    text = DocumentText.objects.get(document=file.document)
    assert text.text.split()[:4] == LEGACY_TEXT.split()[:4]
    assert (text.encodings, text.extractor) == ("tcvn3", "pypdfium2")
    assert text.quality is not None and text.quality > 0.9
    file.refresh_from_db()
    assert file.read_version == READING_VERSION
    for q in ("biến đổi khí hậu", "bien doi khi hau"):
        hits = client.get("/api/search", {"q": q}).json()["hits"]
        assert [h["id"] for h in hits] == [file.document.local_id]
    assert "0 tệp đã lưu được đọc lại" in requeue()  # once per version


def test_a_scan_an_older_reading_left_without_text_is_recognised(tesseract, search_index):
    file = read_long_ago("scan_vietnamese_300dpi.pdf", "scanned", "")
    requeue()
    text = DocumentText.objects.get(document=file.document)
    assert (text.status, text.extractor) == ("ok", "tesseract")
    assert "biến đổi khí hậu" in text.text and "biến đổi khí hậu" in SCANNED_PAGE


def test_good_texts_and_current_readings_are_left_alone():
    good = read_long_ago("text_layer_vietnamese.pdf", "ok", "đã đọc")
    DocumentFile.objects.filter(pk=good.pk).update(quality=0.95)
    current = read_long_ago("legacy_vni.pdf", "scanned", "")
    DocumentFile.objects.filter(pk=current.pk).update(read_version=READING_VERSION)
    encrypted = read_long_ago("encrypted_user_password.pdf", "encrypted", "")
    assert "0 tệp đã lưu được đọc lại" in requeue()
    for file in (good, current, encrypted):
        assert DocumentText.objects.get(document=file.document).text in ("đã đọc", "")


def test_a_stored_file_gone_missing_is_recorded_once_not_retried_nightly(caplog):
    file = read_long_ago("legacy_vni.pdf", "scanned", "")
    file.file.storage.delete(str(file.file.name))
    requeue()
    file.refresh_from_db()
    assert (file.status, file.read_version) == ("failed", READING_VERSION)
    assert "unreadable" in caplog.text
    assert "0 tệp đã lưu được đọc lại" in requeue()
