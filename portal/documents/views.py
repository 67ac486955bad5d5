"""A document's page, its full-text PDF and its citations: the library as the site shows it."""

import re
from typing import Literal
from urllib.parse import quote, urlencode

from django.conf import settings
from django.db.models import Sum
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from harvest.models import HarvestSource
from library import citation
from library.models import Document, DocumentUsage
from portal.usage import counter
from search.related import more_like_this

RANGE = re.compile(r"bytes=([0-9]*)-([0-9]*)")  # ASCII digits: \d would take "٣" and "３"


def document_pdf(request: HttpRequest, local_id: str) -> HttpResponseBase:
    """The full-text PDF, inline, with single byte-range requests (206) for PDF viewers."""
    document = get_object_or_404(Document, local_id=local_id)
    if document.is_tombstone:
        return HttpResponse("Tài liệu này đã bị rút hoặc xoá.", status=410)
    stored = document.files.order_by("id").first()
    if stored is None:
        raise Http404("Tài liệu không có tệp toàn văn.")
    counter.count(request, document.pk, "downloads")  # a PDF viewer's ranges: a double click
    disposition = f'inline; filename="{document.local_id}.pdf"'
    if settings.PDF_X_ACCEL_REDIRECT:
        # nginx sends the file (ranges included) from an internal location
        response: HttpResponseBase = HttpResponse(content_type=stored.mime_type)
        response["X-Accel-Redirect"] = quote(settings.MEDIA_URL + stored.file.name)
        response["Content-Disposition"] = disposition
        return response
    try:
        handle = stored.file.open("rb")
    except FileNotFoundError as err:
        raise Http404("Tệp toàn văn không còn trên máy chủ.") from err
    size = stored.file.size
    wanted = byte_range(request.headers.get("Range", ""), size)
    if wanted is None:
        response = FileResponse(handle, content_type=stored.mime_type)
    elif wanted == "unsatisfiable":
        handle.close()
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
        return response
    else:
        start, end = wanted
        handle.seek(start)
        response = HttpResponse(
            handle.read(end - start + 1), status=206, content_type=stored.mime_type
        )
        handle.close()
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
    response["Accept-Ranges"] = "bytes"
    response["Content-Disposition"] = disposition
    return response


def byte_range(header: str, size: int) -> tuple[int, int] | Literal["unsatisfiable"] | None:
    """(start, end) of a single "bytes=" range, "unsatisfiable", or None for the whole file."""
    match = RANGE.fullmatch(header.strip())
    if not match or (not match.group(1) and not match.group(2)):
        return None
    first, last = match.group(1), match.group(2)
    if first:
        start, end = _number(first, size), min(_number(last, size), size - 1) if last else size - 1
    else:  # the last N bytes
        start, end = max(0, size - _number(last, size)), size - 1
    return "unsatisfiable" if start > end or start >= size else (start, end)


def _number(digits: str, cap: int) -> int:
    """The value of ASCII digits, or `cap` if larger: int() refuses over 4,300 digits."""
    digits = digits.lstrip("0") or "0"
    return cap if len(digits) > len(str(cap)) else min(int(digits), cap)


def citation_of(request: HttpRequest, document: Document) -> citation.Citation:
    has_pdf = document.files.exists()
    return citation.Citation.of(
        document,
        request.build_absolute_uri(reverse("documents:page", args=[document.local_id])),
        request.build_absolute_uri(reverse("documents:pdf", args=[document.local_id]))
        if has_pdf
        else "",
    )


def document_page(request: HttpRequest, local_id: str) -> HttpResponse:
    document = get_object_or_404(Document.objects.select_related("source"), local_id=local_id)
    cited = citation_of(request, document)
    context = {
        "document": document,
        "dc": document.dublin_core(),
        "files": document.files.all(),
        "collections": document.collections.all(),
        "citation": cited,
        "source_record": source_record_url(document),
    }
    if document.is_tombstone:
        return render(request, "documents/document_gone.html", context, status=410)
    context["highwire"] = citation.highwire(cited)
    context["related"] = more_like_this(document)
    context["usage"] = DocumentUsage.objects.filter(document=document).aggregate(
        views=Sum("views", default=0), downloads=Sum("downloads", default=0)
    )
    counter.count(request, document.pk, "views")
    return render(request, "documents/document.html", context)


def source_record_url(document: Document) -> str:
    """The record as its source library serves it (GetRecord), for harvested documents."""
    if document.source_id is None or not document.origin_identifier:
        return ""
    harvest = HarvestSource.objects.filter(source_id=document.source_id).first()
    if harvest is None:
        return ""
    prefix, identifier = harvest.metadata_prefix, document.origin_identifier
    query = urlencode({"verb": "GetRecord", "metadataPrefix": prefix, "identifier": identifier})
    return f"{harvest.base_url}?{query}"


def document_citation(request: HttpRequest, local_id: str, style: str) -> HttpResponse:
    if style not in ("bib", "ris"):
        raise Http404("Chỉ có BibTeX (.bib) và RIS (.ris).")
    document = get_object_or_404(Document, local_id=local_id)
    cited = citation_of(request, document)
    if style == "bib":
        response = HttpResponse(citation.bibtex(cited), content_type="application/x-bibtex")
    else:
        response = HttpResponse(
            citation.ris(cited), content_type="application/x-research-info-systems"
        )
    response["Content-Disposition"] = f'attachment; filename="{document.local_id}.{style}"'
    return response
