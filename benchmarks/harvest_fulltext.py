"""A full-text harvest end to end, as production runs it: a loopback OAI-PMH provider whose
records link PDFs of 10-20 pages of Vietnamese text, `manage.py harvest` listing them and
queueing their PDFs, then `manage.py db_worker` processes (the database task backend and
production's settings, as deploy/ runs them) fetching, storing, reading and indexing them into
the embedded engine.

    .venv/bin/python benchmarks/harvest_fulltext.py [--records 1000] [--workers 2]
        [--root DIR ...] [--profile] [--cache DIR]

Each --root is a checkout to harvest with (default: this one; `git archive <commit> | tar -x
-C DIR` gives an older one), measured one after the other against the same provider and PDFs,
each into a new SQLite database and PORTAL_VAR_DIR. The time runs from the harvest's start to
the last worker's end, when every PDF has been read and indexed; the script then checks that
none is pending, that the run succeeded and that the index holds every document. Its fixed costs
(the listing, each worker's start-up: Django, its forkserver's tables, about 5 s of CPU in all)
weigh on a run of 1,000 PDFs: at 2814fd0, 29.4 to 32.2 PDFs/s in three runs of 1,000, 34.3 and
34.5 in two of 3,000. --records 3000 comes nearer a long harvest's pace.

The PDFs are distinct (dedup cannot short-cut them) and built once into --cache: chapters of 4-5
pages are drawn from the demo generator's text (library.demo: fpdf2, DejaVu embedded, about a
second a chapter), and each record's PDF joins 3 or 4 of them in its own order (pypdfium2).

First, the CPU a PDF costs in this one process, stage by stage, on the first 50 PDFs: the
extraction (pypdfium2), the reading (repair and quality), the index's text analysis (search
.records) and tantivy's own indexing of those texts (in batches of 32, a commit each: a harvest
batch's write to an idle index; search.backlog coalesces them while it is busy), each with its
tables warm: what two cores can do at best, whatever the plumbing;
and beside them bare pypdfium2 on the same PDFs, what the extraction engine alone allows.

While it runs, the CPU each kind of process of the run uses is read from /proc every 0.1 s:
the db_workers themselves, their extraction workers (the forkserver's children), the harvest
command and this process (the loopback provider); against the wall time of both cores, it says
whether the run used them fully (a process that ends between two reads loses up to 0.1 s).

With --profile each worker runs under cProfile, and the seconds spent in each stage of the
workers' own processes (the extraction itself runs in their children) are printed, summed over
the workers. cProfile slows Python code down: its shares say where the time goes, not how fast.
"""

import argparse
import contextlib
import io
import os
import pstats
import random
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from _server import harvest_env  # noqa: E402
from machine import ProcessStat, process_stat  # noqa: E402

from library.cores import usable_cores  # noqa: E402

OAI = "http://www.openarchives.org/OAI/2.0/"
PAGE = 100  # records per ListRecords answer
EPOCH = datetime(2025, 1, 1, tzinfo=UTC)
CHAPTERS = 40
# Where the workers' time goes (--profile): a label, and the function's (file, name) as
# cProfile keys it; a missing one (an older checkout) is printed as such.
STAGES = [
    ("whole batches (extract_fulltext)", "harvest/tasks.py", "extract_fulltext"),
    ("fetch over HTTP", "harvest/fulltext/fetch.py", "fetch_fulltext"),
    ("store + dedup (store_bytes)", "library/files.py", "store_bytes"),
    ("extract_many (new: pulls the fetches)", "harvest/fulltext/workers.py", "extract_many"),
    ("repair() in the batch's process", "library/vietnamese/legacy.py", "repair"),
    ("quality() in the batch's process", "library/vietnamese/quality.py", "quality"),
    ("repair + quality in the batch's process", "library/vietnamese/reading.py", "read"),
    ("record_extraction (DB, with repair)", "library/fulltext.py", "record_extraction"),
    ("record_reading (DB)", "library/fulltext.py", "record_reading"),
    ("lease renewals", "harvest/tasks.py", "renew_lease"),
    ("lease renewals", "harvest/tasks.py", "renew"),
    ("run counters (settle)", "harvest/tasks.py", "settle"),
    ("index writes (index_items)", "search/indexing.py", "index_items"),
    ("tantivy commits", "search/engines/embedded.py", "_write"),
    ("index catch-up (update)", "search/indexing.py", "update"),
]


