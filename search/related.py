"""Documents like this one, for its page."""

from library.models import Document

from . import analysis, kinds, plan, query
from .documents import document_hits
from .engines import get_engine
from .hits import Hit
from .records import pk_of, uid


def more_like_this(document: Document, size: int = 5) -> list[Hit]:
    """Documents sharing this one's subjects and title words, most alike first."""
    values = [document.title] + [v for v, _ in document.dublin_core()["subject"]]
    words = sorted({w for v in values for w in query.clean(v)[0].split() if len(w) > 2})[:24]
    clauses = [
        plan.Term(f"{name}_f", analysis.fold(w), plan.TEXT_FIELDS[name])
        for w in words
        for name in ("title", "subject")
    ]
    if not clauses:
        return []
    itself = plan.TermSet("uid", (uid(document.pk),))
    documents = plan.TermSet("kind", (kinds.DOCUMENT,))
    root = plan.Bool(should=tuple(clauses), must_not=(itself,), filter=(documents,))
    answer = get_engine().search(plan.Plan(root, limit=size, facets=False))
    return document_hits([pk_of(h.uid) for h in answer.hits], frozenset())
