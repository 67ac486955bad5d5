"""The one search interface every view and the API use; the engine behind it is configuration.

`search()` parses what the user typed, asks the engine, and dresses the hits for display:
titles, authors, years, sources from the database, passages highlighted from the stored text,
facet values with their labels.
"""

import math
from dataclasses import dataclass, field, replace

from django.db.models import Exists, OuterRef, TextField
from django.db.models.functions import Cast, Substr
from django.urls import reverse
from django.utils.translation import gettext as _

from library.dublin_core import values_by_element
from library.models import Document, DocumentFile, DocumentType, source_names
from portal.news.models import NewsPage

from . import highlight, plan, query
from .engines import get_engine
from .engines.base import EngineResult
from .records import pk_of, uid

MAX_SIZE = 100
SNIPPET_SCAN = 4000  # characters of full text searched for the passage to show
PLACEHOLDER = "LOCALID"
# Words side by side get their bonus by re-ranking the first RESCORE_WINDOW hits (as
# Elasticsearch's rescore does): a phrase query over every match of two common words costs
# ten times the search itself.
RESCORE_WINDOW = 100
SORTS = ("relevance", "newest", "oldest")
FILTER_PARAMS = ("source", "type", "language", "subject", "year", "decade")
LANGUAGES = {"vi": "Tiếng Việt", "en": "Tiếng Anh", "fr": "Tiếng Pháp"}


@dataclass
class Hit:
    id: str
    kind: str
    title_html: str
    url: str
    snippet_html: str
    authors: list[str]
    year: int | None
    source: str
    doc_type: str
    pdf_url: str = ""


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class Facet:
    name: str
    label: str
    values: list[FacetValue]


@dataclass
class Results:
    q: str
    total: int
    hits: list[Hit]
    facets: list[Facet]
    page: int
    size: int
    sort: str
    selected: dict[str, list[str]]
    notices: list[str] = field(default_factory=list)

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.size))


def clamp_int(value: str | None, default: int, low: int, high: int) -> int:
    try:
        return min(high, max(low, int(value or default)))
    except ValueError:
        return default


def search(
    q: str,
    selected: dict[str, list[str]] | None = None,
    sort: str = "relevance",
    page: int = 1,
    size: int = 10,
) -> Results:
    parsed = query.parse(q or "")
    selected = {k: v for k, v in (selected or {}).items() if k in FILTER_PARAMS and v}
    sort = sort if sort in SORTS else "relevance"
    size = min(MAX_SIZE, max(1, size))
    page = max(1, page)
    offset = (page - 1) * size
    built = plan.build(parsed, selected, sort, offset, size, kind="document")  # type: ignore[arg-type]
    answer = ranked(built)
    hits = dress([h.uid for h in answer.hits], built.highlight_words)
    notices = [notice(code, detail) for code, detail in parsed.notices]
    if page > 1 and not hits and answer.total:
        notices.append(_("Trang này vượt quá số kết quả."))
    return Results(
        q=q, total=answer.total, hits=hits, facets=facets(answer.facets, selected),
        page=page, size=size, sort=sort, selected=selected, notices=notices,
    )  # fmt: skip


def notice(code: str, detail: str) -> str:
    """A query-parser notice in the reader's language."""
    texts = {
        "too-long": _("Câu truy vấn quá dài; chỉ dùng %(detail)s ký tự đầu."),
        "unclosed-quote": _("Thiếu dấu ngoặc kép đóng; cụm từ được hiểu đến hết câu."),
        "bad-years": _("Không hiểu khoảng năm “%(detail)s”; ví dụ đúng: year:2010-2015."),
        "too-many": _("Chỉ dùng %(detail)s điều kiện đầu tiên."),
        "only-exclusions": _("Chỉ có điều kiện loại trừ; hãy thêm từ cần tìm."),
    }
    return texts.get(code, code) % {"detail": detail}


def ranked(built: plan.Plan) -> EngineResult:
    """The engine's answer, with the window re-ranked so adjacent words come first."""
    engine = get_engine()
    if built.bonus is None or built.sort != "relevance" or built.offset >= RESCORE_WINDOW:
        return engine.search(built)
    first = engine.search(replace(built, offset=0, limit=RESCORE_WINDOW))
    window = tuple(h.uid for h in first.hits)
    if not window:
        return first
    near = plan.Bool(must=(built.bonus,), filter=(plan.TermSet("uid", window),))
    adjacent = {h.uid for h in engine.search(plan.Plan(near, limit=len(window), facets=False)).hits}
    order = [h for h in first.hits if h.uid in adjacent] + [
        h for h in first.hits if h.uid not in adjacent
    ]
    first.hits = order[built.offset : built.offset + built.limit]
    return first


