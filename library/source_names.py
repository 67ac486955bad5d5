"""The sources' slugs and names, kept for a minute per process: search results ask for them on
every request. Saving or deleting a source clears them (library.signals)."""

import time
from collections.abc import Iterable

SOURCE_NAMES_TTL = 60.0  # seconds another process's rename may take to show in search results
_SOURCE_NAMES: tuple[float, dict[int, tuple[str, str]]] = (0.0, {})


def source_names(must_have: Iterable[int] = ()) -> dict[int, tuple[str, str]]:
    """{id: (slug, name)} of every source. Read again at once when `must_have` names a source
    it does not know yet."""
    from .models import Source

    global _SOURCE_NAMES
    read_at, names = _SOURCE_NAMES
    if time.monotonic() - read_at > SOURCE_NAMES_TTL or any(i not in names for i in must_have):
        names = {
            pk: (slug, name) for pk, slug, name in Source.objects.values_list("id", "slug", "name")
        }
        _SOURCE_NAMES = (time.monotonic(), names)
    return names


def forget_source_names() -> None:
    global _SOURCE_NAMES
    _SOURCE_NAMES = (0.0, {})