def chapters(cache: Path) -> list[bytes]:
    """CHAPTERS PDFs of 4-5 pages of demo text, rendered once into `cache`."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
    made = []
    for n in range(CHAPTERS):
        path = cache / f"chapter-{n}.pdf"
        if not path.exists():
            import django

            django.setup()
            from library.demo.generator import make_record
            from library.demo.pdf import render_pdf

            record = make_record(17, n)
            body = f"{record.fulltext}\n\n{make_record(17, 1000 + n).fulltext}"
            path.write_bytes(render_pdf(record.title, record.creators, body)[0])
        made.append(path.read_bytes())
    return made


def build_pdfs(cache: Path, records: int) -> list[Path]:
    """A distinct PDF of 10-20 pages per record, joined from chapters in its own order."""
    import pypdfium2

    pool = chapters(cache)
    paths = []
    for n in range(records):
        path = cache / f"record-{n}.pdf"
        if not path.exists():
            rng = random.Random(n)
            joined = pypdfium2.PdfDocument.new()
            for data in rng.sample(pool, rng.choice((3, 4))):
                source = pypdfium2.PdfDocument(data)
                joined.import_pages(source)
                source.close()
            out = io.BytesIO()
            joined.save(out)
            joined.close()
            path.write_bytes(out.getvalue())
        paths.append(path)
    return paths


def cpu_per_pdf(pdfs: list[Path]) -> str:
    """Milliseconds of CPU a PDF, per stage, in this process."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
    import django

    django.setup()
    from harvest.fulltext.extract import extract
    from library.vietnamese.quality import english_words
    from library.vietnamese.reading import read
    from search.engines.embedded import EmbeddedEngine
    from search.records import texts

    english_words()
    data = [path.read_bytes() for path in pdfs]
    spent = {}
    started = time.process_time()
    for pdf in data:
        bare_pdfium(pdf)
    bare = time.process_time() - started
    started = time.process_time()
    extractions = [extract(pdf) for pdf in data]
    spent["extract"] = time.process_time() - started
    started = time.process_time()
    readings = [read(extraction.text) for extraction in extractions]
    spent["read (repair, quality)"] = time.process_time() - started
    started = time.process_time()
    records = [
        {"uid": f"document:{n}", "kind": "document", "pk": n, **texts("body", [reading.text])}
        for n, reading in enumerate(readings)
    ]
    spent["index analysis"] = time.process_time() - started
    # tantivy indexes on its own thread; one of its threads may still write a file into the
    # directory as it is removed (once: "Directory not empty"), which does not void the figures
    with tempfile.TemporaryDirectory(ignore_cleanup_errors=True) as directory:
        engine = EmbeddedEngine(directory)
        started = time.process_time()
        for start in range(0, len(records), 32):  # a batch's records, one commit
            engine.upsert(records[start : start + 32])
        spent["tantivy's indexing"] = time.process_time() - started
    pages = sum(extraction.pages or 0 for extraction in extractions) / len(data)
    letters = sum(len(extraction.text) for extraction in extractions) / len(data)
    each = ", ".join(f"{name} {seconds / len(data) * 1000:.0f}" for name, seconds in spent.items())
    total = sum(spent.values()) / len(data)
    cores = usable_cores()
    return (
        f"CPU a PDF ({pages:.1f} pages, {letters / pages:,.0f} characters a page), ms: {each}; "
        f"{total * 1000:.0f} in all, so at best {cores / total:.0f} PDFs/s on {cores} idle "
        f"cores\n  bare pypdfium2 (open, each page's text, close; nothing else) "
        f"{bare / len(data) * 1000:.0f} ms a PDF: {cores * len(data) / bare:.0f} PDFs/s on "
        f"{cores} cores if extraction were all there is"
    )


