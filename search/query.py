"""The search box's query language, parsed into clauses. Pure Python, no Django.

    khoa học               words, all required (AND)
    "khoa học"             a phrase: the words side by side
    -tôm, -"nuôi tôm"      exclusion
    title:lúa  author:"Nguyễn Văn An"  subject:thủy  source:cantho
    year:2010-2015  year:2010  year:-2000  year:2015-

Whatever is typed parses: stray quotes and operators are dropped, control characters removed,
the text capped; what was changed is reported in `notices` as (code, detail) pairs, which the
search service words in the reader's language.
"""

import re
import unicodedata
from dataclasses import dataclass, field

FIELDS = ("title", "author", "subject", "source")
MAX_LENGTH = 500
MAX_CLAUSES = 24
_TOKEN = re.compile(r'(-?)(?:(\w+):)?(?:"([^"]*)"?|(\S+))')
_YEAR = re.compile(r"^(\d{4})?(-)?(\d{4})?$")
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Clause:
    text: str  # the words as typed (NFC); the engines analyse them
    phrase: bool = False
    field: str | None = None  # None: every text field
    negated: bool = False


@dataclass(frozen=True)
class ParsedQuery:
    clauses: tuple[Clause, ...] = ()
    years: tuple[int | None, int | None] | None = None
    notices: tuple[tuple[str, str], ...] = field(default_factory=tuple)

    @property
    def positive(self) -> tuple[Clause, ...]:
        return tuple(c for c in self.clauses if not c.negated)

    @property
    def is_empty(self) -> bool:
        return not self.positive and self.years is None


def clean(text: str) -> tuple[str, list[tuple[str, str]]]:
    notices: list[tuple[str, str]] = []
    text = unicodedata.normalize("NFC", text)
    cleaned = "".join(" " if unicodedata.category(c)[0] == "C" else c for c in text)
    if len(cleaned) > MAX_LENGTH:
        cleaned = cleaned[:MAX_LENGTH]
        notices.append(("too-long", str(MAX_LENGTH)))
    return cleaned, notices


def parse_years(value: str) -> tuple[int | None, int | None] | None:
    match = _YEAR.match(value)
    if not match or not (match.group(1) or match.group(3)):
        return None
    low = int(match.group(1)) if match.group(1) else None
    high = int(match.group(3)) if match.group(3) else None
    if match.group(2) is None:
        high = low
    if low is not None and high is not None and low > high:
        low, high = high, low
    return low, high


def parse(text: str) -> ParsedQuery:
    text, notices = clean(text)
    if text.count('"') % 2:
        notices.append(("unclosed-quote", ""))
    clauses: list[Clause] = []
    years = None
    for negation, raw_prefix, quoted, bare in _TOKEN.findall(text):
        prefix = raw_prefix.lower()
        value = quoted if quoted else bare
        if prefix == "year":
            parsed = parse_years(value)
            if parsed is None:
                notices.append(("bad-years", value))
            else:
                years = parsed
            continue
        if prefix and prefix not in FIELDS:  # "http:…", "ISO:9001": plain words
            value, prefix = f"{raw_prefix}:{value}", ""
        if not _WORD.search(value):  # operators or punctuation alone
            continue
        clauses.append(
            Clause(
                text=value.strip(),
                phrase=bool(quoted) and len(_WORD.findall(value)) > 1,
                field=prefix or None,
                negated=bool(negation),
            )
        )
    if len(clauses) > MAX_CLAUSES:
        clauses = clauses[:MAX_CLAUSES]
        notices.append(("too-many", str(MAX_CLAUSES)))
    if clauses and not any(not c.negated for c in clauses) and years is None:
        notices.append(("only-exclusions", ""))
    return ParsedQuery(tuple(clauses), years, tuple(notices))
