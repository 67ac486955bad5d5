"""Peak memory of a harvest whose provider answers ListRecords with one huge page; and the
address space an extraction worker starts with, by multiprocessing start method.

    .venv/bin/python benchmarks/harvest_memory.py [--page-mb 400] [--record-kb 64] [--root DIR]
        [--max-bytes N] [--no-length] [--no-workers]

The page (one page, no resumptionToken, of valid oai_dc records of about 64 KB: 6,362 at 400 MB;
with 25,000 smaller ones a page this size fails on SQLite with "too many SQL variables" before
it is stored) is built in a scratch directory and served from disk by a loopback server in this
process (with its Content-Length, or with --no-length without one, so that a cap must count as
it reads). The harvest is
`manage.py harvest --url … --no-fulltext --no-index` of the checkout in --root (default: this
one; `git archive <commit> | tar -x -C DIR` gives an older one to compare) into a new SQLite
database and PORTAL_VAR_DIR; its peak RSS is the kernel's (wait4's ru_maxrss). --max-bytes sets
HARVEST_OAI_MAX_BYTES for it (default: the settings' own, 64 MB). Then, from a process with
Django set up and the search index open, as a harvest or db_worker process has, a child is
started with each start method and reports its VmSize and VmRSS.
"""

import argparse
import multiprocessing
import os
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

ROOT = Path(__file__).resolve().parents[1]  # not from _server: the workers import this module

OAI = "http://www.openarchives.org/OAI/2.0/"
HEAD = (
    f'<?xml version="1.0" encoding="UTF-8"?><OAI-PMH xmlns="{OAI}"><responseDate>'
    "2025-01-01T00:00:00Z</responseDate><request>http://127.0.0.1/oai</request>"
)
IDENTIFY = (
    HEAD + "<Identify><repositoryName>Kho lớn</repositoryName><baseURL>http://127.0.0.1/"
    "oai</baseURL><protocolVersion>2.0</protocolVersion><adminEmail>a@b.vn</adminEmail>"
    "<earliestDatestamp>2025-01-01T00:00:00Z</earliestDatestamp><deletedRecord>no"
    "</deletedRecord><granularity>YYYY-MM-DDThh:mm:ssZ</granularity></Identify>"
    "</OAI-PMH>"
).encode()
SENTENCE = "Nghiên cứu nuôi tôm sú và trồng lúa chịu mặn ở Đồng bằng sông Cửu Long. "  # 96 bytes


def record(n: int, text: str) -> bytes:
    day, hour, minute, second = 1 + n // 86400 % 28, n // 3600 % 24, n // 60 % 60, n % 60
    stamp = f"2025-01-{day:02d}T{hour:02d}:{minute:02d}:{second:02d}Z"
    return (
        f"<record><header><identifier>oai:bench:{n}</identifier><datestamp>{stamp}</datestamp>"
        f'</header><metadata><oai_dc:dc xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/"'
        f' xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>Báo cáo số {n}</dc:title>'
        f"<dc:creator>Tác giả {n}</dc:creator><dc:date>2020</dc:date><dc:type>Báo cáo</dc:type>"
        f"<dc:language>vi</dc:language><dc:description>{text}</dc:description></oai_dc:dc>"
        "</metadata></record>"
    ).encode()


