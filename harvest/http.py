"""The harvester's HTTP client: one User-Agent, no way into the private network, and bodies read
under a size cap and an overall deadline. No Django in here: the caller passes the policy.

A partner's data and links are untrusted. A `dc:identifier`, a MODS raw-object URL, a redirect or
a base URL may name this machine or its network (127.0.0.1, 10.0.0.0/8, the cloud's metadata
service at 169.254.169.254, ...), and what was fetched from there would be stored, indexed and
served. So the client's network backend resolves each name itself, refuses the connection when
any address the name resolves to is off the public Internet, and connects to the very address it
checked: a DNS answer that changes a moment later (DNS rebinding) is never connected to
unchecked. Every redirect hop is a new request, checked the same way. Only http and https are
fetched, and never through a proxy from the environment (which would connect for us, wherever
the name leads). Development and tests, whose providers run on loopback, opt in with
`allow_private`.
"""

import functools
import ipaddress
import socket
import ssl
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpcore
import httpx

USER_AGENT = "DBSCL-portal-harvester/1.0 (+OAI-PMH 2.0)"
SCHEMES = ("http", "https")

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str, int], list[IPAddress]]
NAT64 = ipaddress.IPv6Network("64:ff9b::/96")  # IPv4 addresses as an IPv6-only network sees them


class Refused(Exception):
    """A request the harvester does not make: its scheme, or where its host leads."""


class RefusedScheme(Refused):
    def __init__(self, scheme: str) -> None:
        super().__init__(f"{scheme or 'no'} scheme: the harvester fetches only http and https")


class RefusedAddress(Refused):
    def __init__(self, host: str, address: IPAddress, kind: str) -> None:
        self.host, self.address, self.kind = host, address, kind
        try:
            literal = ipaddress.ip_address(host) == address
        except ValueError:
            literal = False
        article = "an" if kind[0] in "aeiou" else "a"
        where = f"{host} is {article}" if literal else f"{host} is {address}, {article}"
        super().__init__(
            f"{where} {kind} address: the harvester does not fetch from private networks"
        )


def embedded_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 one stands for: mapped (::ffff:a.b.c.d), 6to4, NAT64."""
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address in NAT64:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def refusal(address: IPAddress) -> str | None:
    """The kind of a non-public address (why it is refused), or None for the public Internet."""
    if isinstance(address, ipaddress.IPv6Address):
        inner = embedded_ipv4(address)
        if inner is not None:
            return refusal(inner)
    site_local = isinstance(address, ipaddress.IPv6Address) and address.is_site_local
    kinds = (
        ("loopback", address.is_loopback),
        ("unspecified", address.is_unspecified),
        ("link-local", address.is_link_local),
        ("multicast", address.is_multicast),  # is_global says yes to most of it
        ("private", address.is_private),  # RFC 1918, fc00::/7, documentation, ...
        ("site-local", site_local),  # fec0::/10, deprecated, is_global says yes
        ("reserved", address.is_reserved),
        ("non-public", not address.is_global),  # 100.64.0.0/10 (carrier-grade NAT)
    )
    return next((kind for kind, hit in kinds if hit), None)


@dataclass(frozen=True)
class AddressPolicy:
    """Where the harvester may connect: the public Internet; with `allow_private`, anywhere."""

    allow_private: bool = False

    def check(self, host: str, addresses: Iterable[IPAddress]) -> None:
        """RefusedAddress for the first address of `host` off the public Internet."""
        if self.allow_private:
            return
        for address in addresses:
            kind = refusal(address)
            if kind is not None:
                raise RefusedAddress(host, address, kind)


def resolve(host: str, port: int) -> list[IPAddress]:
    """Every address `host` resolves to, in the resolver's order (a literal is itself)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(ipaddress.ip_address(str(info[4][0])) for info in infos))


def check_scheme(url: str | httpx.URL) -> None:
    scheme = url.scheme if isinstance(url, httpx.URL) else urlsplit(url).scheme
    if scheme.lower() not in SCHEMES:
        raise RefusedScheme(scheme)


def check_url(url: str, policy: AddressPolicy, resolver: Resolver = resolve) -> None:
    """Refused for a URL the client would refuse, resolving its host now: an early answer for a
    form or a command. A name that does not resolve now is let through (the connection will
    say why it fails), and the client checks again where it connects."""
    check_scheme(url)
    parts = urlsplit(url)
    if policy.allow_private or not parts.hostname:
        return
    try:
        addresses = resolver(parts.hostname, parts.port or 80)
    except (OSError, ValueError):  # no such name (now), or a port that is not one
        return
    policy.check(parts.hostname, addresses)


