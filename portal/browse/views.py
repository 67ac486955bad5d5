"""Browse the library without typing: by source library, type, year and subject, each value with
its count and a link to the search filtered to it. The counts are the search's own facets with no
query (search.service.browse), so a browse page and the search it links to always agree."""

import math
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from search import service
from search.facets import FacetValue

from . import letters

TOP_SUBJECTS = 100  # on /duyet/chu-de/; every subject is one letter page away
INDEX_SUBJECTS = 30  # on /duyet/
SUBJECTS_PER_PAGE = 200
ALL = service.BROWSE_LIMIT


def searched(name: str, value: str) -> str:
    """The search page filtered to one facet value."""
    return f"{reverse('search:page')}?{urlencode({name: value})}"


def linked(name: str, values: list[FacetValue]) -> list[tuple[FacetValue, str]]:
    return [(v, searched(name, v.value)) for v in values]


def decade_links(values: list[FacetValue]) -> list[tuple[FacetValue, str]]:
    return [(v, reverse("browse:decade", args=[int(v.value)])) for v in values]


def index(request: HttpRequest) -> HttpResponse:
    found = service.browse({"source": ALL, "type": ALL, "year": ALL, "subject": INDEX_SUBJECTS})
    context = {
        "sources": linked("source", found["source"].values),
        "types": linked("type", found["type"].values),
        "decades": decade_links(found["decade"].values),
        "subjects": linked("subject", found["subject"].values),
    }
    return render(request, "browse/index.html", context)


def _values_page(
    request: HttpRequest, title: str, values: list[tuple[FacetValue, str]]
) -> HttpResponse:
    return render(request, "browse/values.html", {"title": title, "values": values})


def sources(request: HttpRequest) -> HttpResponse:
    found = service.browse({"source": ALL})["source"].values
    return _values_page(request, _("Duyệt theo nguồn dữ liệu"), linked("source", found))


def types(request: HttpRequest) -> HttpResponse:
    found = service.browse({"type": ALL})["type"].values
    return _values_page(request, _("Duyệt theo loại tài liệu"), linked("type", found))


def decades(request: HttpRequest) -> HttpResponse:
    found = service.browse({"year": ALL})["decade"].values
    return _values_page(request, _("Duyệt theo năm"), decade_links(found))


def decade(request: HttpRequest, decade: int) -> HttpResponse:
    if decade % 10 or decade > 9990:
        raise Http404(_("Không có thập niên này."))
    years = [
        v for v in service.browse({"year": ALL})["year"].values if int(v.value) // 10 * 10 == decade
    ]
    if not years:
        raise Http404(_("Không có tài liệu nào trong thập niên này."))
    context = {
        "title": _("Tài liệu các năm %(first)s–%(last)s") % {"first": decade, "last": decade + 9},
        "values": linked("year", sorted(years, key=lambda v: int(v.value))),
        "whole": (sum(v.count for v in years), searched("decade", str(decade))),
        "up": (_("Duyệt theo năm"), reverse("browse:decades")),
    }
    return render(request, "browse/values.html", context)


def letter_nav(filed: dict[str, list[FacetValue]]) -> list[tuple[str, str, int, str]]:
    """(letter, its label, how many subjects, its page) of each letter that has subjects."""
    return [
        (letter, _("khác") if letter == letters.OTHER else letter.upper(), len(values),
         reverse("browse:subjects-letter", args=[letter]))
        for letter, values in filed.items()
    ]  # fmt: skip


def subjects(request: HttpRequest) -> HttpResponse:
    every = service.browse({"subject": ALL})["subject"].values
    context = {
        "title": _("Duyệt theo chủ đề"),
        "values": linked("subject", every[:TOP_SUBJECTS]),
        "letters": letter_nav(letters.by_letter(every)),
        "total_subjects": len(every),
    }
    return render(request, "browse/subjects.html", context)


def subjects_by_letter(request: HttpRequest, letter: str) -> HttpResponse:
    filed = letters.by_letter(service.browse({"subject": ALL})["subject"].values)
    if letter not in filed:
        raise Http404(_("Không có chủ đề nào bắt đầu bằng chữ này."))
    page = Paginator(filed[letter], SUBJECTS_PER_PAGE).get_page(request.GET.get("page"))
    nav = letter_nav(filed)
    label = next(shown for key, shown, _count, _url in nav if key == letter)
    context = {
        "title": _("Chủ đề bắt đầu bằng chữ %(letter)s") % {"letter": label},
        "values": linked("subject", list(page.object_list)),
        "letters": nav,
        "letter": letter,
        "page": page,
        "up": (_("Duyệt theo chủ đề"), reverse("browse:subjects")),
    }
    return render(request, "browse/subjects.html", context)


def page_addresses() -> list[str]:
    """Every browse page, for the sitemap: the ones a crawler reaches from /duyet/."""
    found = service.browse({"year": ALL, "subject": ALL})
    paths = [reverse(f"browse:{name}") for name in ("index", "sources", "types", "decades")]
    paths += [url for _value, url in decade_links(found["decade"].values)]
    paths.append(reverse("browse:subjects"))
    for _letter, _label, count, url in letter_nav(letters.by_letter(found["subject"].values)):
        pages = math.ceil(count / SUBJECTS_PER_PAGE)
        paths += [url] + [f"{url}?page={n}" for n in range(2, pages + 1)]
    return paths
