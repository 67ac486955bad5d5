"""A document's text from its files. A record may have several PDFs: the main text (the file
with the lowest position that reads) is the document's DocumentText, what search shows
passages from; every other file keeps its own text on its DocumentFile, searchable too. Each
text is stored once, wherever the files' results arrive from and in whatever order.

Every text is stored as read (library.vietnamese.reading), whatever read it (a text layer, OCR):
text typed in a legacy Vietnamese encoding (TCVN3, VNI, VIQR) is converted to Unicode, and its
quality (library.vietnamese.quality) is stored, so a garbled text is flagged in the admin and
read again once the reading improves (READING_VERSION). The harvest's extraction workers read
their texts themselves (record_reading); other callers give the text (record_extraction)."""

from django.db import transaction

from .models import Document, DocumentFile, DocumentText
from .vietnamese.reading import Reading, read

OK = DocumentText.Status.OK
# Raise it when reading improves (an extractor, a conversion table, OCR): files read by an
# older version whose text is missing or flagged are read again (`harvest --reread`).
READING_VERSION = 1
# What a file's reading tells its document's text when the file becomes the main one.
READING = ("extractor", "encodings", "converted", "quality")


def record_extraction(
    file: DocumentFile, status: str, text: str, reason: str, extractor: str, pages: int | None
) -> None:
    """How reading `file` went; the document's text follows."""
    record_reading(file, status, read(text), reason, extractor, pages)


@transaction.atomic
def record_reading(
    file: DocumentFile,
    status: str,
    reading: Reading,
    reason: str,
    extractor: str,
    pages: int | None,
) -> None:
    """record_extraction, of a text already read."""
    file.status, file.text, file.extractor = status, reading.text, extractor
    file.page_count = pages
    file.encodings, file.converted = ",".join(reading.encodings), reading.converted
    file.quality = reading.quality
    file.read_version = READING_VERSION
    # the text itself is written once, where it belongs: on the file or the document's text
    file.save(update_fields=["status", "page_count", "read_version", *READING])
    consolidate(file.document, reason, just_read=file)


def consolidate(
    document: Document, reason: str = "", just_read: DocumentFile | None = None
) -> None:
    """Make the first file that reads the document's main text, moving texts between the
    files and DocumentText as the main one changes; with no file that reads, the document's
    text says why (the last file's status and `reason`). `just_read` is a file whose text is
    not stored yet."""
    texts, _ = DocumentText.objects.select_for_update().get_or_create(document=document)
    if texts.main_file_id is None and texts.status == OK and texts.text:
        # a text from no file of ours (typed in, or from before): it stays the main one
        if just_read is not None:
            just_read.save(update_fields=["text"])
        return
    files = list(document.files.order_by("position", "id"))
    changed: set[int] = set()
    if just_read is not None:
        files = [just_read if f.pk == just_read.pk else f for f in files]
        changed.add(just_read.pk)
    for file in files:  # the current main's text goes back to its file for a moment
        if file.pk == texts.main_file_id and file.pk not in changed and not file.text:
            file.text = texts.text
            changed.add(file.pk)
    main = next((f for f in files if f.status == OK), None)
    if main is not None:
        texts.text, texts.status, texts.reason = main.text, OK, ""
        for field in READING:
            setattr(texts, field, getattr(main, field))
        main.text = ""
        changed.add(main.pk)
    elif files:
        last = just_read or files[-1]
        texts.text, texts.status, texts.reason = "", last.status, reason[:500]
        for field in READING:
            setattr(texts, field, getattr(last, field))
    texts.main_file = main
    texts.save()
    for file in files:
        if file.pk in changed:
            file.save(update_fields=["text"])


def attachment_texts(document_ids: list[int]) -> dict[int, str]:
    """The texts of the documents' other files (not the main one), joined, for the index."""
    joined: dict[int, list[str]] = {}
    rows = (
        DocumentFile.objects.filter(document_id__in=document_ids)
        .exclude(text="")
        .order_by("position", "id")
        .values_list("document_id", "text")
    )
    for document_id, text in rows:
        joined.setdefault(document_id, []).append(text)
    return {pk: "\n\n".join(parts) for pk, parts in joined.items()}


def no_fulltext(document_ids: list[int], reason: str) -> None:
    """These documents have no full text to read, and why: a state, not a wait."""
    DocumentText.objects.filter(document_id__in=document_ids).exclude(status=OK).update(
        status=DocumentText.Status.NONE, reason=reason[:500], text=""
    )
