"""One Elasticsearch rebuild at a time, across every machine that reaches the cluster.

A rebuild first deletes the indices that earlier rebuilds left unfinished: a second rebuild
started while one runs would delete the first one's index, and the first would fail after
minutes or hours of loading. The right to rebuild is a lease: the index `<alias>-rebuilding`,
made by one rebuild at a time (creating an index is atomic), and in it one document naming its
holder and when it last said it was alive, rewritten every BEAT seconds. Every write of that
document is conditional on the version its writer last saw, so that of two rebuilds only one
takes a lease over, and a holder whose lease was taken over learns it at its next renewal and
stops. A lease silent for STALE seconds (its rebuild killed with its process or machine) is taken
over, with a warning; the holder deletes the index when it ends, however it ends. The machines'
clocks are taken to agree to well within STALE.
"""

import logging
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from elasticsearch import BadRequestError, ConflictError, Elasticsearch, NotFoundError

from .base import RebuildRunning

logger = logging.getLogger(__name__)
BEAT = 30.0  # seconds between a running rebuild's signs of life
STALE = 600.0  # seconds of silence after which a rebuild is taken for dead
MARK = "holder"  # the id of the document naming the holder and its last sign of life
clock: Callable[[], float] = time.time  # seconds; replaced in tests


class Lease:
    """A held lease: `check()` raises once another rebuild has taken it over."""

    def __init__(
        self, client: Elasticsearch, name: str, owner: str, version: dict[str, int]
    ) -> None:
        self.client, self.name, self.owner, self.version = client, name, owner, version
        self.lost = threading.Event()

    def check(self) -> None:
        if self.lost.is_set():
            raise RebuildRunning(f"{self.name} was taken over by another rebuild; this one stops")

    def renew(self) -> None:
        """Say this rebuild is alive, if the lease is still its own."""
        try:
            self.version = _write(self.client, self.name, self.owner, self.version)
        except ConflictError:
            logger.error("%s was taken over by another rebuild", self.name)
            self.lost.set()


def _name(alias: str) -> str:
    return f"{alias}-rebuilding"


def leased(client: Elasticsearch, alias: str) -> bool:
    """Whether a rebuild of `alias` holds the lease (or one killed on the way left it)."""
    return bool(client.indices.exists(index=_name(alias)))


@contextmanager
def lease(client: Elasticsearch, alias: str) -> Iterator[Lease]:
    """Hold the right to rebuild `alias` for the block; RebuildRunning if another holds it."""
    name = _name(alias)
    held = _take(client, name)
    if held is None:
        raise RebuildRunning(
            f"chỉ mục {alias} đang được dựng lại ở một tiến trình khác "
            f"(Elasticsearch: {name}); chờ nó xong rồi chạy lại"
        )
    ended = threading.Event()
    beating = threading.Thread(target=_beat, args=(held, ended), name="es-lease", daemon=True)
    try:
        beating.start()
        yield held
    finally:
        ended.set()
        if beating.is_alive():
            beating.join()
        _release(held)


def _take(client: Elasticsearch, name: str) -> Lease | None:
    """The lease, made, or taken over from a rebuild gone silent; None if another holds it."""
    try:
        client.indices.create(
            index=name,
            settings={"number_of_shards": 1, "auto_expand_replicas": "0-1"},
            mappings={"dynamic": False},
        )
    except BadRequestError as err:
        if err.error != "resource_already_exists_exception":
            raise
    try:
        current = client.get(index=name, id=MARK)
        version = {"if_seq_no": current["_seq_no"], "if_primary_term": current["_primary_term"]}
        said = float(current["_source"]["at"])
    except NotFoundError:  # made just now (by this rebuild or another), or its maker killed
        version, said = {}, _made(client, name)
    silent = clock() - said
    if version and silent < STALE:
        return None
    owner = uuid.uuid4().hex
    try:
        version = _write(client, name, owner, version)
    except (ConflictError, NotFoundError):  # another rebuild wrote it first, or just ended
        return None
    if silent >= STALE:
        logger.warning(
            "took over %s: its rebuild had said nothing for %.0f s (a process killed?)",
            name,
            silent,
        )
    return Lease(client, name, owner, version)


def _made(client: Elasticsearch, name: str) -> float:
    settings = client.indices.get_settings(index=name, name="index.creation_date")
    return int(settings[name]["settings"]["index"]["creation_date"]) / 1000


def _write(client: Elasticsearch, name: str, owner: str, version: dict[str, int]) -> dict[str, int]:
    """Write the holder's document if it is still at `version` (absent, for `{}`); its new one."""
    condition: dict[str, Any] = version or {"op_type": "create"}
    written = client.index(
        index=name, id=MARK, document={"owner": owner, "at": clock()}, **condition
    )
    return {"if_seq_no": written["_seq_no"], "if_primary_term": written["_primary_term"]}


def _beat(held: Lease, ended: threading.Event) -> None:
    while not ended.wait(BEAT) and not held.lost.is_set():
        try:
            held.renew()
        except Exception:  # a node down for a while: the load itself will say so if it matters
            logger.warning("could not renew %s", held.name, exc_info=True)


def _release(held: Lease) -> None:
    """Delete the lease index, unless another rebuild holds it now."""
    try:
        current = held.client.get(index=held.name, id=MARK)["_source"]
        if current.get("owner") == held.owner:
            held.client.indices.delete(index=held.name, ignore_unavailable=True)
    except NotFoundError:  # deleted already (by hand)
        pass
    except Exception:  # not to hide why the rebuild ended: the lease goes stale in STALE
        logger.warning("could not release %s", held.name, exc_info=True)