def search_news(q: str, size: int = 5) -> list[Hit]:
    """News matching the query, newest relevant first; shown apart from documents."""
    parsed = query.parse(q or "")
    if parsed.is_empty:
        return []
    built = replace(plan.build(parsed, {}, "relevance", 0, size, kind="news"), facets=False)
    uids = [h.uid for h in get_engine().search(built).hits]
    pages = NewsPage.objects.live().in_bulk([pk_of(u) for u in uids])
    hits = []
    words = built.highlight_words
    for u in uids:
        page = pages.get(pk_of(u))
        if page is None:
            continue
        hits.append(
            Hit(
                id=str(page.pk),
                kind="news",
                title_html=highlight.mark(page.title, words),
                url=page.url,
                snippet_html=highlight.passage(page.lead, words),
                authors=[page.author] if page.author else [],
                year=page.date.year,
                source="",
                doc_type=_("Tin tức"),
            )
        )
    return hits


def more_like_this(document: Document, size: int = 5) -> list[Hit]:
    """Documents sharing this one's subjects and title words, most alike first."""
    values = [document.title] + [v for v, _ in document.dublin_core()["subject"]]
    words = sorted({w for v in values for w in query.clean(v)[0].split() if len(w) > 2})[:24]
    clauses = [plan.Term(f"{name}_f", plan.analysis.fold(w), plan.TEXT_FIELDS[name])
               for w in words for name in ("title", "subject")]  # fmt: skip
    if not clauses:
        return []
    itself = plan.TermSet("uid", (uid(document.pk),))
    documents = plan.TermSet("kind", ("document",))
    root = plan.Bool(should=tuple(clauses), must_not=(itself,), filter=(documents,))
    answer = get_engine().search(plan.Plan(root, limit=size, facets=False))
    return dress([h.uid for h in answer.hits], frozenset())


DRESS_COLUMNS = ("id", "local_id", "title", "year", "doc_type", "source_id", "metadata_json",
                 "start", "has_pdf")  # fmt: skip


def dress(uids: list[str], words: frozenset[str]) -> list[Hit]:
    """Hits for display, read as plain rows: building Document instances (a ClusterableModel)
    costs about a millisecond each."""
    pks = [pk_of(u) for u in uids if u.startswith("document:")]
    rows = {
        row[0]: row
        for row in Document.objects.filter(pk__in=pks, status=Document.Status.ACTIVE)
        .annotate(
            metadata_json=Cast("metadata", TextField()),
            start=Substr("fulltext__text", 1, SNIPPET_SCAN),
            has_pdf=Exists(DocumentFile.objects.filter(document=OuterRef("pk"))),
        )
        .values_list(*DRESS_COLUMNS)
    }
    sources = source_names(row[5] for row in rows.values())
    types = {t.value: str(t.label) for t in DocumentType}
    page_url = reverse("library:document", args=[PLACEHOLDER])
    pdf_url = reverse("library:document-pdf", args=[PLACEHOLDER])
    hits = []
    for pk in pks:
        if pk not in rows:
            continue  # withdrawn since it was indexed
        _, local_id, title, year, doc_type, source_id, metadata_json, start, has_pdf = rows[pk]
        values = values_by_element(metadata_json)
        abstract = " ".join(values.get("description", []))
        hits.append(
            Hit(
                id=local_id,
                kind="document",
                title_html=highlight.mark(title, words),
                url=page_url.replace(PLACEHOLDER, local_id),
                snippet_html=highlight.passage(f"{abstract}\n{start or ''}", words),
                authors=values.get("creator", []),
                year=year,
                source=sources.get(source_id, ("", ""))[1],
                doc_type=types.get(doc_type, doc_type),
                pdf_url=pdf_url.replace(PLACEHOLDER, local_id) if has_pdf else "",
            )
        )
    return hits


def facets(raw: dict[str, list[tuple[str, int]]], selected: dict[str, list[str]]) -> list[Facet]:
    by_slug = dict(source_names().values())
    type_names = {t.value: str(t.label) for t in DocumentType}
    labels = {
        "source": (_("Nguồn dữ liệu"), lambda v: by_slug.get(v, v)),
        "type": (_("Loại tài liệu"), lambda v: type_names.get(v, v)),
        "language": (_("Ngôn ngữ"), lambda v: LANGUAGES.get(v, v)),
        "subject": (_("Chủ đề"), lambda v: v),
    }
    result = []
    for name, (label, name_of) in labels.items():
        chosen = set(selected.get(name, []))
        values = [FacetValue(v, name_of(v), c, v in chosen) for v, c in raw.get(name, [])]
        result.append(Facet(name, str(label), values))
    years = sorted(((int(v), c) for v, c in raw.get("year", []) if v.lstrip("-").isdigit()),
                   reverse=True)  # fmt: skip
    decades: dict[int, int] = {}
    for year, count in years:
        decades[year // 10 * 10] = decades.get(year // 10 * 10, 0) + count
    chosen_decades = set(selected.get("decade", []))
    result.append(Facet("decade", str(_("Thập niên")), [
        FacetValue(str(d), f"{d}–{d + 9}", c, str(d) in chosen_decades)
        for d, c in sorted(decades.items(), reverse=True)
    ]))  # fmt: skip
    chosen_years = set(selected.get("year", []))
    result.append(Facet("year", str(_("Năm")), [
        FacetValue(str(y), str(y), c, str(y) in chosen_years) for y, c in years
    ]))  # fmt: skip
    return result
