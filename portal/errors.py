"""The site's error answers: JSON under /api/, as the API answers everything, and Django's own
pages elsewhere. Wired in as handler400/403/404/500 in portal.urls."""

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults

API = "/api/"


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
