"""Did you mean: a query of plain words offered in the library's own spelling (search.spelling
over search.vocabulary), with its diacritics restored ("bien doi khi hau" → "biến đổi khí
hậu") or a misspelling corrected ("chan nuio" → "chăn nuôi")."""

from collections.abc import Sequence
from dataclasses import replace

from . import analysis, plan, query, spelling, vocabulary
from .engines import get_engine

MAX_WORDS = 8  # longer queries are pasted titles, not typed words


def did_you_mean(
    parsed: query.ParsedQuery,
    total: int,
    selected: dict[str, list[str]],
    exclude_kinds: Sequence[str] = (),
) -> str:
    """The better spelling of a query of plain words (no fields, quotes, exclusions or years),
    or "". Diacritics restored are offered for two words or more: one syllable alone ("ban")
    says too little to choose its marks. A correction is offered only where it finds more
    than the `total` of the query typed, under the same filters."""
    clauses = parsed.clauses
    if not clauses or parsed.years or any(c.field or c.negated or c.phrase for c in clauses):
        return ""
    typed = [w for c in clauses for w in analysis.words(c.text)]
    if not typed or len(typed) > MAX_WORDS:
        return ""
    better = spelling.suggest(typed, vocabulary.counts)
    if better == typed:
        return ""
    text = " ".join(better)
    if analysis.fold(text) == analysis.fold(" ".join(typed)):
        return text if len(typed) > 1 else ""
    built = plan.build(query.parse(text), selected, limit=1, exclude_kinds=exclude_kinds)
    return text if get_engine().search(replace(built, facets=False)).total > total else ""
