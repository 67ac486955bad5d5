"""Public views of the library that are not pages: the full-text PDF."""

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from .models import Document


def document_pdf(request: HttpRequest, local_id: str) -> HttpResponse:
    document = get_object_or_404(Document, local_id=local_id)
    if document.is_tombstone:
        return HttpResponse("Tài liệu này đã bị rút hoặc xoá.", status=410)
    stored = document.files.order_by("id").first()
    if stored is None:
        raise Http404("Tài liệu không có tệp toàn văn.")
    try:
        handle = stored.file.open("rb")
    except FileNotFoundError as err:
        raise Http404("Tệp toàn văn không còn trên máy chủ.") from err
    return FileResponse(
        handle,
        content_type=stored.mime_type,
        filename=f"{document.local_id}.pdf",
        as_attachment=False,
    )


def document_page(request: HttpRequest, local_id: str) -> HttpResponse:
    from search.service import more_like_this

    document = get_object_or_404(Document.objects.select_related("source"), local_id=local_id)
    context = {
        "document": document,
        "dc": document.dublin_core(),
        "files": document.files.all(),
        "collections": document.collections.all(),
    }
    if document.is_tombstone:
        return render(request, "library/document_gone.html", context, status=410)
    context["related"] = more_like_this(document)
    return render(request, "library/document.html", context)