def build_page(path: Path, megabytes: int, record_kb: int) -> int:
    """One ListRecords page of about `megabytes` MB at `path`; its number of records."""
    n, text = 0, SENTENCE * max(1, record_kb * 1024 // 96)
    with path.open("wb") as page:
        page.write(HEAD.encode() + b"<ListRecords>")
        while page.tell() < megabytes * 1024 * 1024:
            n += 1
            page.write(record(n, text))
        page.write(b"</ListRecords></OAI-PMH>")
    return n


def serve_page(page: Path, announce: bool) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):
            verb = parse_qs(urlsplit(self.path).query).get("verb", [""])[0]
            size = len(IDENTIFY) if verb == "Identify" else page.stat().st_size
            self.send_response(200)
            self.send_header("Content-Type", "text/xml; charset=utf-8")
            if announce or verb == "Identify":
                self.send_header("Content-Length", str(size))
            else:  # the body ends when the connection does
                self.send_header("Connection", "close")
                self.close_connection = True
            self.end_headers()
            try:
                if verb == "Identify":
                    self.wfile.write(IDENTIFY)
                    return
                with page.open("rb") as body:
                    while chunk := body.read(1 << 20):
                        self.wfile.write(chunk)
            except OSError:  # the harvester hung up (a cap)
                pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def measure_harvest(root: Path, url: str, max_bytes: int | None, scratch: Path) -> None:
    env = {
        **os.environ,
        "PORTAL_VAR_DIR": str(scratch),
        "HARVEST_ALLOW_PRIVATE_NETWORKS": "true",
        "DJANGO_SETTINGS_MODULE": "portal.settings.dev",
        "LOG_LEVEL": "WARNING",
    }
    env.pop("DATABASE_URL", None)
    env.pop("ELASTICSEARCH_URL", None)
    if max_bytes:
        env["HARVEST_OAI_MAX_BYTES"] = str(max_bytes)
    manage = [sys.executable, str(root / "manage.py")]
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], cwd=root, env=env, check=True)
    command = [*manage, "harvest", "--url", url, "--no-fulltext", "--no-index"]
    started = time.perf_counter()
    harvest = subprocess.Popen(
        command, cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    output = harvest.stdout.read() if harvest.stdout else ""
    _, status, usage = os.wait4(harvest.pid, 0)  # this child's own peak, not the migrate's
    harvest.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - started
    last = [line for line in output.splitlines() if line.strip()][-2:]
    print(
        f"  peak RSS of the harvest: {usage.ru_maxrss / 1024:,.0f} MB in {seconds:.1f} s, "
        f"exit status {harvest.returncode}"
    )
    for line in last:
        print(f"    {line[:300]}")


def child_report(queue) -> None:
    queue.put(tuple(vm_kb()))


def vm_kb() -> list[int]:
    """This process's VmSize and VmRSS, in kB."""
    with open("/proc/self/status") as status:
        return [int(line.split()[1]) for line in status if line.startswith(("VmSize", "VmRSS"))]


def measure_workers() -> None:
    """Run by `python -c` (below): no main script for a spawned or forkserver child to run
    again, as manage.py, which does nothing when imported, is none to speak of."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
    scratch = tempfile.TemporaryDirectory(prefix="bench-worker-start-")
    os.environ["PORTAL_VAR_DIR"] = scratch.name  # removed when this process ends
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from harvest import tasks  # noqa: F401  (what a harvest process has imported)
    from harvest.fulltext.workers import PRELOAD
    from search.engines import get_engine

    get_engine()
    size, rss = vm_kb()
    print(
        f"  this process (Django, search index open): VmSize {size / 1024:,.0f} MB, "
        f"VmRSS {rss / 1024:,.0f} MB"
    )
    for method in ("fork", "forkserver", "spawn"):
        context = multiprocessing.get_context(method)
        if method == "forkserver":
            context.set_forkserver_preload(PRELOAD)  # as harvest.fulltext.workers does
        times, sizes = [], (0, 0)
        for _ in range(5):
            queue = context.Queue()
            started = time.perf_counter()
            process = context.Process(target=child_report, args=(queue,))
            process.start()
            sizes = queue.get(timeout=60)
            process.join()
            times.append(time.perf_counter() - started)
        print(
            f"  a worker by {method:10}: starts at VmSize {sizes[0] / 1024:5,.0f} MB, VmRSS "
            f"{sizes[1] / 1024:4,.0f} MB; start {min(times) * 1000:4.0f} ms (best of 5, first "
            f"{times[0] * 1000:.0f} ms)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--page-mb", type=int, default=400)
    parser.add_argument("--record-kb", type=int, default=64, help="about this much a record")
    parser.add_argument("--root", type=Path, default=ROOT, help="the checkout to harvest with")
    parser.add_argument("--max-bytes", type=int, default=None, help="HARVEST_OAI_MAX_BYTES")
    parser.add_argument("--no-length", action="store_true", help="send no Content-Length")
    parser.add_argument("--no-workers", action="store_true", help="skip the workers' figures")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-harvest-memory-") as scratch:
        page = Path(scratch) / "listrecords.xml"
        records = build_page(page, args.page_mb, args.record_kb)
        server = serve_page(page, announce=not args.no_length)
        url = f"http://127.0.0.1:{server.server_address[1]}/oai"
        size = page.stat().st_size / 1024 / 1024
        print(f"one ListRecords page: {size:,.0f} MB, {records:,} records")
        print(f"harvest with {args.root}:")
        try:
            measure_harvest(args.root.resolve(), url, args.max_bytes, Path(scratch))
        finally:
            server.shutdown()
    if not args.no_workers:
        print("extraction workers:", flush=True)
        here = Path(__file__).resolve().parent
        code = "import harvest_memory; harvest_memory.measure_workers()"
        subprocess.run([sys.executable, "-c", code], cwd=here, check=True)


if __name__ == "__main__":
    main()
