"""Fetching a PDF: a size cap, a timeout, few redirects, and a magic-bytes check, so a link
that serves an HTML page (a login wall, a viewer) is not stored as a PDF."""

from dataclasses import dataclass

import httpx

PDF_MAGIC = b"%PDF-"


class FetchError(Exception):
    pass


@dataclass(frozen=True)
class Fetched:
    url: str  # after redirects
    data: bytes


def fetch_pdf(http: httpx.Client, url: str, max_bytes: int, max_redirects: int = 5) -> Fetched:
    current = url
    for _ in range(max_redirects + 1):
        try:
            with http.stream("GET", current, follow_redirects=False) as response:
                if response.is_redirect:
                    location = response.headers.get("Location", "")
                    current = str(response.url.join(location))
                    continue
                if response.status_code != 200:
                    raise FetchError(f"HTTP {response.status_code}")
                declared = response.headers.get("Content-Length", "")
                if declared.isdigit() and int(declared) > max_bytes:
                    raise FetchError(f"{int(declared):,} bytes, over the {max_bytes:,}-byte cap")
                chunks, size = [], 0
                for chunk in response.iter_bytes():
                    size += len(chunk)
                    if size > max_bytes:
                        raise FetchError(f"over the {max_bytes:,}-byte cap")
                    chunks.append(chunk)
        except httpx.HTTPError as err:
            raise FetchError(f"{type(err).__name__}: {err}") from err
        data = b"".join(chunks)
        if not data.lstrip()[:5].startswith(PDF_MAGIC):
            kind = response.headers.get("Content-Type", "unknown type")
            raise FetchError(f"not a PDF (starts {data[:15]!r}, {kind})")
        return Fetched(current, data)
    raise FetchError(f"more than {max_redirects} redirects")
