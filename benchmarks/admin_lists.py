"""The librarians' lists of sources (library) and harvest sources (harvest) at scale, with a
realistic share of texts flagged low-quality and of documents without full text, the
documents' list by how their text went and by its largest collection, and searched (?q=): two
common words, the same typed without diacritics, a title's first words without them, a source
identifier, and a word found nowhere.

    .venv/bin/python benchmarks/admin_lists.py --var-dir DIR [--flagged 0.03]
        [--without-text 0.2] [--requests 5] [--checkout DIR]

DIR holds a seeded, migrated db.sqlite3 (`seed_demo --documents 229000`, whose texts are all
read and none judged). Inside one transaction that is rolled back at the end (the database is
left as it was): every text is given a quality, --flagged of them below the flag's threshold;
--without-text of the documents get no full text, half "no link", half "restricted (HTTP 403)";
each source a harvest source. Then each list is asked through Django's test client, signed in
as a superuser `bench-librarian` (added): the first request and the median of the others, ms.
--checkout runs another checkout's code (a `git worktree` of an earlier version, migrated the
same) to set the two side by side.
"""

import argparse
import statistics
import time
from pathlib import Path
from urllib.parse import urlencode

from _checkout import set_up
from _librarian import signed_in_client
from query_mix import strip

ROOT = Path(__file__).resolve().parents[1]
DOCUMENTS = "/admin/snippets/library/document/"
LISTS = [
    "/admin/snippets/library/source/",
    "/admin/snippets/harvest/harvestsource/",
    # the documents by how their text went, as the librarian's dashboard links them
    f"{DOCUMENTS}?fulltext__status=ok",
    f"{DOCUMENTS}?fulltext__status=none",
    f"{DOCUMENTS}?fulltext__status=failed",
    f"{DOCUMENTS}?poor_text=true",
]


def texts_made_realistic(connection, flagged: float, without_text: float) -> None:
    """Shares taken by document id, spread evenly over the sources."""
    flagged_in, none_in = round(flagged * 1000), round(without_text * 1000)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE library_documenttext SET"
            " quality = CASE WHEN document_id %% 1000 < %s THEN 0.3 ELSE 0.9 END,"
            " status = CASE WHEN (document_id + 500) %% 1000 < %s THEN 'none' ELSE status END,"
            " reason = CASE WHEN (document_id + 500) %% 1000 < %s THEN"
            " CASE WHEN document_id %% 2 = 0 THEN 'no link' ELSE 'restricted (HTTP 403)' END"
            " ELSE reason END",
            [flagged_in, none_in, none_in],
        )


def searches(documents) -> list[str]:
    """The documents' list searched as a librarian would (library.admin_search)."""
    sample = documents.objects.exclude(origin_identifier="").order_by("pk")[1234]
    first_words = " ".join(sample.title.split()[:3])
    queries = ["khoa học", "khoa hoc", strip(first_words), sample.origin_identifier, "zqxjv"]
    return [f"{DOCUMENTS}?{urlencode({'q': q})}" for q in queries]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--var-dir", type=Path, required=True)
    parser.add_argument("--flagged", type=float, default=0.03)
    parser.add_argument("--without-text", type=float, default=0.2)
    parser.add_argument("--requests", type=int, default=5)
    parser.add_argument("--checkout", type=Path, default=ROOT)
    args = parser.parse_args()
    set_up(args.var_dir, args.checkout)
    from django.db import connection, transaction
    from django.db.models import Count

    from harvest.models import HarvestSource
    from library.models import Collection, Document, Source

    with transaction.atomic():
        texts_made_realistic(connection, args.flagged, args.without_text)
        for source in Source.objects.all():
            HarvestSource.objects.get_or_create(
                source=source, defaults={"base_url": f"https://{source.slug}.example.vn/oai"}
            )
        client = signed_in_client()
        print(
            f"{args.checkout.resolve()}: {args.flagged:.0%} of texts flagged,"
            f" {args.without_text:.0%} of documents without full text; ms"
        )
        largest = Collection.objects.annotate(n=Count("documents")).order_by("-n").first()
        by_collection = [f"{DOCUMENTS}?collections={largest.pk}"] if largest else []
        for url in LISTS + by_collection + searches(Document):
            times = []
            for _ in range(args.requests):
                began = time.perf_counter()
                response = client.get(url)
                times.append((time.perf_counter() - began) * 1000)
                if response.status_code != 200:
                    raise RuntimeError(f"{url}: HTTP {response.status_code}")
            rest = statistics.median(times[1:])
            print(f"  {url:60} first {times[0]:8.1f}  median of the others {rest:8.1f}")
        transaction.set_rollback(True)


if __name__ == "__main__":
    main()
