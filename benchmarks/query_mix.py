"""The fixed mix of 200 search requests the search benchmarks replay: 1–3 words, phrases,
with and without diacritics, with and without a facet filter. Deterministic."""

import random
import unicodedata

import _server  # noqa: F401  (puts the project on sys.path)

from library.demo import vocabulary as v

SOURCES = [slug for slug, _, _ in v.PROVINCES]


def strip(text: str) -> str:
    text = unicodedata.normalize("NFD", text).replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in text if not unicodedata.combining(c))


def phrases() -> list[str]:
    words = []
    for collection in v.COLLECTIONS.values():
        words += list(collection["objects"]) + list(collection["methods"])
        words += list(collection["factors"])
    return [w for w in words if "(" not in w]


def query_mix(count: int = 200, seed: int = 7) -> list[dict[str, str]]:
    rng = random.Random(seed)
    pool = phrases()
    mix = []
    for i in range(count):
        phrase = rng.choice(pool)
        words = phrase.split()
        kind = i % 4
        if kind == 0:  # 1–3 words
            q = " ".join(words[: rng.randint(1, 3)])
        elif kind == 1:  # a quoted phrase
            q = f'"{" ".join(words[:2])}"' if len(words) > 1 else words[0]
        elif kind == 2:  # two words of different subjects
            q = f"{words[0]} {rng.choice(rng.choice(pool).split())}"
        else:  # a province name
            q = f"{words[0]} {rng.choice(v.PROVINCES)[1]}"
        if i % 2:
            q = strip(q)
        params = {"q": q, "size": "10"}
        if i % 3 == 0:
            params["source"] = rng.choice(SOURCES)
        mix.append(params)
    return mix
