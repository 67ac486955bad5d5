"""/search/ (HTML) and /api/search (JSON): the same parameters, the same service call."""

from pathlib import Path

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from . import service

OPENAPI = Path(__file__).parent / "openapi.json"


def _run(request: HttpRequest) -> service.Results:
    params = request.GET
    selected = {name: params.getlist(name) for name in service.FILTER_PARAMS}
    return service.search(
        params.get("q", "")[: 4 * service.query.MAX_LENGTH],
        selected,
        params.get("sort", "relevance"),
        service.clamp_int(params.get("page"), 1, 1, 100_000),
        service.clamp_int(params.get("size"), 10, 1, service.MAX_SIZE),
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
                    "title": h.title_html,
                    "url": request.build_absolute_uri(h.url),
                    "snippet": h.snippet_html,
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
        },
        json_dumps_params={"ensure_ascii": False},
    )


def openapi(request: HttpRequest) -> HttpResponse:
    return HttpResponse(OPENAPI.read_text(encoding="utf-8"), content_type="application/json")


def search_page(request: HttpRequest) -> HttpResponse:
    results = _run(request)
    others = service.search_others(results.q) if results.page == 1 else []
    context = {"results": results, "others": others, "params": request.GET}
    return render(request, "search/search.html", context)
