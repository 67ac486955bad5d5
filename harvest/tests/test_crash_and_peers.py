"""A harvest killed with SIGKILL resumes to the state of a clean run; the portal's own /oai/
and a provider written by others (the `oaipmh` package's server) harvest completely."""

import json
import os
import signal
import sqlite3
import threading
import time
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.management import call_command
from oaipmh import common, metadata, server

from harvest.models import HarvestRun, HarvestSource
from harvest.runs import run_harvest
from harvest.testing.provider import Item, Provider, Running
from harvest.tests import subprocess_db as sub
from library.models import Document, Source


@pytest.fixture(scope="session")
def template(tmp_path_factory):
    return sub.migrated(tmp_path_factory.mktemp("harvest-db") / "template.sqlite3")


def test_a_harvest_killed_anywhere_resumes_to_the_clean_result(template, tmp_path):
    fake = Provider(items=[Item(n, f"Bản ghi {n}") for n in range(1, 61)], page_size=5, slow=0.15)
    fake.items[7].deleted = True
    running = Running(fake)
    try:
        clean = sub.copy(template, tmp_path / "clean.sqlite3")
        process = sub.manage(clean, "harvest", "--url", running.url, "--no-fulltext")
        assert process.wait(timeout=120) == 0, process.communicate()[1]
        crashed = sub.copy(template, tmp_path / "crashed.sqlite3")
        kills = 0
        for threshold in (4, 9):  # killed twice, part-way through different pages
            fake.requests.clear()
            # a lease of 0: the killed run's lock lapses at once (test_schedule waits it out)
            process = sub.manage(crashed, "harvest", "--url", running.url, "--no-fulltext", lease=0)
            while len(fake.requests) < threshold and process.poll() is None:
                time.sleep(0.02)
            time.sleep(0.07)  # land inside the handling of a page, not between requests
            os.kill(process.pid, signal.SIGKILL)
            process.wait()
            kills += 1
        process = sub.manage(crashed, "harvest", "--url", running.url, "--no-fulltext")
        _, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
    finally:
        running.stop()
    assert kills == 2
    result, expected = sub.documents(crashed), sub.documents(clean)
    assert len(expected) == 59  # the deleted record was never held
    assert [r[:-1] for r in result] == [r[:-1] for r in expected]  # metadata, titles, …
    assert len({r[0] for r in result}) == len(result)  # no duplicates
    with sqlite3.connect(crashed) as db:
        runs = db.execute("SELECT status, pages FROM harvest_harvestrun").fetchall()
    assert runs == [("succeeded", 12)]  # one run, resumed, every page once


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("prefix", ["oai_dc", "mods"])
def test_the_portals_own_provider_round_trips_into_a_second_database(
    live_server, template, tmp_path, settings, prefix
):
    settings.OAI_PAGE_SIZE = 7
    call_command("seed_demo", documents=30, pdfs=2, offers=0, requests=0, seed=5)
    gone = Document.objects.order_by("id")[3]
    gone.withdraw("kiểm thử")
    second = sub.copy(template, tmp_path / "second.sqlite3")
    process = sub.manage(
        second, "harvest", "--url", f"{live_server.url}/oai/", "--metadata-prefix", prefix
    )
    out, err = process.communicate(timeout=240)
    assert process.returncode == 0, err
    assert "29 mới" in out and "2 trích xuất" in out
    harvested = {row[0]: row for row in sub.documents(second)}
    originals = Document.objects.active()
    assert len(harvested) == originals.count() == 29
    for document in originals:
        row = harvested[document.oai_identifier]
        assert row[1:6] == (
            document.title,
            document.title_lang,
            document.date,
            document.doc_type,
            document.language,
        )
        values = [(m["type"], m["value"]["value"], m["value"]["lang"]) for m in json.loads(row[6])]
        mine = [
            (m["type"], m["value"]["value"], m["value"].get("lang") or "")
            for m in document.metadata.raw_data
        ]
        assert values == mine, (values, mine)
    with sqlite3.connect(second) as db:
        texts = db.execute(
            "SELECT t.status, t.extractor, t.text FROM library_documenttext t "
            "JOIN library_documentfile f ON f.document_id = t.document_id"
        ).fetchall()
    assert len(texts) == 2 and all(s == "ok" and e == "pypdfium2" for s, e, _ in texts)


class PeerBackend:
    """The oaipmh package's own server, fed from a list: a provider written by others."""

    def __init__(self, records):
        self.records = records

    def identify(self):
        return common.Identify(
            "Kho ngoài",
            "http://127.0.0.1/peer",
            "2.0",
            ["a@b.vn"],
            datetime(2024, 1, 1),
            "persistent",
            "YYYY-MM-DDThh:mm:ssZ",
            [],
        )

    def listMetadataFormats(self, identifier=None):
        schema = "http://www.openarchives.org/OAI/2.0/oai_dc.xsd"
        return [("oai_dc", schema, "http://www.openarchives.org/OAI/2.0/oai_dc/")]

    def listRecords(self, metadataPrefix, set=None, from_=None, until=None):
        return [r for r in self.records if from_ is None or r[0].datestamp() >= from_]

    def listIdentifiers(self, metadataPrefix, set=None, from_=None, until=None):
        return [h for h, _, _ in self.listRecords(metadataPrefix, set, from_, until)]


@pytest.mark.django_db
def test_a_provider_written_by_others_harvests_completely(search_index):
    records = []
    for n in range(1, 24):
        header = common.Header(None, f"oai:peer:{n}", datetime(2024, 2, 1, 0, 0, n), [], n == 9)
        fields = {
            "title": [f"Tài liệu ngoài {n}"],
            "creator": [f"Người {n}"],
            "type": ["Article"],
            "language": ["vie"],
            "date": ["2019"],
        }
        records.append((header, common.Metadata(None, fields), None))
    registry = metadata.MetadataRegistry()
    registry.registerWriter("oai_dc", server.oai_dc_writer)
    peer = server.Server(PeerBackend(records), registry, resumption_batch_size=5)

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):
            params = {k: v[0] for k, v in parse_qs(urlsplit(self.path).query).items()}
            body = peer.handleRequest(params)
            body = body if isinstance(body, bytes) else body.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/xml; charset=utf-8")
            self.end_headers()
            self.wfile.write(body)

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        library = Source.objects.create(name="Kho ngoài", province="", slug="ngoai")
        source = HarvestSource.objects.create(
            source=library, base_url=f"http://127.0.0.1:{httpd.server_address[1]}/", fulltext=False
        )
        run = run_harvest(source)
    finally:
        httpd.shutdown()
    assert run.status == HarvestRun.Status.SUCCEEDED, run.message
    assert run.pages == 5 and run.new == 22
    document = Document.objects.get(origin_identifier="oai:peer:3")
    assert document.title == "Tài liệu ngoài 3" and document.language == "vi"
    assert document.origin_datestamp == datetime(2024, 2, 1, 0, 0, 3, tzinfo=UTC)
