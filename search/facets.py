"""The engine's facet counts, labelled for the reader; decades summed from the years."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from library.source_names import source_names

from .documents import type_labels

LANGUAGES = {"vi": "Tiếng Việt", "en": "Tiếng Anh", "fr": "Tiếng Pháp"}


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


def about(count: int) -> int:
    """An estimated count to two significant figures (12,345 → 12,000): no more precise than
    the sample it comes from."""
    return round(count, 2 - len(str(count))) if count >= 100 else count


def facets(
    raw: dict[str, list[tuple[str, int]]],
    selected: dict[str, list[str]],
    estimated: bool = False,
) -> list[Facet]:
    """The facets' values labelled; estimated counts (see plan.Plan) rounded by about()."""
    by_slug = dict(source_names().values())
    type_names = type_labels()
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
    years = sorted(
        ((int(v), c) for v, c in raw.get("year", []) if v.lstrip("-").isdigit()), reverse=True
    )
    decades: dict[int, int] = {}
    for year, count in years:
        decades[year // 10 * 10] = decades.get(year // 10 * 10, 0) + count
    chosen_decades = set(selected.get("decade", []))
    decade_values = [
        FacetValue(str(d), f"{d}–{d + 9}", c, str(d) in chosen_decades)
        for d, c in sorted(decades.items(), reverse=True)
    ]
    result.append(Facet("decade", str(_("Thập niên")), decade_values))
    chosen_years = set(selected.get("year", []))
    year_values = [FacetValue(str(y), str(y), c, str(y) in chosen_years) for y, c in years]
    result.append(Facet("year", str(_("Năm")), year_values))
    if estimated:
        for value in (v for facet in result for v in facet.values):
            value.count = about(value.count)
    return result
