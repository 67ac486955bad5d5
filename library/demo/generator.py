"""Deterministic demo records: the same seed and index always give the same record.

Each record draws from its own Random(seed, index), so records can be made in any order, and
a run of N documents is the first N of a run of M > N.
"""

import random
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from library.dublin_core import dc_value
from library.models import DocumentType

from . import lexicon
from . import vocabulary as v
from .names import person

FIRST_DATESTAMP = datetime(2021, 1, 1, tzinfo=UTC)
DATESTAMP_STEP = timedelta(minutes=10)
FULLTEXT_CHARS = 5400  # with title and abstract, about 8 KB of UTF-8
TEMPLATE_SHARE = 0.5  # of sentences from the domain's templates; the rest from the lexicon
SUBTITLE_SHARE = 0.35  # of Vietnamese titles with a subtitle from the lexicon
TYPE_WEIGHTS = (
    (DocumentType.ARTICLE, 40),
    (DocumentType.PROJECT, 15),
    (DocumentType.REPORT, 10),
    (DocumentType.MASTER_THESIS, 15),
    (DocumentType.DOCTORAL_THESIS, 5),
    (DocumentType.PROCEEDINGS, 10),
    (DocumentType.BOOK, 5),
)
COLLECTION_SLUGS = tuple(v.COLLECTIONS)


@dataclass
class DemoRecord:
    index: int
    local_id: str
    title: str
    title_lang: str
    date: str
    year: int
    doc_type: str
    language: str
    source_slug: str
    collection_slugs: list[str]
    metadata: list[dict] = field(default_factory=list)
    origin_identifier: str = ""
    datestamp: datetime = FIRST_DATESTAMP
    abstract: str = ""
    fulltext: str = ""

    @property
    def creators(self) -> list[str]:
        return [m["value"]["value"] for m in self.metadata if m["type"] == "creator"]


def fill(template: str, rng: random.Random, words: v.CollectionWords, province: str) -> str:
    return template.format(
        object=rng.choice(words["objects"]),
        method=rng.choice(words["methods"]),
        factor=rng.choice(words["factors"]),
        place=rng.choice(v.DISTRICTS),
        province=province,
        year=rng.randint(1990, 2025),
        n=rng.randint(3, 120),
        pct=rng.randint(5, 60),
    )


def paragraphs(rng: random.Random, words: v.CollectionWords, province: str, chars: int) -> str:
    parts: list[str] = []
    size = 0
    while size < chars:
        paragraph = " ".join(
            fill(rng.choice(v.SENTENCES), rng, words, province)
            if rng.random() < TEMPLATE_SHARE
            else lexicon.sentence(rng)
            for _ in range(rng.randint(3, 6))
        )
        parts.append(paragraph)
        size += len(paragraph) + 2
    return "\n\n".join(parts)


def make_record(seed: int, index: int) -> DemoRecord:
    rng = random.Random(seed * 1_000_003 + index)
    slug, province, library_name = rng.choice(v.PROVINCES)
    primary = rng.choice(COLLECTION_SLUGS)
    collections = [primary]
    if rng.random() < 0.3:
        collections.append(rng.choice([c for c in COLLECTION_SLUGS if c != primary]))
    words = v.COLLECTIONS[primary]
    year = rng.randint(1990, 2025)
    english = rng.random() < 0.08
    if english:
        title = rng.choice(v.ENGLISH_TITLE_TEMPLATES).format(
            factor_en=rng.choice(v.ENGLISH_FACTORS),
            method_en=rng.choice(v.ENGLISH_METHODS),
            province_en=province,
        )
    else:
        title = fill(rng.choice(v.TITLE_TEMPLATES), rng, words, province)
        if rng.random() < SUBTITLE_SHARE:
            title += ": " + " ".join(lexicon.phrase(rng, 3, 7))
    language = "en" if english else "vi"
    doc_type = rng.choices([t for t, _ in TYPE_WEIGHTS], [w for _, w in TYPE_WEIGHTS])[0]
    local_id = f"{rng.getrandbits(48):012x}"
    abstract = paragraphs(rng, words, province, 600)
    metadata = [
        dc_value("creator", f"{rng.choice(v.ACADEMIC_TITLES)}{person(rng)}".strip())
        for _ in range(rng.randint(1, 4))
    ]
    metadata += [dc_value("subject", v.COLLECTIONS[c]["name"], "vi") for c in collections]
    metadata += [dc_value("subject", s, "vi") for s in rng.sample(words["objects"], 2)]
    metadata.append(dc_value("description", abstract, "vi"))
    if english or rng.random() < 0.1:
        metadata.append(
            dc_value("description", f"This study concerns {province}, Mekong Delta.", "en")
        )
    metadata.append(dc_value("publisher", rng.choice(v.PUBLISHERS), "vi"))
    if rng.random() < 0.4:
        metadata.append(dc_value("contributor", person(rng)))
    metadata.append(dc_value("format", "application/pdf"))
    metadata.append(dc_value("source", library_name, "vi"))
    metadata.append(dc_value("coverage", f"{province}, Việt Nam", "vi"))
    metadata.append(dc_value("rights", rng.choice(v.RIGHTS), "vi"))
    for number, item in enumerate(metadata):
        item["id"] = f"seed-{number}"
    return DemoRecord(
        index=index,
        local_id=local_id,
        title=title,
        title_lang=language,
        date=f"{year}-{rng.randint(1, 12):02d}" if rng.random() < 0.5 else str(year),
        year=year,
        doc_type=doc_type,
        language=language,
        source_slug=slug,
        collection_slugs=collections,
        metadata=metadata,
        origin_identifier=f"oai:{slug}.dbscl.vn:{index + 1}",
        datestamp=FIRST_DATESTAMP + index * DATESTAMP_STEP,
        abstract=abstract,
        fulltext=f"{title}\n\n{abstract}\n\n{paragraphs(rng, words, province, FULLTEXT_CHARS)}",
    )
