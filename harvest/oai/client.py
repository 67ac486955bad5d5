"""The OAI-PMH verbs a harvester needs, over a Transport."""

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime

from library.vocabulary import (
    DAY_FORMAT,
    DAY_GRANULARITY,
    SECOND_FORMAT,
    SECOND_GRANULARITY,
    NoRecordsMatch,
)

from . import parse
from .errors import ResponseError, TokenLoopError
from .transport import Transport


@dataclass(frozen=True)
class Identity:
    repository_name: str
    granularity: str


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

        return Identity(get("repositoryName"), get("granularity") or DAY_GRANULARITY)

    def pages(
        self,
        verb: str,
        metadata_prefix: str = "oai_dc",
        set_spec: str | None = None,
        start: datetime | None = None,
        granularity: str = SECOND_GRANULARITY,
        token: str | None = None,
    ) -> Iterator[tuple[parse.Page, str | None]]:
        """Each page of a list with the token that fetched it (None for the first). A token
        that comes back is a TokenLoopError; noRecordsMatch is an empty list."""
        if token:
            params = {"verb": verb, "resumptionToken": token}
        else:
            params = {"verb": verb, "metadataPrefix": metadata_prefix}
            if set_spec:
                params["set"] = set_spec
            if start is not None:
                day_only = granularity == DAY_GRANULARITY
                params["from"] = start.strftime(DAY_FORMAT if day_only else SECOND_FORMAT)
        seen: set[str] = set()
        while True:
            try:
                page = parse.list_page(self._get(params), verb)
            except NoRecordsMatch:
                return
            yield page, params.get("resumptionToken")
            if not page.token:
                return
            if page.token in seen or page.token == params.get("resumptionToken"):
                raise TokenLoopError(f"resumptionToken {page.token[:60]!r} came back")
            seen.add(page.token)
            params = {"verb": verb, "resumptionToken": page.token}
