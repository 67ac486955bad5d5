"""The ranks issue #16's defect cases reach in a seeded library (items 1–3).

    .venv/bin/python benchmarks/ranking_cases.py --var-dir DIR [--engine elasticsearch]

DIR holds a seeded and indexed db.sqlite3 (benchmarks/search_queries.py --rebuild). The cases'
few documents (source "ranking-cases") are added where missing and indexed into the engine
asked, so the code before and after a change can be run against copies of one DIR. Ranks are
1-based among all hits.
"""

import argparse
import os
from pathlib import Path

import _server  # noqa: F401  (puts the project on sys.path)

CASE_SOURCE = "ranking-cases"
PAIR = "nuôi biển"  # both syllables common in the demo library, never side by side in it


CASES = {  # key: (title, author, description)
    "namesake": ("Quy hoạch không gian xanh ở đô thị", "Lê Thị Hòng", "Đô thị."),
    "hong_1": ("Sinh kế hộ nghèo ven biển Bạc Liêu", "Lê Thị Hồng", "Sinh kế."),
    "hong_2": ("Chuỗi giá trị cá tra", "Lê Thị Hồng", "Chuỗi giá trị."),
    "pair": ("Kinh tế hộ ven sông", "Đỗ Văn Khải", f"Thu nhập từ {PAIR} tăng."),
}


def cases() -> dict[str, str]:
    """The cases' documents, added if missing and indexed: key → local id."""
    from library.dublin_core import dc_value
    from library.models import Document, Source
    from search import indexing

    source, _ = Source.objects.get_or_create(
        slug=CASE_SOURCE, defaults={"name": "Ranking cases", "province": "Cần Thơ"}
    )
    found = {}
    for key, (title, author, description) in CASES.items():
        document = Document.objects.filter(source=source, title=title).first()
        if document is None:
            metadata = [dc_value("creator", author), dc_value("description", description, "vi")]
            document = Document.objects.create(
                title=title, date="2020", source=source, metadata=metadata
            )
        found[key] = document
    indexing.index_items("document", [d.pk for d in found.values()])  # into this engine
    return {key: document.local_id for key, document in found.items()}


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
    hong = [rank("Lê Thị Hồng", docs[k]) for k in ("hong_1", "hong_2")]
    print(f"{args.engine} (rank -1: not in the first 1000)")
    print(f"item 1, 'Lê Thị Hồng': the two works of Lê Thị Hồng rank {hong};")
    print(
        f"  the namesake Lê Thị Hòng's '… ở đô thị' ranks {rank('Lê Thị Hồng', docs['namesake'])}"
    )
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
