"""The ranks issue #16's defect cases reach in a seeded library (items 1–3).

    .venv/bin/python benchmarks/ranking_cases.py --var-dir DIR [--engine elasticsearch]

DIR holds a seeded and indexed db.sqlite3 (benchmarks/search_queries.py --rebuild). The first
run adds the cases' few documents (source "ranking-cases"; saving indexes them), so run it on
the code before and after a change against the same DIR. Ranks are 1-based among all hits.
"""

import argparse
import os
from pathlib import Path

import _server  # noqa: F401  (puts the project on sys.path)

CASE_SOURCE = "ranking-cases"
PAIR = "nuôi biển"  # both syllables common in the demo library, never side by side in it


def cases() -> dict[str, str]:
    """The cases' documents (added on the first run): key → local id."""
    from library.dublin_core import dc_value
    from library.models import Document, Source

    source, created = Source.objects.get_or_create(
        slug=CASE_SOURCE, defaults={"name": "Ranking cases", "province": "Cần Thơ"}
    )
    if created:
        for title, author, description in (
            ("Quy hoạch không gian xanh ở đô thị", "Lê Thị Hòng", "Đô thị."),
            ("Kinh tế hộ ven sông", "Đỗ Văn Khải", f"Thu nhập từ {PAIR} tăng."),
        ):
            metadata = [dc_value("creator", author), dc_value("description", description, "vi")]
            Document.objects.create(title=title, date="2020", source=source, metadata=metadata)
    titles = {"namesake": "Quy hoạch không gian xanh ở đô thị", "pair": "Kinh tế hộ ven sông"}
    found = dict(Document.objects.filter(source=source).values_list("title", "local_id"))
    return {key: found[title] for key, title in titles.items()}


def rank(q: str, wanted: str, deep: int = 1000) -> int:
    """The 1-based rank of local id `wanted` among the first `deep` hits of `q` (-1: not in)."""
    from search import service

    ids: list[str] = []
    for page in range(1, deep // 100 + 1):
        hits = service.search(q, page=page, size=100).hits
        ids += [h.id for h in hits]
        if len(hits) < 100:
            break
    return ids.index(wanted) + 1 if wanted in ids else -1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--var-dir", type=Path, required=True)
    parser.add_argument("--engine", choices=["embedded", "elasticsearch"], default="embedded")
    args = parser.parse_args()
    os.environ["PORTAL_VAR_DIR"] = str(args.var_dir)
    os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings.dev"
    os.environ["PORTAL_TASKS"] = "immediate"
    if args.engine == "embedded":
        os.environ.pop("ELASTICSEARCH_URL", None)
        os.environ["SEARCH_INDEX_DIR"] = str(args.var_dir / "search")
    import django

    django.setup()
    from search import service

    docs = cases()
    top = service.search("Lê Thị Hồng", size=10).hits
    by_hong = sum("Lê Thị Hồng" in h.authors for h in top)
    namesake = rank("Lê Thị Hồng", docs["namesake"])
    print(f"{args.engine}: item 1, 'Lê Thị Hồng': works of Lê Thị Hồng in the top 10: {by_hong};")
    print(f"  the namesake Lê Thị Hòng's '… ở đô thị' ranks {namesake}")
    print(
        f"item 2, '{PAIR}': the one document with the phrase (in its description) ranks"
        f" {rank(PAIR, docs['pair'])} of {service.search(PAIR).total}"
    )
    joined = PAIR.replace(" ", "-")
    print(
        f"item 3, '{joined}': {service.search(joined).total} hits (the same words apart:"
        f" {service.search(PAIR).total}); the phrase document ranks"
        f" {rank(joined, docs['pair'])}"
    )


if __name__ == "__main__":
    main()
