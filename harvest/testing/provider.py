"""A small OAI-PMH provider the harvester tests start on loopback, and make misbehave.

Records are oai:test:1 … oai:test:N, one second apart from FIRST (or each at its `stamp`).
`faults` maps a request's number (1 = the first request) to what goes wrong then; every other
request is answered properly, a page of `page_size` at a time, with tokens
"p<offset>-<from>-g<generation>".

What real providers do that the protocol allows or forbids, each switched on by a field:
`order` lists by datestamp (most), by identifier (django-oai-pmh) or newest first (MOAI);
`expire_tokens()` makes every token issued so far invalid (a restarted provider); `sets=False`
ignores the set argument and lists everything; `empty_last_page` ends a list with an empty
page that carries the same token again (DOAJ); `stuck` answers every token with the first page
and a new token, for ever.
`hostile(n, kind)` is record n made hostile in one of the HOSTILE ways: well-formed OAI-PMH,
but values no column or page should take as they come.
It also serves files (`pdfs`, by path), redirects (`redirects`), and answers as slowly as a
hostile server (`trickle`).
"""

import re
import threading
import time
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit
from xml.sax.saxutils import escape, quoteattr

FIRST = datetime(2025, 1, 1, tzinfo=UTC)


@dataclass
class Item:
    number: int
    title: str
    deleted: bool = False
    pdf: str = ""
    extra: str = ""  # raw XML added inside <metadata>'s dc
    sets: tuple[str, ...] = ()  # setSpecs in the header
    local: str = ""  # the identifier's local part, when it is not the number
    title_lang: str = "vi"  # the title's xml:lang (escaped, so any text arrives as given)
    date: str = "2020"
    language: str = "vi"  # dc:language
    stamp: datetime | None = None  # its datestamp, when not FIRST + number seconds

    @property
    def identifier(self) -> str:
        return f"oai:test:{self.local or self.number}"

    @property
    def datestamp(self) -> datetime:
        return self.stamp or FIRST + timedelta(seconds=self.number)


