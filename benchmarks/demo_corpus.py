"""How realistic the demo corpus is: distinct words and how many documents hold them.

    .venv/bin/python benchmarks/demo_corpus.py [--documents 20000] [--seed 2026]

Generates the records seed_demo would write (no database) and counts, over title, abstract and
full text, the distinct words (lower-cased \\w+ tokens, i.e. syllables: what the index holds)
and the share of documents that contain the commonest, the median and the rarest of them;
the distinct adjacent pairs (what the index's pair fields hold) and how many of the lexicon's
two-syllable words occur.
"""

import argparse
import os
import re
import sys
import time
from collections import Counter
from itertools import pairwise
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    import django

    django.setup()
    from library.demo.generator import make_record
    from library.demo.lexicon import ranked_words

    compounds = {w for w in ranked_words()[0] if " " in w}
    started = time.perf_counter()
    in_documents: Counter[str] = Counter()
    pairs: set[str] = set()
    for index in range(args.documents):
        words = re.findall(r"\w+", make_record(args.seed, index).fulltext.lower())
        in_documents.update(set(words))
        pairs.update(f"{a} {b}" for a, b in pairwise(words))
    elapsed = time.perf_counter() - started
    spread = sorted(in_documents.values())
    share = {
        "commonest": spread[-1],
        "median": spread[len(spread) // 2],
        "rarest": spread[0],
    }
    print(f"{args.documents} demo records generated in {elapsed:.1f} s (seed {args.seed})")
    print(f"  {len(in_documents):,} distinct words (syllables), {len(pairs):,} distinct pairs")
    print(f"  two-syllable words of the lexicon present: {len(compounds & pairs):,}")
    for name, count in share.items():
        print(f"  the {name} word is in {count} documents ({100 * count / args.documents:.3f}%)")
    print(f"  words in one document only: {spread.count(1):,}")


if __name__ == "__main__":
    main()
