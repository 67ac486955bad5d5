"""Security headers the site's own pages pass: a Content-Security-Policy with no inline script
or style for the public pages, a looser one for Wagtail's admin (which still needs inline
styles and scripts in places), and a Permissions-Policy that turns off what the portal never
uses. SecurityMiddleware sets the rest (nosniff, HSTS, referrer policy)."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

PUBLIC_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "frame-src https:",  # news embeds (video, maps) chosen by editors
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'self'",
    ]
)
ADMIN_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self' 'unsafe-inline' 'unsafe-eval'",  # Wagtail's editors and Draftail
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob: https:",  # embed previews, avatars
        "font-src 'self' data:",
        "connect-src 'self'",
        "frame-src 'self' https:",  # the preview panel and embeds
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'self'",
    ]
)
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"
)


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        admin = request.path.startswith("/admin/")
        response.headers.setdefault(
            "Content-Security-Policy", ADMIN_POLICY if admin else PUBLIC_POLICY
        )
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response