@dataclass
class Provider:
    items: list[Item] = field(default_factory=list)
    page_size: int = 10
    faults: dict[int, str] = field(default_factory=dict)
    slow: float = 0.0  # seconds before each answer
    requests: list[dict[str, str]] = field(default_factory=list)
    pdfs: dict[str, bytes] = field(default_factory=dict)  # path -> body: PDFs, or anything
    redirects: dict[str, str] = field(default_factory=dict)  # path -> Location of a 302
    # path prefix -> seconds between the 100-byte pieces of each answer under it
    trickle: dict[str, float] = field(default_factory=dict)
    fetched: list[str] = field(default_factory=list)  # paths of the files and redirects asked
    link_headers: dict[str, list[str]] = field(default_factory=dict)  # path -> Link: values
    statuses: dict[str, int] = field(default_factory=dict)  # path -> status (401, 403, …)
    flooded: int = 0  # bytes of the "flood" answer sent before the client hung up
    order: str = "datestamp"  # or "identifier", "newest-first"
    sets: bool = True  # False: the set argument is ignored
    empty_last_page: bool = False
    stuck: bool = False
    generation: int = 0  # tokens of another generation are expired
    repository_identifier: str = "kho.thu.vn"
    formats: tuple[str, ...] = ("oai_dc",)  # what ListMetadataFormats offers
    repository_name: str = "Kho thử nghiệm"

    def expire_tokens(self) -> None:
        self.generation += 1

    def listed(self, set_spec: str | None, start: datetime | None) -> list[Item]:
        items = list(self.items)
        if set_spec and self.sets:
            items = [
                i
                for i in items
                if any(s == set_spec or s.startswith(f"{set_spec}:") for s in i.sets)
            ]
        if start is not None:
            items = [i for i in items if i.datestamp >= start]
        if self.order == "identifier":
            items.sort(key=lambda i: i.identifier)
        elif self.order == "newest-first":
            items.sort(key=lambda i: i.datestamp, reverse=True)
        return items

    # -- answers ---------------------------------------------------------------------------
    def record_xml(self, item: Item) -> str:
        stamp = item.datestamp.strftime("%Y-%m-%dT%H:%M:%SZ")
        status = ' status="deleted"' if item.deleted else ""
        specs = "".join(f"<setSpec>{escape(spec)}</setSpec>" for spec in item.sets)
        header = (
            f"<header{status}><identifier>{item.identifier}</identifier>"
            f"<datestamp>{stamp}</datestamp>{specs}</header>"
        )
        if item.deleted:
            return f"<record>{header}</record>"
        pdf = f"<dc:identifier>{escape(item.pdf)}</dc:identifier>" if item.pdf else ""
        return (
            f"<record>{header}<metadata><oai_dc:dc "
            'xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/">'
            f"<dc:title xml:lang={quoteattr(item.title_lang)}>{escape(item.title)}</dc:title>"
            f"<dc:creator>Tác giả {item.number}</dc:creator><dc:date>{escape(item.date)}</dc:date>"
            f"<dc:type>Báo cáo</dc:type><dc:language>{escape(item.language)}</dc:language>"
            f"{pdf}{item.extra}"
            "</oai_dc:dc></metadata></record>"
        )

    def envelope(self, inner: str) -> str:
        return (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/">'
            f"<responseDate>{datetime.now(UTC):%Y-%m-%dT%H:%M:%SZ}</responseDate>"
            f"<request>http://127.0.0.1/oai</request>{inner}</OAI-PMH>"
        )

    def answer(self, params: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        verb = params.get("verb")
        if verb == "Identify":
            return 200, {}, self.envelope(self.identify()).encode()
        if verb == "ListMetadataFormats":
            body = "".join(
                f"<metadataFormat><metadataPrefix>{p}</metadataPrefix><schema>http://x/{p}.xsd"
                f"</schema><metadataNamespace>http://x/{p}/</metadataNamespace></metadataFormat>"
                for p in self.formats
            )
            return (
                200,
                {},
                self.envelope(f"<ListMetadataFormats>{body}</ListMetadataFormats>").encode(),
            )
        if verb == "ListSets":
            specs = sorted({spec for item in self.items for spec in item.sets})
            body = "".join(
                f"<set><setSpec>{escape(s)}</setSpec><setName>Tập {escape(s)}</setName></set>"
                for s in specs
            )
            return 200, {}, self.envelope(f"<ListSets>{body}</ListSets>").encode()
        if verb not in ("ListRecords", "ListIdentifiers"):
            return 200, {}, self.envelope('<error code="badVerb">?</error>').encode()
        token = params.get("resumptionToken")
        if token:
            position = TOKEN.fullmatch(token)
            if position is None or int(position["generation"]) != self.generation:
                return 200, {}, self.envelope('<error code="badResumptionToken"/>').encode()
            asked = int(position["offset"])
            offset = 0 if self.stuck else asked
            since = position["since"]
            start = datetime.fromtimestamp(int(since), UTC) if since else None
            set_spec = position["set"] or None
        else:
            asked, offset, start, set_spec = 0, 0, None, params.get("set")
            if "from" in params:
                start = datetime.strptime(params["from"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
        items = self.listed(set_spec, start)
        if not items:
            return 200, {}, self.envelope('<error code="noRecordsMatch"/>').encode()
        page = items[offset : offset + self.page_size]
        following = asked + self.page_size  # stuck: the first page again, the token moves on
        body = "".join(self.record_xml(i) for i in page)
        more = following < len(items) or self.stuck or (self.empty_last_page and page)
        if more:
            since = str(int(start.timestamp())) if start else ""
            next_token = f"p{following}-{since}-{set_spec or ''}-g{self.generation}"
            body += (
                f'<resumptionToken completeListSize="{len(items)}" cursor="{offset}">'
                f"{escape(next_token)}</resumptionToken>"
            )
        elif self.empty_last_page and token:  # the same token again, on an empty page
            body += (
                f'<resumptionToken completeListSize="{len(items)}" cursor="{offset}">'
                f"{escape(token)}</resumptionToken>"
            )
        return 200, {}, self.envelope(f"<{verb}>{body}</{verb}>").encode()

    def identify(self) -> str:
        return (
            f"<Identify><repositoryName>{escape(self.repository_name)}</repositoryName>"
            "<baseURL>http://127.0.0.1/oai</baseURL><protocolVersion>2.0</protocolVersion>"
            "<adminEmail>a@b.vn</adminEmail><earliestDatestamp>2025-01-01T00:00:00Z"
            "</earliestDatestamp><deletedRecord>persistent</deletedRecord>"
            "<granularity>YYYY-MM-DDThh:mm:ssZ</granularity><description>"
            '<oai-identifier xmlns="http://www.openarchives.org/OAI/2.0/oai-identifier">'
            f"<scheme>oai</scheme><repositoryIdentifier>{self.repository_identifier}"
            "</repositoryIdentifier><delimiter>:</delimiter>"
            f"<sampleIdentifier>oai:{self.repository_identifier}:1</sampleIdentifier>"
            "</oai-identifier></description></Identify>"
        )


TOKEN = re.compile(r"p(?P<offset>\d+)-(?P<since>\d*)-(?P<set>[^-]*)-g(?P<generation>\d+)")

# What a hostile record looks like, named for what it shows (see `hostile`).
INJECTION = 'vi" onmouseover="alert(1)'  # an attribute's end and a script, as an xml:lang
HOSTILE: dict[str, dict[str, Any]] = {
    "identifier-over-500": {"local": "dai-" * 150},  # 609 characters with "oai:test:"
    "identifier-repeated": {"local": "1"},  # a second oai:test:1 (on the fixture's first page)
    "pdf-link-over-1000": {"pdf": "http://127.0.0.1/pdf/" + "a" * 1000 + ".pdf"},
    "title-of-a-megabyte": {"title": "Nuôi tôm sú thâm canh " * 50_000},  # 1.1 M characters
    "title-lang-injection": {"title_lang": INJECTION},
    "creator-lang-injection": {
        "extra": f"<dc:creator xml:lang={quoteattr(INJECTION)}>Lê Thị Hoa</dc:creator>"
    },
    "title-lang-mixed-case": {"title_lang": "EN-us"},
    # UTF-8 read as Windows-1252 on its way (a MySQL column in latin1, say)
    "title-double-encoded": {"title": "Nuôi tôm sú thâm canh".encode().decode("cp1252")},
    "date-over-32": {"date": "ngày 2 tháng 3 năm 2015, tái bản lần thứ hai có sửa chữa"},
}


def item(number: int) -> Item:
    """Record `number` as the `provider` fixture has it."""
    return Item(number, f"Nghiên cứu số {number} về thủy sản")


def hostile(number: int, kind: str) -> Item:
    """Record `number` made hostile in the HOSTILE way `kind`."""
    return replace(item(number), **HOSTILE[kind])


HEAD = '<?xml version="1.0" encoding="{}"?><OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/">'
STAMP = "<responseDate>2025-01-01T00:00:00Z</responseDate><request>x</request>"
FAULTS = {
    "503": (503, {"Retry-After": "1"}, b"busy"),
    # An HTTP-date decades away, so it is never in the past when a test runs: the wait is the cap.
    "503-date": (503, {"Retry-After": "Fri, 01 Jan 2100 00:00:00 GMT"}, b"busy"),
    "429": (429, {"Retry-After": "1"}, b"slow down"),
    "500": (500, {}, b"oops"),
    "502": (502, {}, b"bad gateway"),
    "html": (
        200,
        {"Content-Type": "text/html"},
        b"<!DOCTYPE html><html><body>Bao tri</body></html>",
    ),
    "truncated": (200, {}, (HEAD.format("UTF-8") + "<responseDate>").encode()),
    "latin1": (
        200,
        {},
        (
            HEAD.format("ISO-8859-1") + STAMP + '<error code="noRecordsMatch">Thư</error></OAI-PMH>'
        ).encode(),
    ),
    "nomatch": (
        200,
        {},
        (HEAD.format("UTF-8") + STAMP + '<error code="noRecordsMatch"/></OAI-PMH>').encode(),
    ),
    "unknown-code": (
        200,
        {},
        (
            HEAD.format("UTF-8")
            + STAMP
            + '<error code="serverBusy">Could not send Message.</error></OAI-PMH>'
        ).encode(),
    ),
    "badtoken": (
        200,
        {},
        (
            HEAD.format("UTF-8")
            + STAMP
            + '<error code="badResumptionToken">expired</error></OAI-PMH>'
        ).encode(),
    ),
}


FLOOD = 256 * 1024 * 1024  # the "flood" fault: a ListRecords answer this long, unannounced


class Handler(BaseHTTPRequestHandler):
    provider: Provider

    def log_message(self, *args) -> None:  # quiet
        pass

    def send_body(self, body: bytes) -> None:
        pause = next((s for p, s in self.provider.trickle.items() if self.path.startswith(p)), 0)
        if not pause:
            self.wfile.write(body)
            return
        try:
            for start in range(0, len(body), 100):
                self.wfile.write(body[start : start + 100])
                self.wfile.flush()
                time.sleep(pause)
        except OSError:  # the client gave up
            pass

    def flood(self) -> None:
        """A ListRecords answer that goes on and on, without a Content-Length."""
        self.send_response(200)
        self.send_header("Content-Type", "text/xml; charset=utf-8")
        self.send_header("Connection", "close")
        self.end_headers()
        piece = b"<!-- " + b"x" * 65_000 + b" -->"
        try:
            self.wfile.write((HEAD.format("UTF-8") + STAMP + "<ListRecords>").encode())
            while self.provider.flooded < FLOOD:
                self.wfile.write(piece)
                self.provider.flooded += len(piece)
        except OSError:  # the client hung up
            pass
        self.close_connection = True

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        if parts.path in self.provider.redirects:
            self.provider.fetched.append(parts.path)
            self.send_response(302)
            self.send_header("Location", self.provider.redirects[parts.path])
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if (
            parts.path.startswith("/pdf/")
            or parts.path in self.provider.pdfs
            or parts.path in self.provider.statuses
        ):
            self.provider.fetched.append(parts.path)
            data = self.provider.pdfs.get(parts.path, b"")
            self.send_response(self.provider.statuses.get(parts.path, 200 if data else 404))
            kind = "application/pdf" if data.startswith(b"%PDF") else "text/html"
            self.send_header("Content-Type", kind)
            for value in self.provider.link_headers.get(parts.path, []):
                self.send_header("Link", value)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.send_body(data)
            return
        params = {k: v[0] for k, v in parse_qs(parts.query).items()}
        self.provider.requests.append(params)
        number = len(self.provider.requests)
        if self.provider.slow:
            time.sleep(self.provider.slow)
        fault = self.provider.faults.get(number)
        if fault == "drop":
            self.connection.close()
            return
        if fault == "flood":
            self.flood()
            return
        status, headers, body = FAULTS[fault] if fault in FAULTS else self.provider.answer(params)
        if fault == "invalid-char":
            body = body.replace(b"</dc:title>", b"\x01</dc:title>", 1)
        if fault == "loop":
            body = re.sub(rb">p20-", b">p10-", body)
        self.send_response(status)
        for name, value in {"Content-Type": "text/xml; charset=utf-8", **headers}.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.send_body(body)


class Running:
    def __init__(self, provider: Provider) -> None:
        handler = type("BoundHandler", (Handler,), {"provider": provider})
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        # shutdown() waits for the serving loop's next poll: 0.05 s, not the default 0.5 s.
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self.thread.start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/oai"
        self.root = f"http://127.0.0.1:{self.server.server_address[1]}"

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
