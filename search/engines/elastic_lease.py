"""One Elasticsearch rebuild at a time, across every machine that reaches the cluster.

A rebuild first deletes the indices that earlier rebuilds left unfinished: a second rebuild
started while one runs would delete the first one's index, and the first would fail after
minutes or hours of loading. The right to rebuild is an index of its own, `<alias>-rebuilding`:
creating an index is atomic in Elasticsearch, so only one rebuild makes it, and it is deleted
when that rebuild ends, however it ends. While the rebuild runs, a thread writes the time into
it every BEAT seconds; a rebuild that has been silent for STALE seconds was killed (its process,
its machine), and the next rebuild takes its lease over, with a warning.
"""

import logging
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from elasticsearch import BadRequestError, Elasticsearch, NotFoundError

from .base import RebuildRunning

logger = logging.getLogger(__name__)
BEAT = 30.0  # seconds between a running rebuild's signs of life
STALE = 600.0  # seconds of silence after which a rebuild is taken for dead
MARK = "beat"  # the id of the document that holds the last sign of life


@contextmanager
def lease(client: Elasticsearch, alias: str) -> Iterator[None]:
    """Hold the right to rebuild `alias` for the block; RebuildRunning if another holds it."""
    name = f"{alias}-rebuilding"
    if not _take(client, name):
        raise RebuildRunning(
            f"chỉ mục {alias} đang được dựng lại ở một tiến trình khác (Elasticsearch: {name}); "
            "chờ nó xong rồi chạy lại"
        )
    ended = threading.Event()
    beating = threading.Thread(
        target=_beat, args=(client, name, ended), name="es-rebuild-beat", daemon=True
    )
    beating.start()
    try:
        yield
    finally:
        ended.set()
        beating.join()
        client.indices.delete(index=name, ignore_unavailable=True)


def _take(client: Elasticsearch, name: str) -> bool:
    """Make the lease index, or take over one whose rebuild went silent; False if it is held."""
    for _ in range(2):
        try:
            client.indices.create(
                index=name,
                settings={"number_of_shards": 1, "auto_expand_replicas": "0-1"},
                mappings={"dynamic": False},
            )
        except BadRequestError as err:
            if err.error != "resource_already_exists_exception":
                raise
        else:
            _mark(client, name)
            return True
        try:
            silent = _silence(client, name)
        except NotFoundError:  # its rebuild ended meanwhile: make it again
            continue
        if silent < STALE:
            return False
        logger.warning(
            "taking over %s: its rebuild has said nothing for %.0f s (a process killed?)",
            name,
            silent,
        )
        client.indices.delete(index=name, ignore_unavailable=True)
    return False  # another rebuild took it over first


def _silence(client: Elasticsearch, name: str) -> float:
    """Seconds since the lease's rebuild last said it runs (since the index was made, if it
    never did: killed at once)."""
    try:
        said = float(client.get(index=name, id=MARK)["_source"]["at"])
    except NotFoundError:
        settings = client.indices.get_settings(index=name, name="index.creation_date")
        said = int(settings[name]["settings"]["index"]["creation_date"]) / 1000
    return time.time() - said


def _mark(client: Elasticsearch, name: str) -> None:
    client.index(index=name, id=MARK, document={"at": time.time()})


def _beat(client: Elasticsearch, name: str, ended: threading.Event) -> None:
    while not ended.wait(BEAT):
        try:
            _mark(client, name)
        except Exception:  # a node down for a while: the load itself will say so if it matters
            logger.warning("could not renew %s", name, exc_info=True)
