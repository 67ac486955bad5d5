"""robots.txt, asked once per host and batch, before a landing page is fetched: a repository
that keeps crawlers off its item pages is not crawled. Files a record names are the record's
own, fetched as the harvest's part of OAI-PMH. No Django in here."""

from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

import httpx

from harvest.http import USER_AGENT, Refused


class Robots:
    def __init__(self, http: httpx.Client) -> None:
        self.http = http
        self.hosts: dict[str, RobotFileParser] = {}

    def allowed(self, url: str) -> bool:
        parts = urlsplit(url)
        root = f"{parts.scheme}://{parts.netloc}"
        if root not in self.hosts:
            self.hosts[root] = self._read(root)
        return self.hosts[root].can_fetch(USER_AGENT, url)

    def _read(self, root: str) -> RobotFileParser:
        parser = RobotFileParser()
        try:
            response = self.http.get(f"{root}/robots.txt", timeout=10)
        except (httpx.HTTPError, Refused):
            parser.parse([])  # none to be had: nothing is forbidden
            return parser
        if response.status_code >= 500:
            parser.parse(["User-agent: *", "Disallow: /"])  # in trouble: left alone for now
        elif response.status_code == 200:
            parser.parse(response.text[:500_000].splitlines())
        else:
            parser.parse([])  # 4xx: no robots.txt, nothing forbidden (RFC 9309 §2.3.1.3)
        return parser
