"""The harvester's HTTP client stays out of the private network (harvest/http.py), whatever a
partner's record, redirect or DNS says. The protocol layer alone, no Django involved.

A partner on the Internet is played by the loopback provider behind a test network: the names
below resolve to public addresses, and connections to those addresses are routed to loopback.
"""

from ipaddress import ip_address

import httpcore
import pytest

from harvest.fulltext.fetch import Fetched, FetchError, fetch_fulltext
from harvest.http import AddressPolicy, GuardedBackend, http_client, refusal, resolve
from harvest.oai.errors import TransportError
from harvest.oai.transport import RetryPolicy, Transport

PARTNER = "93.184.216.34"  # a public address, routed to the loopback provider in these tests
DNS = {"thuvien.partner.example": [PARTNER], "intranet.partner.example": ["10.0.0.5"]}
PDF = b"%PDF-1.4 a partner's report"

REFUSED = {
    "127.0.0.1": "loopback",
    "127.8.9.10": "loopback",
    "10.1.2.3": "private",
    "172.16.5.4": "private",
    "192.168.1.1": "private",
    "169.254.169.254": "link-local",
    "0.0.0.0": "unspecified",
    "224.0.0.1": "multicast",
    "255.255.255.255": "private",
    "100.64.0.1": "non-public",
    "192.0.2.1": "private",
    "::1": "loopback",
    "::": "unspecified",
    "fc00::1": "private",
    "fd12:3456::1": "private",
    "fe80::1": "link-local",
    "ff02::1": "multicast",
    "fec0::1": "site-local",
    "::ffff:127.0.0.1": "loopback",
    "::ffff:169.254.169.254": "link-local",
    "2002:a00:1::": "private",  # 6to4 for 10.0.0.1
    "64:ff9b::7f00:1": "loopback",  # NAT64 for 127.0.0.1
    "::127.0.0.1": "reserved",  # IPv4-compatible (deprecated)
    "2001:db8::1": "private",
}
PUBLIC = [
    "8.8.8.8",
    "1.1.1.1",
    PARTNER,
    "2001:4860:4860::8888",
    "::ffff:8.8.8.8",
    "64:ff9b::808:808",
]


def fetch_pdf(http, url: str, max_bytes: int, **kwargs) -> Fetched:
    """A file link's PDF: a page in its place is an error, as on a landing page's links."""
    found = fetch_fulltext(http, url, max_bytes, read_pages=False, **kwargs)
    assert isinstance(found, Fetched)
    return found


@pytest.mark.parametrize(("address", "kind"), REFUSED.items())
def test_addresses_off_the_public_internet_are_refused_by_kind(address, kind):
    assert refusal(ip_address(address)) == kind


@pytest.mark.parametrize("address", PUBLIC)
def test_public_internet_addresses_are_allowed(address):
    assert refusal(ip_address(address)) is None


