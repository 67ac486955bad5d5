"""Baseline: Wagtail's own search (its database backend; SQLite FTS5 underneath) against the
portal's search service, side by side in one process, on the same library and the same 200
requests as benchmarks/search_queries.py.

    .venv/bin/python benchmarks/wagtail_baseline.py --var-dir DIR

DIR holds a seeded library (benchmarks/seed_demo.py --keep DIR) whose embedded index is built
(search_queries.py --rebuild). The first run adds to DIR/db.sqlite3 a table of the documents'
title, full text and source, declared to Wagtail as an indexed model (`index.Indexed` with
search fields), and indexes it with Wagtail's backend (timed). Then, in-process, all of
Wagtail's requests, then all of the portal's, each side warmed on 10 first. Wagtail: `search()`
with the query parsed by its `parse_query_string` (AND), the source as a filter, the count and
the top 10; a request still running at --cap seconds is stopped by SQLite and counted at the
cap. The portal: `search.service.search`, the top 10 with snippets, all facets and the phrase
rescoring. The portal does more per request, so the ratio understates the difference.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

from _server import ROOT


def setup(var_dir: Path):
    os.environ.update(DJANGO_SETTINGS_MODULE="portal.settings.dev", PORTAL_VAR_DIR=str(var_dir))
    os.environ.pop("DATABASE_URL", None)
    os.environ.pop("ELASTICSEARCH_URL", None)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import models
    from wagtail.search import index

    class BaselineDocument(index.Indexed, models.Model):
        title = models.TextField()
        body = models.TextField()
        source = models.CharField(max_length=64)
        search_fields = [
            index.SearchField("title", boost=2),
            index.SearchField("body"),
            index.FilterField("source"),
        ]

        class Meta:
            app_label = "search"
            db_table = "bench_baselinedocument"

        def __str__(self) -> str:
            return self.title

    return BaselineDocument


def build(model) -> None:
    from django.db import connection
    from tqdm import tqdm
    from wagtail.search.backends import get_search_backend

    if model._meta.db_table in connection.introspection.table_names():
        return
    started = time.perf_counter()
    with connection.schema_editor() as editor:
        editor.create_model(model)
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO bench_baselinedocument (id, title, body, source) "
            "SELECT d.id, d.title, coalesce(t.text, ''), s.slug FROM library_document d "
            "LEFT JOIN library_documenttext t ON t.document_id = d.id "
            "JOIN library_source s ON s.id = d.source_id WHERE d.status = 'active'"
        )
    search_index = get_search_backend().get_index_for_model(model)
    ids = list(model.objects.order_by("id").values_list("id", flat=True))
    with tqdm(total=len(ids), unit=" docs", desc="Wagtail index") as bar:
        for start in range(0, len(ids), 2000):
            chunk = list(model.objects.filter(id__in=ids[start : start + 2000]))
            search_index.add_items(model, chunk)
            bar.update(len(chunk))
    print(f"Wagtail's index built in {time.perf_counter() - started:.1f} s", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--var-dir", type=Path, required=True)
    parser.add_argument(
        "--cap",
        type=float,
        default=5.0,
        help="seconds a Wagtail query may run before SQLite stops it",
    )
    parser.add_argument("--requests", type=int, default=200, help="how many of the mix")
    args = parser.parse_args()
    model = setup(args.var_dir.resolve())
    build(model)
    from django.db import OperationalError, connection
    from query_mix import query_mix
    from tqdm import tqdm
    from wagtail.search.backends import get_search_backend
    from wagtail.search.utils import parse_query_string

    from search import service

    backend = get_search_backend()

    def wagtail(params: dict) -> int:
        """The total, or -1 when SQLite was stopped at the time cap."""
        _, parsed = parse_query_string(params["q"], operator="and")
        queryset = model.objects.all()
        if "source" in params:
            queryset = queryset.filter(source=params["source"])
        results = backend.search(parsed, queryset)
        deadline = time.perf_counter() + args.cap
        sqlite = connection.connection
        sqlite.set_progress_handler(lambda: time.perf_counter() > deadline, 10_000)
        try:
            list(results[:10])
            return results.count()
        except OperationalError:  # "interrupted"
            return -1
        finally:
            sqlite.set_progress_handler(None, 0)

    def portal(params: dict) -> int:
        selected = {"source": [params["source"]]} if "source" in params else {}
        return service.search(params["q"], selected).total

    mix = query_mix()[: args.requests]
    times: dict[str, list[float]] = {"wagtail": [], "portal": []}
    empty = {"wagtail": 0, "portal": 0}
    capped = 0
    for name, run in (("wagtail", wagtail), ("portal", portal)):  # one side, then the other
        for params in mix[:10]:  # warm caches, not counted
            run(params)
        for params in tqdm(mix, desc=name, unit=" requests"):
            began = time.perf_counter()
            total = run(params)
            times[name].append((time.perf_counter() - began) * 1000)
            empty[name] += total == 0
            capped += total == -1
    print(f"{len(mix)} requests each, in-process; Wagtail's capped at {args.cap} s")
    for name in ("wagtail", "portal"):
        ordered = sorted(times[name])
        p95 = ordered[int(len(ordered) * 0.95)]
        print(
            f"  {name:8} p50 {statistics.median(ordered):8.1f} ms  p95 {p95:8.1f} ms  "
            f"found nothing: {empty[name]}"
        )
    print(f"  Wagtail stopped at the cap: {capped} requests (counted at the cap: a lower bound)")
    ratio = statistics.median(times["wagtail"]) / statistics.median(times["portal"])
    print(f"  Wagtail's p50 is {ratio:.1f}× the portal's")


if __name__ == "__main__":
    main()
