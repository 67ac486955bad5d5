"""A small OAI-PMH provider the harvester tests start on loopback, and make misbehave.

Records are oai:test:1 … oai:test:N, one second apart from FIRST. `faults` maps a request's
number (1 = the first request) to what goes wrong then; every other request is answered
properly, a page of `page_size` at a time, with tokens "p<offset>".
"""

import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit
from xml.sax.saxutils import escape

FIRST = datetime(2025, 1, 1, tzinfo=UTC)


@dataclass
class Item:
    number: int
    title: str
    deleted: bool = False
    pdf: str = ""
    extra: str = ""  # raw XML added inside <metadata>'s dc

    @property
    def identifier(self) -> str:
        return f"oai:test:{self.number}"

    @property
    def datestamp(self) -> datetime:
        return FIRST + timedelta(seconds=self.number)


@dataclass
class Provider:
    items: list[Item] = field(default_factory=list)
    page_size: int = 10
    faults: dict[int, str] = field(default_factory=dict)
    slow: float = 0.0  # seconds before each answer
    requests: list[dict[str, str]] = field(default_factory=list)
    pdfs: dict[str, bytes] = field(default_factory=dict)

    # -- answers ---------------------------------------------------------------------------
    def record_xml(self, item: Item) -> str:
        stamp = item.datestamp.strftime("%Y-%m-%dT%H:%M:%SZ")
        status = ' status="deleted"' if item.deleted else ""
        header = (f"<header{status}><identifier>{item.identifier}</identifier>"
                  f"<datestamp>{stamp}</datestamp></header>")  # fmt: skip
        if item.deleted:
            return f"<record>{header}</record>"
        pdf = f"<dc:identifier>{escape(item.pdf)}</dc:identifier>" if item.pdf else ""
        return (
            f"<record>{header}<metadata><oai_dc:dc "
            'xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/">'
            f'<dc:title xml:lang="vi">{escape(item.title)}</dc:title>'
            f"<dc:creator>Tác giả {item.number}</dc:creator><dc:date>2020</dc:date>"
            f"<dc:type>Báo cáo</dc:type><dc:language>vi</dc:language>{pdf}{item.extra}"
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
            return (
                200,
                {},
                self.envelope(
                    "<Identify><repositoryName>Kho thử nghiệm</repositoryName>"
                    "<baseURL>http://127.0.0.1/oai</baseURL><protocolVersion>2.0</protocolVersion>"
                    "<adminEmail>a@b.vn</adminEmail><earliestDatestamp>2025-01-01T00:00:00Z"
                    "</earliestDatestamp><deletedRecord>persistent</deletedRecord>"
                    "<granularity>YYYY-MM-DDThh:mm:ssZ</granularity></Identify>"
                ).encode(),
            )
        if verb not in ("ListRecords", "ListIdentifiers"):
            return 200, {}, self.envelope('<error code="badVerb">?</error>').encode()
        items = self.items
        token = params.get("resumptionToken")
        if token:
            offset_text, _, since = token[1:].partition("-")
            if not token.startswith("p") or not offset_text.isdigit():
                return 200, {}, self.envelope('<error code="badResumptionToken"/>').encode()
            offset = int(offset_text)
            start = datetime.fromtimestamp(int(since), UTC) if since else None
        else:
            offset = 0
            start = None
            if "from" in params:
                start = datetime.strptime(params["from"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
        if start is not None:
            items = [i for i in items if i.datestamp >= start]
        if not items:
            return 200, {}, self.envelope('<error code="noRecordsMatch"/>').encode()
        page = items[offset : offset + self.page_size]
        following = offset + self.page_size
        body = "".join(self.record_xml(i) for i in page)
        if following < len(items):
            since = f"-{int(start.timestamp())}" if start else ""
            body += (f'<resumptionToken completeListSize="{len(items)}" cursor="{offset}">'
                     f"p{following}{since}</resumptionToken>")  # fmt: skip
        return 200, {}, self.envelope(f"<{verb}>{body}</{verb}>").encode()


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


class Handler(BaseHTTPRequestHandler):
    provider: Provider

    def log_message(self, *args) -> None:  # quiet
        pass

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        if parts.path.startswith("/pdf/"):
            data = self.provider.pdfs.get(parts.path, b"")
            self.send_response(200 if data else 404)
            kind = "application/pdf" if data.startswith(b"%PDF") else "text/html"
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
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
        status, headers, body = FAULTS[fault] if fault in FAULTS else self.provider.answer(params)
        if fault == "invalid-char":
            body = body.replace(b"</dc:title>", b"\x01</dc:title>", 1)
        if fault == "loop":
            body = body.replace(b">p20<", b">p10<")
        self.send_response(status)
        for name, value in {"Content-Type": "text/xml; charset=utf-8", **headers}.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


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
