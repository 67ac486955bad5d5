"""The embedded index's CPU per document as a library grows, by how many documents a commit
writes: a full-text harvest's batch (32) committed alone, against the larger writes
search.backlog coalesces.

    .venv/bin/python benchmarks/index_commits.py [--documents 10240] [--commits 32 256 1024]
        [--heaps 64 256]

Each commit size writes --documents into a new embedded index through EmbeddedEngine.upsert, as
index writes do (a commit each, then tantivy's merges waited for), once with each writer's
memory in --heaps (MB; default: the engine's WRITER_HEAP), which tantivy fills before it writes a
segment. The records are analysed first, outside the timing: 256 distinct full texts of about
45,000 characters (a 15-page PDF's, joined from the demo generator's texts), given new ids as
they repeat. Printed: the process's CPU
(tantivy's threads included) per document for each 1,024 written, the segments then, and the
whole run's CPU and wall per document. Tantivy's merge policy merges every segment under 10,000
documents into one as soon as 8 of them are there, so at small commits the growing segment is
written again every 7 commits; repeated texts merge faster than distinct ones would.
"""

import argparse
import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DISTINCT = 256
WINDOW = 1024


def cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_SELF)
    return used.ru_utime + used.ru_stime


def texts() -> list[dict]:
    from library.demo.generator import make_record
    from search.records import texts as analysed

    return [
        analysed("body", ["\n\n".join(make_record(23, n * 7 + k).fulltext for k in range(7))])
        for n in range(DISTINCT)
    ]


def write(base: list[dict], documents: int, commit: int, heap: int) -> None:
    from search.engines import embedded

    embedded.WRITER_HEAP = heap * 1_000_000
    print(f"commits of {commit} documents, a writer's memory {heap} MB:")
    with tempfile.TemporaryDirectory() as directory:
        engine = embedded.EmbeddedEngine(directory)
        written, window, began, wall = 0, 0.0, cpu(), time.perf_counter()
        while written < documents:
            size = min(commit, documents - written)
            records = [
                {"uid": f"document:{pk}", "kind": "document", "pk": pk, **base[pk % DISTINCT]}
                for pk in range(written, written + size)
            ]
            started = cpu()
            engine.upsert(records)
            window += cpu() - started
            before, written = written, written + size
            if written // WINDOW > before // WINDOW or written == documents:
                meta = json.loads((Path(directory) / engine._live_name() / "meta.json").read_text())
                segments = sorted((s["max_doc"] for s in meta["segments"]), reverse=True)
                done = written - (before // WINDOW) * WINDOW
                print(
                    f"  {written:7,}: {window / done * 1000:5.1f} ms CPU a document; "
                    f"segments {segments}"
                )
                window = 0.0
        spent, elapsed = cpu() - began, time.perf_counter() - wall
        print(
            f"  in all: {spent / documents * 1000:.1f} ms CPU and {elapsed / documents * 1000:.1f} "
            f"ms wall a document"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=10_240)
    parser.add_argument("--commits", type=int, nargs="+", default=[32, 256, 1024])
    parser.add_argument("--heaps", type=int, nargs="+", help="MB (default: WRITER_HEAP)")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
    with tempfile.TemporaryDirectory() as var:
        os.environ.setdefault("PORTAL_VAR_DIR", var)
        import django

        django.setup()
        started = time.perf_counter()
        base = texts()
        size = sum(len(r["body_x"]) for r in base) / len(base)
        print(
            f"{DISTINCT} texts analysed in {time.perf_counter() - started:.0f} s "
            f"({size:,.0f} characters each)"
        )
        from search.engines.embedded import WRITER_HEAP

        for commit in args.commits:
            for heap in args.heaps or [WRITER_HEAP // 1_000_000]:
                write(base, args.documents, commit, heap)


if __name__ == "__main__":
    main()