def bare_pdfium(data: bytes) -> list[str]:
    """The engine alone: each page's text, as `extract` asks pypdfium2 for it."""
    import pypdfium2

    pdf = pypdfium2.PdfDocument(data)
    texts = []
    for index in range(len(pdf)):
        page = pdf[index]
        textpage = page.get_textpage()
        texts.append(textpage.get_text_bounded())
        textpage.close()
        page.close()
    pdf.close()
    return texts


def envelope(body: str) -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><OAI-PMH xmlns="{OAI}"><responseDate>'
        f"2025-01-01T00:00:00Z</responseDate><request>http://127.0.0.1/oai</request>{body}"
        "</OAI-PMH>"
    ).encode()


IDENTIFY = envelope(
    "<Identify><repositoryName>Kho toàn văn</repositoryName><baseURL>http://127.0.0.1/oai"
    "</baseURL><protocolVersion>2.0</protocolVersion><adminEmail>a@b.vn</adminEmail>"
    "<earliestDatestamp>2025-01-01T00:00:00Z</earliestDatestamp><deletedRecord>no"
    "</deletedRecord><granularity>YYYY-MM-DDThh:mm:ssZ</granularity></Identify>"
)


def list_records(base: str, start: int, total: int) -> bytes:
    records = []
    for n in range(start, min(start + PAGE, total)):
        stamp = (EPOCH + timedelta(seconds=n)).strftime("%Y-%m-%dT%H:%M:%SZ")
        records.append(
            f"<record><header><identifier>oai:bench:{n}</identifier><datestamp>{stamp}"
            f'</datestamp></header><metadata><oai_dc:dc xmlns:oai_dc="{OAI}oai_dc/" '
            f'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>Báo cáo khoa học số {n}'
            f"</dc:title><dc:creator>Nguyễn Văn {n}</dc:creator><dc:date>2020</dc:date>"
            f"<dc:type>Báo cáo</dc:type><dc:language>vi</dc:language>"
            f"<dc:identifier>{base}/pdf/{n}.pdf</dc:identifier></oai_dc:dc></metadata></record>"
        )
    token = (
        f"<resumptionToken>{start + PAGE}</resumptionToken>"
        if start + PAGE < total
        else "<resumptionToken/>"
    )
    return envelope(f"<ListRecords>{''.join(records)}{token}</ListRecords>")


def serve(pdfs: list[Path]) -> ThreadingHTTPServer:
    bodies = [path.read_bytes() for path in pdfs]

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as a real repository's server

        def log_message(self, *args):
            pass

        def do_GET(self):
            url = urlsplit(self.path)
            base = f"http://{self.headers['Host']}"
            if url.path.startswith("/pdf/"):
                body, kind = bodies[int(url.path[5:-4])], "application/pdf"
            else:
                query = parse_qs(url.query)
                verb = query.get("verb", [""])[0]
                start = int(query.get("resumptionToken", ["0"])[0])
                body = IDENTIFY if verb == "Identify" else list_records(base, start, len(bodies))
                kind = "text/xml; charset=utf-8"
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


