"""What the index holds: the library's documents, and whatever other apps register here.

Search sits below the site, so it cannot know the site's page types. An app with something to
be found (the site's news, say) registers a `Kind` from its AppConfig.ready(), as Wagtail apps
register hooks: how to read its items as index records, which changed, and how to show a hit.
The search page shows each registered kind apart from the documents.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from django.utils.functional import Promise

from .engines.base import IndexRecord
from .hits import Hit


@dataclass(frozen=True)
class Kind:
    name: str  # the index's `kind` field: "news"
    label: str | Promise  # the heading its hits are shown under (lazy: translated when shown)
    records: Callable[[list[int]], Iterable[IndexRecord]]  # records of these (the public ones)
    # every record, for a rebuild, analysed on this many processes (a small kind may ignore it)
    everything: Callable[[int], Iterable[IndexRecord]]
    changed_since: Callable[[datetime | None], Iterable[int]]  # ids to re-index after a crash
    dress: Callable[[list[int], frozenset[str]], list[Hit]]  # hits for display, in this order


DOCUMENT = "document"
_REGISTRY: dict[str, Kind] = {}


def register(kind: Kind) -> None:
    _REGISTRY[kind.name] = kind


def get(name: str) -> Kind:
    return _REGISTRY[name]


def registered() -> list[Kind]:
    """Every kind, the library's documents first."""
    return sorted(_REGISTRY.values(), key=lambda k: (k.name != DOCUMENT, k.name))


def others() -> list[Kind]:
    """The kinds shown apart from the documents."""
    return [k for k in registered() if k.name != DOCUMENT]
