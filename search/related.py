"""Items like this one: a document's related documents on its page, and any registered kind's
items alike in words (the technology exchange matches requests with offers)."""

from collections.abc import Iterable

from library.models import Document

from . import analysis, kinds, plan, query
from .documents import document_hits
from .engines import get_engine
from .hits import Hit
from .records import pk_of, uid

MOST_WORDS = 24  # should-clauses per field: enough for a title and a summary's gist


def alike(
    values: Iterable[str], kind: str, fields: tuple[str, ...], size: int, itself: str = ""
) -> list[int]:
    """Ids of the items of `kind` sharing most of the words of `values` (the first MOST_WORDS
    of more than two letters, in order) in the text `fields`, most alike first; not `itself`
    (a uid)."""
    words = [w for v in values for w in query.clean(v)[0].split() if len(w) > 2]
    folded = list(dict.fromkeys(analysis.fold(w) for w in words))[:MOST_WORDS]
    clauses = [
        plan.Term(f"{name}_f", word, plan.TEXT_FIELDS[name]) for word in folded for name in fields
    ]
    if not clauses:
        return []
    others = (plan.TermSet("uid", (itself,)),) if itself else ()
    root = plan.Bool(
        should=tuple(clauses), must_not=others, filter=(plan.TermSet("kind", (kind,)),)
    )
    answer = get_engine().search(plan.Plan(root, limit=size, facets=False))
    return [pk_of(h.uid) for h in answer.hits]


def more_like_this(document: Document, size: int = 5) -> list[Hit]:
    """Documents sharing this one's subjects and title words, most alike first."""
    values = [document.title] + [v for v, _ in document.dublin_core()["subject"]]
    pks = alike(values, kinds.DOCUMENT, ("title", "subject"), size, uid(document.pk))
    return document_hits(pks, frozenset())
