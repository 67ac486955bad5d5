from django.conf import settings
from django.http import HttpResponse
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from portal import errors, sitemap
from portal.news.feeds import LatestNews, LatestNewsAtom


def robots(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /api/",
        f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("i18n/", include("django.conf.urls.i18n")),
    path("tin-tuc/rss.xml", LatestNews(), name="news-rss"),
    path("tin-tuc/atom.xml", LatestNewsAtom(), name="news-atom"),
    path("sitemap.xml", sitemap.index, name="sitemap"),
    path("sitemap/tai-lieu-<int:number>.xml", sitemap.documents, name="sitemap-documents"),
    path("sitemap/trang.xml", sitemap.pages, name="sitemap-pages"),
    path("sitemap/duyet.xml", sitemap.browse, name="sitemap-browse"),
    path("robots.txt", robots),
    path("", include("library.urls")),
    path("", include("portal.documents.urls")),
    path("", include("portal.browse.urls")),
    path("", include("portal.network.urls")),
    path("", include("portal.statistics.urls")),
    path("", include("portal.exchange.urls")),
    path("", include("search.urls")),
    re_path(r"^api/", errors.api_not_found),
]

# Under /api/ errors answer JSON; elsewhere Django's pages.
handler400 = errors.bad_request
handler403 = errors.permission_denied
handler404 = errors.page_not_found
handler500 = errors.server_error

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail serves every page not matched above; it stays last.
urlpatterns.append(path("", include(wagtail_urls)))