class CpuTally:
    """CPU seconds used by this process and its descendants while running, by kind of process,
    read from /proc every `every` seconds (a process's last reading counts)."""

    OWN = "this process (the loopback provider)"

    def __init__(self, every: float = 0.1) -> None:
        self.every = every
        self.kinds: dict[int, str] = {}
        self.last: dict[int, float] = {}
        self.reading = 0.0
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.start = self._read()  # what each process had used before

    @staticmethod
    def _kind(pid: int, parent: str) -> str:
        with open(f"/proc/{pid}/cmdline", "rb") as file:
            command = file.read().replace(b"\0", b" ").decode(errors="replace")
        if "db_worker" in command:
            return "db_worker processes"
        if "forkserver" in command:  # the server and the workers it forks
            return "extraction workers"
        if " harvest " in command:
            return "the harvest command"
        return parent

    def _read(self) -> dict[int, float]:
        """CPU seconds so far of this process and of each of its descendants."""
        stats: dict[int, ProcessStat] = {}
        for pid in map(int, filter(str.isdigit, os.listdir("/proc"))):
            if stat := process_stat(pid):  # else gone
                stats[pid] = stat
        children: dict[int, list[int]] = {}
        for pid, (parent, _) in stats.items():
            children.setdefault(parent, []).append(pid)
        used, todo = {}, [(os.getpid(), self.OWN)]
        while todo:
            pid, parent_kind = todo.pop()
            if pid not in self.kinds:  # its command line is read once
                try:
                    self.kinds[pid] = self._kind(pid, parent_kind)
                except OSError:  # gone
                    continue
            kind = self.kinds[pid]
            used[pid] = stats[pid].cpu if pid in stats else 0.0
            todo += [(child, kind) for child in children.get(pid, [])]
        return used

    def _run(self) -> None:
        while not self.stop.wait(self.every):
            self.last.update(self._read())
        self.reading = time.thread_time()  # this thread's own CPU: the tally's cost

    def __enter__(self) -> "CpuTally":
        self.thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.stop.set()
        self.thread.join()
        self.last.update(self._read())

    def by_kind(self) -> dict[str, float]:
        spent: dict[str, float] = {}
        for pid, seconds in self.last.items():
            kind = self.kinds[pid]
            spent[kind] = spent.get(kind, 0.0) + seconds - self.start.get(pid, 0.0)
        spent[self.OWN] -= self.reading
        spent["reading /proc for this tally"] = self.reading
        return spent


def run_workers(root: Path, env: dict, scratch: Path, names: list[str], profile: bool) -> None:
    """`db_worker --batch` processes, one per name, until each finds no task due."""
    running = []
    for name in names:
        prefix = [sys.executable, "-m", "cProfile", "-o", str(scratch / f"{name}.prof")]
        command = [*(prefix if profile else [sys.executable]), str(root / "manage.py"), "db_worker"]
        command += ["--batch", "--no-startup-delay", "--no-reload", "--worker-id", f"bench-{name}"]
        log = (scratch / f"{name}.log").open("w")  # the tasks' own INFO lines
        running.append(subprocess.Popen(command, cwd=root, env=env, stdout=log, stderr=log))
    for process in running:
        if process.wait():
            raise SystemExit(f"a db_worker exited with status {process.returncode}")


def waiting(database: Path) -> datetime | None:
    """While the index owes documents (search.backlog; none in a checkout without it), when the
    first task still queued is due (django-tasks-db stores "no time given" as the year 9999:
    due now)."""
    with contextlib.closing(sqlite3.connect(database)) as connection:
        tables = {name for (name,) in connection.execute("SELECT name FROM sqlite_master")}
        if "search_indexbacklog" not in tables:
            return None
        if not connection.execute("SELECT count(*) FROM search_indexbacklog").fetchone()[0]:
            return None
        [(first,)] = connection.execute(
            "SELECT min(run_after) FROM django_tasks_database_dbtaskresult WHERE status = 'READY'"
        )
    if first is None:
        return None
    due = datetime.fromisoformat(first).replace(tzinfo=UTC)
    return datetime.now(UTC) if due.year == 9999 else due


CHECK = """
from harvest.models import FulltextTask, HarvestRun
from search.engines import get_engine
run = HarvestRun.objects.get()
pending = FulltextTask.objects.filter(status=FulltextTask.Status.PENDING).count()
print(run.status, run.pdfs_extracted, run.pdfs_failed, pending, get_engine().count())
"""


