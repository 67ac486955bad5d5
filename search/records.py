"""Items as index records: the text analysed once, here, for every engine. No Django: a
rebuild runs analysed_documents() in processes of their own (search.documents reads the rows)."""

import re

from library.dublin_core import values_by_element

from . import analysis
from .engines.base import IndexRecord, sort_key
from .plan import MAX_KEYWORD_BYTES, PAIR_FIELDS, TEXT_FIELDS

COLUMNS = ("id", "title", "year", "doc_type", "language", "source_id", "status", "metadata_json")
# A full text is indexed in order (its words, their pairs, its phrases) up to IN_ORDER
# characters, and past them as its distinct words, at most LATER_WORDS of them: Elasticsearch
# refused the record of a 2.9-million-character text (a 1,000-page book: 20 MB, its words and
# pairs, exact and folded) as too much at once for its indexing memory (429, on a 512 MB heap),
# with the documents sent beside it, and every index write that held it failed; a hostile text
# could make a record of any size. Every word of a long text is still found; words side by side
# and quoted phrases in its first IN_ORDER characters (about 170 pages; DSpace indexes the first
# 100,000 characters of a text, and nothing after them).
IN_ORDER = 500_000
LATER_WORDS = 50_000
_PIECE = 1_000_000  # characters of the rest analysed at a time
_SPACE = re.compile(r"\s")


def uid(pk: int, kind: str = "document") -> str:
    return f"{kind}:{pk}"


def pk_of(item_uid: str) -> int:
    """The primary key in a uid ("document:12" → 12)."""
    return int(item_uid.split(":", 1)[1])


def texts(name: str, values: list[str]) -> dict[str, str | list[str]]:
    """A text field's values as every engine indexes them: exact (<name>_x) and folded
    (<name>_f), and for a field of plan.PAIR_FIELDS the pairs of adjacent words in each
    (<name>_x2, <name>_f2; no pair spans two values). A field without pairs keeps its values
    apart, as a list: the engines leave a gap in the positions between two values, so that a
    phrase, read there by the positions of its words, is never found across two."""
    analysed = [analysis.analyse(v) for v in values if v]
    exact, folded = [x for x, _ in analysed if x], [f for _, f in analysed if f]
    if name not in PAIR_FIELDS:
        return {f"{name}_x": exact, f"{name}_f": folded}
    return {
        f"{name}_x": " ".join(exact),
        f"{name}_f": " ".join(folded),
        f"{name}_x2": " ".join(" ".join(analysis.pairs(x.split())) for x in exact),
        f"{name}_f2": " ".join(" ".join(analysis.pairs(f.split())) for f in folded),
    }


def analysed_documents(
    rows: list[tuple[tuple, str]], sources: dict[int, tuple[str, str]]
) -> list[IndexRecord]:
    """Records of documents read as (row of COLUMNS, full text): the work a rebuild spreads
    over processes (search.processes), so it needs nothing but its arguments."""
    return [document_record(row, text, sources) for row, text in rows]


def document_record(row: tuple, fulltext: str, sources: dict[int, tuple[str, str]]) -> IndexRecord:
    pk, title, year, doc_type, language, source_id, _status, metadata_json = row
    values = values_by_element(metadata_json)
    slug, source_text = sources.get(source_id, ("", ""))
    subjects = values.get("subject", [])
    fields = {
        "title": [title, *values.get("title", [])],
        "author": values.get("creator", []) + values.get("contributor", []),
        "subject": subjects + values.get("coverage", []),
        "source": [source_text],
    }
    in_order, later = split_text(fulltext)
    fields["body"] = [
        *fields["title"],
        *fields["author"],
        *fields["subject"],
        source_text,
        *values.get("description", []),
        in_order,
    ]
    record = index_record(
        "document",
        pk,
        year,
        fields,
        item_type=doc_type,
        language=language,
        subjects=subjects,
        source_key=slug or None,
    )
    if later:  # words only: pairs and positions would run from one word to the next
        exact = distinct_words(later)
        folded = dict.fromkeys(analysis.fold(word) for word in exact)
        record["body_x"] = " ".join([str(record["body_x"]), *exact]).strip()
        record["body_f"] = " ".join([str(record["body_f"]), *folded]).strip()
    return record


def split_text(text: str) -> tuple[str, str]:
    """(the first IN_ORDER characters of `text`, cut at a space or line break; the rest)."""
    if len(text) <= IN_ORDER:
        return text, ""
    cut = max(text.rfind(" ", 0, IN_ORDER), text.rfind("\n", 0, IN_ORDER))
    cut = cut if cut > 0 else IN_ORDER
    return text[:cut], text[cut:]


def distinct_words(text: str) -> list[str]:
    """The distinct analysed words of `text` (exact), in the order they first occur, at most
    LATER_WORDS: read a piece at a time, so a text of any size never makes one list of all its
    words, and not past the piece that reaches the limit."""
    found: dict[str, None] = {}
    start = 0
    while start < len(text) and len(found) < LATER_WORDS:
        space = _SPACE.search(text, start + _PIECE)
        end = space.start() if space else len(text)
        found.update(dict.fromkeys(analysis.analyse(text[start:end])[0].split()))
        start = end
    return list(found)[:LATER_WORDS]


def index_record(
    kind: str,
    pk: int,
    year: int | None,
    fields: dict[str, list[str]],
    *,
    item_type: str,
    language: str,
    subjects: list[str],
    source_key: str | None = None,
) -> IndexRecord:
    """One flat index record (see engines.base.IndexRecord) of any kind: its keyword fields,
    and each text field of plan.TEXT_FIELDS analysed by texts()."""
    result: IndexRecord = {
        "uid": uid(pk, kind),
        "kind": kind,
        "pk": pk,
        "year": year,
        "order": sort_key(year, pk),
        "source_key": source_key,
        "type": item_type,
        "language": language,
        "subject_key": subject_keys(subjects),
    }
    for name in TEXT_FIELDS:
        result.update(texts(name, fields.get(name, [])))
    return result


def subject_keys(subjects: list[str]) -> list[str]:
    """The subjects as facet keywords, those no engine can index left out: Elasticsearch
    refused a whole document with a harvested subject over MAX_KEYWORD_BYTES, and every index
    write that held it failed. Such a subject is still searched as text (the subject field)."""
    keys = {analysis.canonical_spelling(s) for s in subjects}
    return sorted(k for k in keys if len(k.encode()) <= MAX_KEYWORD_BYTES)