class GuardedBackend(httpcore.NetworkBackend):
    """httpcore's network backend under an AddressPolicy, applied where the connection is made:
    resolve the name, check every address, connect to a checked one. TLS still verifies and
    sends SNI for the name: httpcore starts TLS on this connection with the URL's host."""

    def __init__(
        self,
        policy: AddressPolicy = AddressPolicy(),
        resolver: Resolver = resolve,
        inner: httpcore.NetworkBackend | None = None,
    ) -> None:
        self.policy = policy
        self.resolver = resolver
        self.inner = inner or httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        try:
            addresses = self.resolver(host, port)
        except OSError as err:  # httpx reports it as a ConnectError, like its own resolving
            raise httpcore.ConnectError(f"{host}: {err}") from err
        self.policy.check(host, addresses)
        failure: Exception = httpcore.ConnectError(f"{host}: no address")
        for address in addresses:  # as socket.create_connection does: the first that answers
            try:
                return self.inner.connect_tcp(
                    str(address), port, timeout, local_address, socket_options
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as err:
                failure = err
        raise failure


@functools.cache
def trusted() -> ssl.SSLContext:
    """httpx's default TLS context, built once a process: every client loaded the certificates
    twice, 40-90 ms of CPU, and a full-text batch starts one."""
    return httpx.create_ssl_context()


class GuardedTransport(httpx.HTTPTransport):
    """httpx's transport on a network backend of our choosing, for http and https only."""

    def __init__(self, network: httpcore.NetworkBackend) -> None:
        super().__init__(verify=trusted())
        # httpx 0.28 takes no network backend (encode/httpx#3180): the pool it built is
        # replaced by one like it (httpx's default limits) on ours.
        self._pool = httpcore.ConnectionPool(
            ssl_context=trusted(),
            max_connections=100,
            max_keepalive_connections=20,
            keepalive_expiry=5.0,
            network_backend=network,
        )

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        check_scheme(request.url)
        return super().handle_request(request)


def http_client(
    timeout: float = 60.0,
    allow_private: bool = False,
    network: httpcore.NetworkBackend | None = None,
) -> httpx.Client:
    """The harvester's client. `network` replaces the guarded backend (tests give one that
    routes test names to loopback); a transport of our own also keeps environment proxies out."""
    transport = GuardedTransport(network or GuardedBackend(AddressPolicy(allow_private)))
    return httpx.Client(transport=transport, timeout=timeout, headers={"User-Agent": USER_AGENT})


class BodyRefused(Exception):
    """A body no longer read: over its size cap, or still arriving at its deadline."""


@dataclass(frozen=True)
class Deadline:
    """One download's overall time limit. httpx's timeouts are per socket operation: a server
    sending a byte a second never trips them. So the body is streamed and the clock checked
    between chunks, and every socket timeout is cut to what is left, so that a stalled
    socket wakes up at the deadline too."""

    seconds: float
    at: float  # time.monotonic()

    @classmethod
    def start(cls, seconds: float) -> "Deadline":
        return cls(seconds, time.monotonic() + seconds)

    def passed(self) -> bool:
        return time.monotonic() >= self.at - 0.01  # a timeout cut to the deadline ends at it

    def timeout(self, configured: httpx.Timeout) -> httpx.Timeout:
        """`configured`, each part no longer than the time left."""
        left = max(self.at - time.monotonic(), 0.01)

        def cut(value: float | None) -> float:
            return left if value is None else min(value, left)

        return httpx.Timeout(
            connect=cut(configured.connect),
            read=cut(configured.read),
            write=cut(configured.write),
            pool=cut(configured.pool),
        )

    @property
    def message(self) -> str:
        return f"not finished within the {self.seconds:g}-second deadline"


def read_body(response: httpx.Response, max_bytes: int, deadline: Deadline) -> bytes:
    """The body of a streamed response, refused as soon as it is over `max_bytes` (announced or
    counted: decompressed bytes count) or still arriving at the deadline."""
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise BodyRefused(f"{int(declared):,} bytes, over the {max_bytes:,}-byte cap")
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > max_bytes:
            raise BodyRefused(f"over the {max_bytes:,}-byte cap")
        if deadline.passed():
            raise BodyRefused(deadline.message)
        chunks.append(chunk)
    return b"".join(chunks)
