"""Public views of the library that are not pages: the full-text PDF."""

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

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
