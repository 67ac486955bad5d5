"""One repository, however its base URL is spelled: `HTTP://Kho.vn:80/oai/?verb=Identify` and
`http://kho.vn/oai` are the same provider. No Django."""

from urllib.parse import urlsplit, urlunsplit

DEFAULT_PORTS = {"http": 80, "https": 443}
LOOPBACK_NAMES = {"localhost": "127.0.0.1", "ip6-localhost": "::1"}


def clean_base_url(url: str) -> str:
    """The base URL to store and ask: scheme and host in lower case, the default port dropped,
    no query or fragment (a pasted `?verb=Identify`). The path is kept as given: a provider
    may redirect `/oai` to `/oai/`, and a redirect is not followed for OAI requests."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    netloc = f"[{host}]" if ":" in host else host
    if parts.port is not None and parts.port != DEFAULT_PORTS.get(scheme):
        netloc = f"{netloc}:{parts.port}"
    return urlunsplit((scheme, netloc, parts.path, "", ""))


def base_url_key(url: str) -> str:
    """What two spellings of one base URL share: the clean URL without a trailing slash and
    with loopback names as addresses, for comparing, never for asking."""
    parts = urlsplit(clean_base_url(url))
    host = parts.hostname or ""
    host = LOOPBACK_NAMES.get(host, host)
    netloc = f"[{host}]" if ":" in host else host
    if parts.port is not None:
        netloc = f"{netloc}:{parts.port}"
    return urlunsplit((parts.scheme, netloc, parts.path.rstrip("/"), "", ""))