def measure(root: Path, url: str, workers: int, profile: bool, records: int, scratch: Path) -> None:
    env = harvest_env(scratch)
    python = [sys.executable]
    manage = [*python, str(root / "manage.py")]
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], cwd=root, env=env, check=True)
    load = os.getloadavg()
    with CpuTally() as tally:
        started = time.perf_counter()
        harvest = [*manage, "harvest", "--url", url, "--metadata-prefix", "oai_dc"]
        subprocess.run(harvest, cwd=root, env=env, check=True, capture_output=True)
        listed = time.perf_counter() - started
        run_workers(root, env, scratch, [f"worker-{n}" for n in range(workers)], profile)
        # A worker ends when no task is due; an index write waiting its turn (search.backlog)
        # is done when it is due, and counts while documents are owed: they are searchable
        # only then.
        while (due := waiting(scratch / "db.sqlite3")) is not None:
            time.sleep(max(0.0, (due - datetime.now(UTC)).total_seconds()))
            run_workers(root, env, scratch, ["worker-due"], profile=False)
        seconds = time.perf_counter() - started
    out = subprocess.run(
        [*manage, "shell", "-c", CHECK], cwd=root, env=env, check=True, capture_output=True
    )
    status, extracted, failed, pending, indexed = out.stdout.decode().splitlines()[-1].split()
    print(
        f"  {records / seconds:6.1f} PDFs/s end to end: {records} PDFs in {seconds:.1f} s "
        f"(listing and queueing {listed:.1f} s); load average at start "
        f"{load[0]:.2f} {load[1]:.2f} {load[2]:.2f}"
    )
    print(
        f"  run {status}, {extracted} read, {failed} failed, {pending} pending, "
        f"{indexed} documents in the index"
    )
    spent, cores = tally.by_kind(), usable_cores()
    print(
        f"  CPU of the run's processes: {sum(spent.values()):.1f} s of the {seconds * cores:.1f} "
        f"core-seconds of {cores} cores over the run: "
        + ", ".join(
            f"{kind} {used:.1f} s ({used / records * 1000:.0f} ms a PDF)"
            for kind, used in sorted(spent.items(), key=lambda item: -item[1])
        )
    )
    if (status, int(extracted), int(pending), int(indexed)) != ("succeeded", records, 0, records):
        logs = [log.read_text() for log in sorted(scratch.glob("worker-*.log"))]
        errors = [line for text in logs for line in text.splitlines() if "Error:" in line]
        raise SystemExit(f"  NOT A COMPLETE RUN, its figure does not count: {errors[:3]}")
    if profile:
        stages(root, [scratch / f"worker-{n}.prof" for n in range(workers)])


def stages(root: Path, profiles: list[Path]) -> None:
    """Seconds in each stage, cumulative, summed over the workers (cProfile's)."""
    stats = pstats.Stats(*map(str, profiles))
    found: dict[tuple[str, str], float] = {}
    for (filename, _, name), (_, _, _, cumulative, _) in stats.stats.items():  # type: ignore[attr-defined]
        for _, path, function in STAGES:
            if name == function and filename == str(root / path):
                found[(path, function)] = found.get((path, function), 0.0) + cumulative
    total = stats.total_tt  # type: ignore[attr-defined]
    print(f"  where the workers' time goes (cProfile, {total:.1f} s in all, both workers):")
    for label, path, function in STAGES:
        if (path, function) in found:
            print(f"    {label:36} {found[(path, function)]:7.1f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=2, help="db_worker processes")
    parser.add_argument("--root", type=Path, action="append", help="a checkout (repeatable)")
    parser.add_argument("--profile", action="store_true", help="each worker under cProfile")
    parser.add_argument(
        "--cache", type=Path, default=Path(tempfile.gettempdir()) / "bench-harvest-fulltext-pdfs"
    )
    args = parser.parse_args()
    args.cache.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    pdfs = build_pdfs(args.cache, args.records)
    megabytes = sum(path.stat().st_size for path in pdfs) / 1024 / 1024
    print(
        f"{len(pdfs)} distinct PDFs of 10-20 pages, {megabytes:,.0f} MB "
        f"(ready in {time.perf_counter() - started:.0f} s); {args.workers} db_worker(s), "
        f"SQLite, embedded index, {usable_cores()} cores (shared)"
    )
    print(cpu_per_pdf(pdfs[:50]), flush=True)
    server = serve(pdfs)
    url = f"http://127.0.0.1:{server.server_address[1]}/oai"
    try:
        for root in args.root or [ROOT]:
            print(f"{root}:", flush=True)
            with tempfile.TemporaryDirectory(prefix="bench-harvest-fulltext-") as scratch:
                measure(
                    root.resolve(), url, args.workers, args.profile, args.records, Path(scratch)
                )
    finally:
        server.shutdown()


if __name__ == "__main__":
    main()
