"""Fetching a PDF: a size cap, an overall deadline, few redirects (each one checked like the
first link: harvest.http keeps the client out of the private network), and a magic-bytes check,
so a link that serves an HTML page (a login wall, a viewer) is not stored as a PDF. An answer
that is not one is described by its type and size: its bytes never reach an error message."""

from dataclasses import dataclass

import httpx

from harvest.http import BodyRefused, Deadline, Refused, check_scheme, read_body

PDF_MAGIC = b"%PDF-"


class FetchError(Exception):
    pass


@dataclass(frozen=True)
class Fetched:
    url: str  # after redirects
    data: bytes


def fetch_pdf(
    http: httpx.Client, url: str, max_bytes: int, max_redirects: int = 5, deadline: float = 120.0
) -> Fetched:
    """The PDF at `url`, all redirects included within `deadline` seconds."""
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
                if response.status_code != 200:
                    raise FetchError(f"HTTP {response.status_code}")
                data = read_body(response, max_bytes, clock)
        except (Refused, BodyRefused) as err:
            raise FetchError(str(err)) from err
        except httpx.HTTPError as err:
            if isinstance(err, httpx.TimeoutException) and clock.passed():
                raise FetchError(clock.message) from err  # a timeout cut to the deadline
            raise FetchError(f"{type(err).__name__}: {err}") from err
        if not data.lstrip()[:5].startswith(PDF_MAGIC):
            kind = " ".join(response.headers.get("Content-Type", "no Content-Type").split())
            raise FetchError(f"not a PDF ({kind[:80]}, {len(data):,} bytes)")
        return Fetched(current, data)
    raise FetchError(f"more than {max_redirects} redirects")
