"""Files read again when reading improves: a new extractor, conversion table or OCR raises
library.fulltext.READING_VERSION, and the stored files an older reading left without text, or
with a text too poor to trust (library.vietnamese.quality), are read again from the bytes the
portal keeps: nothing is fetched from the partner again.

`harvest --requeue` (nightly, after the harvest) queues them; `reread_files` reads a batch in the
extraction worker pool, which also repairs legacy encodings and measures the text
(harvest.fulltext.extract.read_pdf), records each file (record_reading) and owes the blank
pages of a file to OCR, as a first reading does. A file is read again once per version: a stored
file that cannot be opened is marked as read at the current version with its reason, so it is
not retried every night.
"""

import logging
from collections.abc import Iterator

from django.conf import settings
from django.db.models import Q, QuerySet
from django_tasks import task

from library.fulltext import READING_VERSION, record_extraction, record_reading
from library.models import DocumentFile, DocumentText
from library.queue import enqueue
from library.vietnamese.quality import LOW

from .fulltext.extract import read_pdf
from .fulltext.workers import Limits, extract_many
from .ocr_tasks import owe_pages, queue
from .tasks import BATCH

logger = logging.getLogger(__name__)

Status = DocumentText.Status
# What an older reading may have done better: no text, or text flagged or never measured.
# Encrypted files stay as they are: no reading opens them without the password.
WORTH_READING = (
    Q(status__in=[Status.SCANNED, Status.FAILED])
    | Q(status=Status.OK, quality__lt=LOW)
    | Q(status=Status.OK, quality__isnull=True)
)


def owed() -> QuerySet[DocumentFile]:
    """The stored files an older reading left worse than the current one may read them."""
    return DocumentFile.objects.filter(WORTH_READING, read_version__lt=READING_VERSION)


def enqueue_rereads() -> int:
    """Queue the files owed a new reading, BATCH to a task; how many."""
    ids = list(owed().order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), BATCH):
        enqueue(reread_files, ids[start : start + BATCH])
    return len(ids)


def _stored(files: list[DocumentFile]) -> Iterator[tuple[int, bytes]]:
    for file in files:
        try:
            with file.file.open("rb") as stored:
                data = stored.read()
        except OSError as err:
            logger.error("file %s of document %s unreadable: %s", file.pk, file.document_id, err)
            record_extraction(file, Status.FAILED, "", f"stored file unreadable: {err}", "", None)
            continue
        yield file.pk, data


@task()
def reread_files(file_ids: list[int]) -> int:
    """Read these files again from storage, where they are still owed a reading; how many."""
    files = {f.pk: f for f in owed().filter(pk__in=file_ids).select_related("document__source")}
    limits = Limits(memory_bytes=settings.HARVEST_EXTRACT_MEMORY)
    scans, read = [], 0
    stored = _stored(list(files.values()))
    for key, extraction in extract_many(stored, limits=limits, job=read_pdf):
        file = files[key]
        record_reading(
            file,
            extraction.status,
            extraction.text_read(),
            extraction.reason,
            extraction.extractor,
            extraction.pages,
        )
        ocr = owe_pages(file, extraction, None)
        if ocr is not None:
            scans.append(ocr.pk)
        read += 1
    for ocr_id in scans:
        queue(ocr_id)
    return read
