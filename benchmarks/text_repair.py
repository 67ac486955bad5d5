"""Legacy-encoding repair and text quality: accuracy, throughput, texts flagged.

    .venv/bin/python benchmarks/text_repair.py [--documents 200] [--runs 5]

Demo-corpus documents (library.demo.generator, about 8 KB each; Django is set up only because
the generator imports the models) are encoded into TCVN3, VNI and VIQR with the tests' encoder
(library/tests/legacy_encoder.py, the same tables). Prints: the character accuracy of repair()
per encoding (1 - Levenshtein / length, whitespace normalised; TCVN3 against the text with its
toned capitals in lower case, all it can hold); the throughput of repair() and quality() on
Unicode and on legacy text (median of --runs, warm caches); and the share of texts quality()
flags (below LOW) before and after repair() on a mixed sample.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def megabytes_per_second(function, texts: list[str], runs: int) -> float:
    size = sum(len(text.encode()) for text in texts) / 1e6
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        for text in texts:
            function(text)
        times.append(time.perf_counter() - started)
    return size / statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=200)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
    import django

    django.setup()
    from library.demo.generator import make_record
    from library.tests.legacy_encoder import ENCODERS, accuracy, tcvn3_expected
    from library.tests.test_legacy_encodings import ENGLISH
    from library.vietnamese.legacy import repair
    from library.vietnamese.quality import LOW, quality

    texts = [make_record(21, index).fulltext for index in range(args.documents)]
    size = sum(len(t.encode()) for t in texts) / 1e6
    print(f"{len(texts)} demo documents, {size:.1f} MB of UTF-8")
    encoded = {name: [encode(t) for t in texts] for name, encode in ENCODERS.items()}

    print("repair() character accuracy (median / worst document):")
    for name, legacy in encoded.items():
        scores = [
            accuracy(repair(text).text, tcvn3_expected(want) if name == "tcvn3" else want)
            for text, want in zip(legacy, texts, strict=True)
        ]
        print(f"  {name:6} {statistics.median(scores):.4%} / {min(scores):.4%}")

    print(f"throughput, MB/s (median of {args.runs} runs):")
    samples = {"unicode": texts, **encoded}
    for label, function in (("repair()", repair), ("quality()", quality)):
        rates = "  ".join(
            f"{name} {megabytes_per_second(function, batch, args.runs):6.2f}"
            for name, batch in samples.items()
        )
        print(f"  {label:10} {rates}")

    third = len(texts) // 3
    mixed = [
        *texts[:third],
        *[ENGLISH * 3] * max(1, third // 5),
        *encoded["tcvn3"][:third],
        *encoded["vni"][:third],
        *encoded["viqr"][:third],
        *(
            "\n\n".join((encoded["tcvn3"][i], texts[i], encoded["vni"][i], encoded["viqr"][i]))
            for i in range(third)
        ),
    ]

    def flagged(batch: list[str]) -> float:
        scores = [quality(text) for text in batch]
        return sum(score is not None and score < LOW for score in scores) / len(batch)

    repaired = [repair(text).text for text in mixed]
    print(f"flagged below LOW = {LOW} in a mixed sample of {len(mixed)} texts")
    print("  (Unicode, English, TCVN3, VNI, VIQR, and pages of all four in one):")
    print(f"  before repair(): {flagged(mixed):.1%}   after: {flagged(repaired):.1%}")


if __name__ == "__main__":
    main()
