"""/search/ (HTML), /api/search (JSON) and the result list's exports: the same parameters, the
same service; and /api/suggest, what the search box suggests as the reader types."""

from dataclasses import asdict
from pathlib import Path

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import render

from . import export, params, service, suggest
from .alert_views import alert_form_html

OPENAPI = Path(__file__).parent / "openapi.json"
SUGGEST_MAX_AGE = 300  # seconds a browser or proxy may reuse suggestions: the library changes daily


def _page(request: HttpRequest) -> int:
    return service.clamp_int(request.GET.get("page"), 1, 1, 100_000)


def _run(request: HttpRequest) -> service.Results:
    q, selected, sort = params.asked(request.GET)
    return service.search(
        q,
        selected,
        sort,
        _page(request),
        service.clamp_int(request.GET.get("size"), 10, 1, service.MAX_SIZE),
    )


def api_search(request: HttpRequest) -> JsonResponse:
    results = _run(request)
    return JsonResponse(
        {
            "total": results.total,
            "page": results.page,
            "size": results.size,
            "sort": results.sort,
            "notices": results.notices,
            "suggestion": results.suggestion or None,
            "hits": [
                {
                    "id": h.id,
                    "title": h.title.text,
                    "title_html": h.title.html,
                    "url": request.build_absolute_uri(h.url),
                    "snippet": h.snippet.text,
                    "snippet_html": h.snippet.html,
                    "authors": h.authors,
                    "year": h.year,
                    "source": h.source,
                    "type": h.doc_type,
                    "pdf_url": request.build_absolute_uri(h.pdf_url) if h.pdf_url else None,
                }
                for h in results.hits
            ],
            "facets": {
                f.name: [{"value": v.value, "label": v.label, "count": v.count} for v in f.values]
                for f in results.facets
            },
            "facets_estimated": results.facets_estimated,
        },
        json_dumps_params={"ensure_ascii": False},
    )


def api_suggest(request: HttpRequest) -> JsonResponse:
    found = suggest.suggest(request.GET.get("q", ""))
    response = JsonResponse(
        {"suggestions": [asdict(f) for f in found]}, json_dumps_params={"ensure_ascii": False}
    )
    response["Cache-Control"] = f"public, max-age={SUGGEST_MAX_AGE}"
    return response


def openapi(request: HttpRequest) -> HttpResponse:
    return HttpResponse(OPENAPI.read_text(encoding="utf-8"), content_type="application/json")


def search_page(request: HttpRequest) -> HttpResponse:
    q, _, _ = params.asked(request.GET)
    others = service.others_later(q) if _page(request) == 1 else list
    results = _run(request)
    followed = params.query_string(results.q, results.selected)  # the feeds' and alerts' own sort
    context = {
        "results": results,
        "others": others(),
        "params": request.GET,
        "asked": params.query_string(results.q, results.selected, results.sort),
        "followed": followed,
        "alert_form": alert_form_html(followed),
    }
    return render(request, "search/search.html", context)


def export_results(request: HttpRequest, style: str) -> StreamingHttpResponse:
    """The page's first export.MAX_HITS documents, in its order, as a file to download."""
    if style not in export.FORMATS:
        raise Http404("Chỉ có RIS (.ris), BibTeX (.bib) và CSV (.csv).")
    q, selected, sort = params.asked(request.GET)
    _, pks = service.document_ids(q, selected, sort, export.MAX_HITS)
    write, content_type = export.FORMATS[style]
    cited = export.citations(pks, request.build_absolute_uri)
    response = StreamingHttpResponse(write(cited), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="tim-kiem.{style}"'
    return response
