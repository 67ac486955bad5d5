"""The OAI-PMH verbs a harvester needs, over a Transport."""

import logging
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime

from library.vocabulary import (
    DAY_FORMAT,
    DAY_GRANULARITY,
    ERROR_CODES,
    OAI_IDENTIFIER,
    SECOND_FORMAT,
    SECOND_GRANULARITY,
    NoRecordsMatch,
    NoSetHierarchy,
    OAIError,
)

from . import parse
from .errors import ResponseError, TokenLoopError
from .transport import Transport

logger = logging.getLogger(__name__)
MAX_SETS = 10_000  # a ListSets that goes on past this is not a list a librarian picks from


@dataclass(frozen=True)
class Identity:
    repository_name: str
    granularity: str
    base_url: str  # as the provider names itself
    repository_identifier: str  # from its oai-identifier description, if it has one


class OAIClient:
    def __init__(
        self,
        base_url: str,
        transport: Transport,
        delay: float = 0.0,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.base_url = base_url
        self.transport = transport
        self.delay = delay  # seconds between requests, as the provider asks
        self.sleep = sleep
        self._requests = 0

    def _get(self, params: dict[str, str]) -> bytes:
        if self._requests and self.delay:
            self.sleep(self.delay)
        self._requests += 1
        return self.transport.get(self.base_url, params)

    def identify(self) -> Identity:
        root = parse.document(self._get({"verb": "Identify"}))
        body = root.find("o:Identify", parse.NS)
        if body is None:
            raise ResponseError("no <Identify> element in the response")

        def get(tag: str) -> str:
            return (body.findtext(f"o:{tag}", "", parse.NS) or "").strip()

        namespace = {"i": OAI_IDENTIFIER}
        identifier = body.findtext(
            "o:description/i:oai-identifier/i:repositoryIdentifier", "", {**parse.NS, **namespace}
        )
        return Identity(
            get("repositoryName"),
            get("granularity") or DAY_GRANULARITY,
            get("baseURL"),
            (identifier or "").strip(),
        )

    def list_metadata_formats(self) -> list[str]:
        """The metadataPrefixes the provider offers for its items."""
        root = parse.document(self._get({"verb": "ListMetadataFormats"}))
        found = root.findall("o:ListMetadataFormats/o:metadataFormat/o:metadataPrefix", parse.NS)
        return [prefix for e in found if (prefix := (e.text or "").strip())]

    def list_sets(self) -> list[tuple[str, str]]:
        """(setSpec, setName) of every set the provider has; none if it has no sets."""
        sets: list[tuple[str, str]] = []
        params = {"verb": "ListSets"}
        while True:
            try:
                root = parse.document(self._get(params))
            except NoSetHierarchy:
                return sets
            body = root.find("o:ListSets", parse.NS)
            if body is None:
                raise ResponseError("no <ListSets> element in the response")
            for element in body.findall("o:set", parse.NS):
                spec = (element.findtext("o:setSpec", "", parse.NS) or "").strip()
                name = (element.findtext("o:setName", "", parse.NS) or "").strip()
                sets.append((spec, name or spec))
            token = (body.findtext("o:resumptionToken", "", parse.NS) or "").strip()
            if not token or len(sets) > MAX_SETS:
                return sets
            params = {"verb": "ListSets", "resumptionToken": token}

    def pages(
        self,
        verb: str,
        metadata_prefix: str = "oai_dc",
        set_spec: str | None = None,
        start: datetime | None = None,
        granularity: str = SECOND_GRANULARITY,
        token: str | None = None,
    ) -> Iterator[tuple[parse.Page, str | None]]:
        """Each page of a list with the token that fetched it (None for the first), until the
        list ends. noRecordsMatch answering the first request is an empty list; answering a
        resumption it is an error (the list had more), retried like an unknown error code.
        An empty page that repeats its token, or comes once the list is complete, is the end
        (DOAJ ends its lists so). A token that comes back on a page with records, a page whose
        records were all listed before, or a list running far past its completeListSize is a
        TokenLoopError: stopped, not followed."""
        if token:
            params = {"verb": verb, "resumptionToken": token}
        else:
            params = {"verb": verb, "metadataPrefix": metadata_prefix}
            if set_spec:
                params["set"] = set_spec
            if start is not None:
                day_only = granularity == DAY_GRANULARITY
                params["from"] = start.strftime(DAY_FORMAT if day_only else SECOND_FORMAT)
        loop = LoopGuard()
        while True:
            try:
                page = self._list_page(params, verb)
            except NoRecordsMatch:
                return  # only a first request gets here
            yield page, params.get("resumptionToken")
            if loop.ends(page, params.get("resumptionToken")):
                return
            params = {"verb": verb, "resumptionToken": str(page.token)}

    def _list_page(self, params: dict[str, str], verb: str) -> parse.Page:
        """One page. An error code outside the protocol (a provider's own "serverBusy") and
        noRecordsMatch on a resumption are retried with the transport's backoff, then raised."""
        attempt = 0
        while True:
            attempt += 1
            try:
                return parse.list_page(self._get(params), verb)
            except OAIError as err:
                passing = err.code not in ERROR_CODES or (
                    isinstance(err, NoRecordsMatch) and "resumptionToken" in params
                )
                if not passing:
                    raise
                if attempt >= self.transport.policy.attempts:
                    raise ResponseError(
                        f"{err.code}: {err.message or 'no message'} "
                        f"(still after {attempt} attempts)"
                    ) from err
                wait = self.transport.backoff(attempt)
                logger.warning("%s: %s; retry %d in %.1f s", self.base_url, err, attempt, wait)
                self.transport.sleep(wait)


class LoopGuard:
    """Tells the end of a list from a provider going round in circles."""

    SLACK = 2  # a list may run to twice its completeListSize (deletions, changes) before it loops

    def __init__(self) -> None:
        self.tokens: set[str] = set()
        self.identifiers: set[str] = set()
        self.listed = 0

    def ends(self, page: parse.Page, asked_with: str | None) -> bool:
        """True at the end of the list; raises TokenLoopError on a loop."""
        identifiers = {r.identifier for r in page.records if r.identifier}
        complete = page.complete_size is not None and self.listed + len(page.records) >= (
            page.complete_size
        )
        if not page.token:
            return True
        if not page.records and (page.token == asked_with or complete):
            return True  # an empty last page with a token
        if page.token == asked_with or page.token in self.tokens:
            raise TokenLoopError(f"resumptionToken {page.token[:60]!r} came back")
        if identifiers and identifiers <= self.identifiers:
            raise TokenLoopError(
                f"a page of {len(identifiers)} records all listed before "
                f"(token {page.token[:60]!r}): the provider is going round in circles"
            )
        self.listed += len(page.records)
        if page.complete_size is not None and self.listed > self.SLACK * page.complete_size + 100:
            raise TokenLoopError(f"{self.listed} records listed of a list of {page.complete_size}")
        self.tokens.add(page.token)
        self.identifiers |= identifiers
        return False
