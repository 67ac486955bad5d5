"""/sitemap.xml: an index of sections of at most 50,000 addresses each (the sitemaps.org limit):
every active document by ranges of primary keys, the Wagtail pages (the news) and the browse
pages (with the member libraries' pages and the statistics). Addresses are absolute on the host
the request came to, which Django has checked against ALLOWED_HOSTS: Wagtail's own sitemap wrote
its Site's hostname, "http://localhost/", wherever it was served. Sections are written as they
are read, a few thousand rows a query, so a section of 50,000 documents never sits in memory
whole. The index's sections and their newest datestamps (a pass over every document: half a
second at 229,000) are kept with the library's figures (portal.cached), computed again when a
harvest run changes the library and each night; a section's newest datestamp is also its
Last-Modified (a document entered by hand shows in both after the night's refresh)."""

from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from itertools import islice
from urllib.parse import quote, urlsplit
from xml.sax.saxutils import escape

from django.db.models import Count, ExpressionWrapper, F, IntegerField, Max, Q
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.urls import reverse
from django.views.decorators.http import condition
from wagtail.contrib.sitemaps import Sitemap as WagtailSitemap

from library.models import Document, Source
from portal.browse.views import page_addresses
from portal.cached import cached

SECTION_SIZE = 50_000  # addresses in one section file, the protocol's most
CHUNK = 5_000  # document rows read a query at a time
SECTIONS = "sitemap:sections"  # the figure (portal.cached) the index's sections are kept as
MAX_SECTION = 2**31 // SECTION_SIZE  # past any primary key: larger numbers are 404, not overflow
PLACEHOLDER = "__local_id__"
XML = "application/xml; charset=utf-8"
HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n'
NS = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'


def w3c(moment: datetime) -> str:
    """A datestamp in UTC as the protocol's W3C datetime."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def entry(tag: str, location: str, lastmod: datetime | None) -> str:
    stamp = f"<lastmod>{w3c(lastmod)}</lastmod>" if lastmod else ""
    return f"<{tag}><loc>{escape(location)}</loc>{stamp}</{tag}>\n"


def document_sections() -> list[tuple[int, datetime]]:
    """(number, newest datestamp) of each section that lists documents: section n holds the
    active documents whose ids are in ((n - 1) × SECTION_SIZE, n × SECTION_SIZE]. The newest
    datestamp is of every document in that range, withdrawn and deleted ones too (each moves
    its datestamp): a document that left a section has changed it."""
    number = ExpressionWrapper((F("id") - 1) / SECTION_SIZE + 1, output_field=IntegerField())
    grouped = (
        Document.objects.annotate(section=number)
        .values("section")
        .annotate(
            newest=Max("datestamp"),
            active=Count("pk", filter=Q(status=Document.Status.ACTIVE)),
        )
        .order_by("section")
    )
    return [(row["section"], row["newest"]) for row in grouped if row["active"]]


def documents_in(number: int) -> Iterator[tuple[str, datetime]]:
    """(local id, datestamp) of the section's active documents, in id order, CHUNK at a time:
    keyset pages, so the last query costs what the first does (an OFFSET would not)."""
    last, high = (number - 1) * SECTION_SIZE, number * SECTION_SIZE
    active = Document.objects.active_by_id().order_by("id")
    while True:
        rows = list(
            active.filter(id__gt=last, id__lte=high).values_list("id", "local_id", "datestamp")[
                :CHUNK
            ]
        )
        if not rows:
            return
        last = rows[-1][0]
        yield from ((local_id, datestamp) for _, local_id, datestamp in rows)


def wagtail_pages(request: HttpRequest) -> list[tuple[str, datetime | None]]:
    """(address, last published) of the live public Wagtail pages, moved to the request's host."""
    found = []
    for page in WagtailSitemap(request).items():
        for url in page.get_sitemap_urls(request):
            path = urlsplit(url["location"])._replace(scheme="", netloc="").geturl()
            found.append((request.build_absolute_uri(path), url.get("lastmod")))
    return found


def urlset(entries: Iterable[tuple[str, datetime | None]]) -> Iterator[str]:
    """The entries' XML, CHUNK of them a piece: one piece an address cost a section 50,000
    passes through the response's encoding and 50,000 writes to the socket."""
    yield f"{HEAD}<urlset {NS}>\n"
    rows = iter(entries)
    while piece := "".join(
        entry("url", location, lastmod) for location, lastmod in islice(rows, CHUNK)
    ):
        yield piece
    yield "</urlset>\n"


def index(request: HttpRequest) -> HttpResponse:
    def section(name: str, lastmod: datetime | None) -> str:
        return entry("sitemap", request.build_absolute_uri(name), lastmod)

    pages = wagtail_pages(request)
    newest_page = max((m for _, m in pages if m), default=None)
    lines = [f"{HEAD}<sitemapindex {NS}>\n"]
    lines += [
        section(reverse("sitemap-documents", args=[n]), newest) for n, newest in stored_sections()
    ]
    lines += [
        section(reverse("sitemap-pages"), newest_page),
        section(reverse("sitemap-browse"), None),
    ]
    lines.append("</sitemapindex>\n")
    return HttpResponse("".join(lines), content_type=XML)


def stored_sections() -> list[tuple[int, datetime]]:
    return cached(SECTIONS, document_sections)


def section_modified(request: HttpRequest, number: int) -> datetime | None:
    """The section's newest datestamp as the index lists it: its Last-Modified, so that a
    crawler asking If-Modified-Since is answered 304 without the section being written. Read
    once a request: its ETag asks too."""
    if not hasattr(request, "sitemap_sections"):
        request.sitemap_sections = dict(stored_sections())  # type: ignore[attr-defined]
    return request.sitemap_sections.get(number)  # type: ignore[attr-defined]


def section_etag(request: HttpRequest, number: int) -> str | None:
    """The same to the microsecond (an HTTP date has whole seconds: a change within the second
    of the last would not show), for a crawler asking If-None-Match."""
    newest = section_modified(request, number)
    return f"{number}-{newest.timestamp():.6f}" if newest else None


@condition(etag_func=section_etag, last_modified_func=section_modified)
def documents(request: HttpRequest, number: int) -> StreamingHttpResponse:
    if number > MAX_SECTION:
        raise Http404
    low, high = (number - 1) * SECTION_SIZE, number * SECTION_SIZE
    if not Document.objects.active_by_id().filter(id__gt=low, id__lte=high).exists():
        raise Http404
    # One reverse() for the section, not one a row: the address around the local id.
    root = request.build_absolute_uri("/").rstrip("/")
    before, after = reverse("documents:page", args=[PLACEHOLDER]).split(PLACEHOLDER)
    located = (
        (f"{root}{before}{quote(local_id)}{after}", datestamp)
        for local_id, datestamp in documents_in(number)
    )
    return StreamingHttpResponse(urlset(located), content_type=XML)


def pages(request: HttpRequest) -> HttpResponse:
    return HttpResponse("".join(urlset(wagtail_pages(request))), content_type=XML)


def network_addresses() -> list[str]:
    """The member libraries, each library's page, and the statistics."""
    slugs = Source.objects.order_by("slug").values_list("slug", flat=True)
    libraries = [reverse("network:library", args=[slug]) for slug in slugs]
    return [reverse("network:index"), *libraries, reverse("statistics:index")]


def browse(request: HttpRequest) -> HttpResponse:
    paths = [*page_addresses(), *network_addresses()]
    located = ((request.build_absolute_uri(path), None) for path in paths)
    return HttpResponse("".join(urlset(located)), content_type=XML)
