"""The harvester's HTTP client: one User-Agent for OAI-PMH requests and PDF downloads."""

import httpx

USER_AGENT = "DBSCL-portal-harvester/1.0 (+OAI-PMH 2.0)"


def http_client(timeout: float = 60.0) -> httpx.Client:
    return httpx.Client(timeout=timeout, headers={"User-Agent": USER_AGENT})
