"""Fetching a record's full text: a size cap, an overall deadline, few redirects (each one
checked like the first link: harvest.http keeps the client out of the private network), and
a decision by content, never by address: `%PDF-` is a PDF, whatever its URL or Content-Type
says; an HTML page may be a landing page whose links lead to one (harvest.fulltext.landing);
401 and 403 are restricted. An answer that is neither is described by its type and size: its
bytes never reach an error message."""

from dataclasses import dataclass

import httpx

from harvest.http import BodyRefused, Deadline, Refused, check_scheme, read_body

from . import landing

PDF_MAGIC = b"%PDF-"


class FetchError(Exception):
    pass


class Restricted(FetchError):
    """401 or 403: the repository keeps the file to itself (tried again on a full harvest)."""


@dataclass(frozen=True)
class Fetched:
    url: str  # after redirects
    data: bytes


@dataclass(frozen=True)
class Landing:
    """An HTML page in the file's place, and the full-text links it gives (maybe none)."""

    url: str  # after redirects
    links: list[str]


def fetch_fulltext(
    http: httpx.Client,
    url: str,
    max_bytes: int,
    max_redirects: int = 5,
    deadline: float = 120.0,
    read_pages: bool = True,
) -> Fetched | Landing:
    """The PDF at `url`, or (with `read_pages`) the landing page there and its full-text links,
    all redirects included within `deadline` seconds."""
    clock = Deadline.start(deadline)
    current = url
    for _ in range(max_redirects + 1):
        try:
            check_scheme(current)
            timeout = clock.timeout(http.timeout)
            with http.stream("GET", current, follow_redirects=False, timeout=timeout) as response:
                if response.is_redirect:
                    location = response.headers.get("Location", "")
                    current = str(response.url.join(location))
                    continue
                if response.status_code in (401, 403):
                    raise Restricted(f"restricted (HTTP {response.status_code})")
                if response.status_code != 200:
                    raise FetchError(f"HTTP {response.status_code}")
                kind = " ".join(response.headers.get("Content-Type", "no Content-Type").split())
                page = read_pages and kind.lower().startswith(("text/html", "application/xhtml"))
                data = read_body(response, max_bytes, clock)
                links = response.headers.get_list("Link")
        except (Refused, BodyRefused) as err:
            raise FetchError(str(err)) from err
        except httpx.HTTPError as err:
            if isinstance(err, httpx.TimeoutException) and clock.passed():
                raise FetchError(clock.message) from err  # a timeout cut to the deadline
            raise FetchError(f"{type(err).__name__}: {err}") from err
        if data.lstrip()[:5].startswith(PDF_MAGIC):
            return Fetched(current, data)
        if page:
            return Landing(current, landing.pdf_links(current, links, data))
        raise FetchError(f"not a PDF ({kind[:80]}, {len(data):,} bytes)")
    raise FetchError(f"more than {max_redirects} redirects")