class Routed(httpcore.NetworkBackend):
    """Connections to `PARTNER` go to the loopback provider; every address asked is noted."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.connected: list[str] = []
        self.inner = httpcore.SyncBackend()

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        self.connected.append(host)
        if host == PARTNER:
            host, port = "127.0.0.1", self.port
        return self.inner.connect_tcp(host, port, timeout, local_address, socket_options)


def dns_with(answers=DNS):
    def lookup(host: str, port: int):
        return [ip_address(a) for a in answers[host]] if host in answers else resolve(host, port)

    return lookup


@pytest.fixture
def partner(provider):
    """(provider, running, routed network, client): the provider as a partner on the Internet."""
    fake, running = provider
    fake.pdfs = {"/pdf/a.pdf": PDF, "/internal/secret.pdf": b"%PDF-1.4 the intranet's secret"}
    routed = Routed(running.server.server_address[1])
    network = GuardedBackend(AddressPolicy(), resolver=dns_with(), inner=routed)
    with http_client(5, network=network) as client:
        yield fake, running, routed, client


def test_a_partner_on_the_internet_is_fetched(partner):
    _, _, routed, client = partner
    assert fetch_pdf(client, "http://thuvien.partner.example/pdf/a.pdf", 10_000).data == PDF
    assert routed.connected == [PARTNER]  # the address checked, never the name again


@pytest.mark.parametrize(
    ("location", "reason"),
    [
        ("http://127.0.0.1:{port}/internal/secret.pdf", "127.0.0.1 is a loopback address"),
        ("http://[::ffff:127.0.0.1]:{port}/internal/secret.pdf", "ffff.* is a loopback address"),
        ("http://localhost:{port}/internal/secret.pdf", "localhost is .* a loopback address"),
        (
            "http://intranet.partner.example/internal/secret.pdf",
            "intranet.partner.example is 10.0.0.5, a private address",
        ),
        ("file:///etc/passwd", "only http and https"),
        ("gopher://127.0.0.1:{port}/", "only http and https"),
    ],
)
def test_a_redirect_into_the_private_network_is_not_followed(partner, location, reason):
    fake, running, routed, client = partner
    port = running.server.server_address[1]
    fake.redirects = {"/pdf/moved.pdf": location.format(port=port)}
    with pytest.raises(FetchError, match=reason):
        fetch_pdf(client, "http://thuvien.partner.example/pdf/moved.pdf", 10_000)
    assert fake.fetched == ["/pdf/moved.pdf"]  # the partner was asked; the secret never was
    assert routed.connected == [PARTNER]


def test_a_name_is_connected_to_at_the_address_that_was_checked(provider):
    """DNS rebinding: the partner's DNS answers a public address, then a private one."""
    fake, running = provider
    fake.pdfs = {"/pdf/a.pdf": PDF}
    answers = iter([[PARTNER], ["127.0.0.1"]])
    routed = Routed(running.server.server_address[1])

    def rebinding(host, port):
        return [ip_address(a) for a in next(answers)]

    network = GuardedBackend(AddressPolicy(), resolver=rebinding, inner=routed)
    with http_client(5, network=network) as client:
        assert fetch_pdf(client, "http://rebind.example/pdf/a.pdf", 10_000).data == PDF
    with http_client(5, network=network) as client:  # a new connection asks the DNS again
        with pytest.raises(FetchError, match=r"rebind\.example is 127\.0\.0\.1, a loopback"):
            fetch_pdf(client, "http://rebind.example/pdf/a.pdf", 10_000)
    assert routed.connected == [PARTNER] and fake.fetched == ["/pdf/a.pdf"]


def test_a_name_with_any_private_address_is_refused(provider):
    _, running = provider
    routed = Routed(running.server.server_address[1])
    dns = dns_with({"mixed.example": [PARTNER, "192.168.1.20"]})
    with http_client(5, network=GuardedBackend(AddressPolicy(), dns, routed)) as client:
        with pytest.raises(FetchError, match=r"mixed\.example is 192\.168\.1\.20, a private"):
            fetch_pdf(client, "http://mixed.example/pdf/a.pdf", 10_000)
    assert routed.connected == []


def test_the_private_network_is_reached_only_when_allowed(provider):
    fake, running = provider
    fake.pdfs = {"/pdf/a.pdf": PDF}
    with http_client(5) as client, pytest.raises(FetchError, match="loopback"):
        fetch_pdf(client, f"{running.root}/pdf/a.pdf", 10_000)
    with http_client(5, allow_private=True) as client:
        assert fetch_pdf(client, f"{running.root}/pdf/a.pdf", 10_000).data == PDF
    assert fake.fetched == ["/pdf/a.pdf"]


def test_the_oai_transport_refuses_a_private_provider_without_retrying(provider):
    fake, running = provider
    waits: list[float] = []
    transport = Transport(http_client(5), RetryPolicy(), sleep=waits.append)
    with pytest.raises(TransportError, match=r"127\.0\.0\.1 is a loopback address"):
        transport.get(running.url, {"verb": "Identify"})
    assert fake.requests == [] and waits == []


def test_proxies_from_the_environment_are_not_used(provider, monkeypatch):
    # A proxy would make the connections itself, wherever the partner's name leads.
    fake, running = provider
    fake.pdfs = {"/pdf/a.pdf": PDF}
    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:9")  # nothing listens there
    monkeypatch.setenv("ALL_PROXY", "http://127.0.0.1:9")
    routed = Routed(running.server.server_address[1])
    with http_client(5, network=GuardedBackend(AddressPolicy(), dns_with(), routed)) as client:
        assert fetch_pdf(client, "http://thuvien.partner.example/pdf/a.pdf", 10_000).data == PDF
    assert routed.connected == [PARTNER]
