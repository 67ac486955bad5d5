"""The site's error answers: JSON under /api/, as the API answers everything, and Django's own
pages elsewhere. Wired in as handler400/403/404/500 in portal.urls, and as a middleware for a
search engine that does not answer (503)."""

import logging
from collections.abc import Callable

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views import defaults

from search.engines.base import EngineUnavailable

API = "/api/"
RETRY_AFTER = 60  # seconds: a node restarts, or another takes over, within a minute or two
logger = logging.getLogger(__name__)


def _api_error(request: HttpRequest, status: int, message: str) -> HttpResponse | None:
    if not request.path.startswith(API):
        return None
    return JsonResponse(
        {"error": message}, status=status, json_dumps_params={"ensure_ascii": False}
    )


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    answer = _api_error(request, 400, _("Yêu cầu không hợp lệ."))
    return answer or defaults.bad_request(request, exception)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    answer = _api_error(request, 403, _("Không được phép truy cập."))
    return answer or defaults.permission_denied(request, exception)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    answer = _api_error(request, 404, _("Không tìm thấy địa chỉ này."))
    return answer or defaults.page_not_found(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    answer = _api_error(request, 500, _("Lỗi máy chủ; xin thử lại sau."))
    return answer or defaults.server_error(request)


def api_not_found(request: HttpRequest) -> HttpResponse:
    """Any other address under /api/: a 404 here, not Wagtail's page tree, whose added trailing
    slash would redirect an API client to an HTML page."""
    raise Http404


class EngineUnavailableMiddleware:
    """A search engine that does not answer (every Elasticsearch node down) makes any page
    that searches answer 503 with a message and Retry-After, JSON under /api/, and the outage
    logged for the admin: not a 500, as if the site were broken."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, EngineUnavailable):
            return None
        logger.error("search engine unavailable (%s): %s", request.path, exception)
        message = _("Tìm kiếm tạm thời không hoạt động; xin thử lại sau ít phút.")
        answer = _api_error(request, 503, message)
        if answer is None:
            answer = render(request, "unavailable.html", {"message": message}, status=503)
        answer["Retry-After"] = str(RETRY_AFTER)
        return answer
