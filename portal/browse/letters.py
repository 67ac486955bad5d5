"""Subjects filed under their first letter, marks ignored: "Đất" under d, "Ấu trùng" under a."""

from search import analysis
from search.facets import FacetValue

OTHER = "khac"  # subjects that start with a digit or a sign


def letter_of(value: str) -> str:
    """The letter a value is filed under (a–z), or OTHER."""
    first = analysis.fold(value.lstrip()[:1])
    return first if first.isascii() and first.isalpha() else OTHER


def sort_key(value: FacetValue) -> tuple[str, str]:
    """Alphabetical, diacritics ignored first and deciding ties."""
    return analysis.fold(value.value), value.value


def by_letter(values: list[FacetValue]) -> dict[str, list[FacetValue]]:
    """Each letter that has values, in order (OTHER last), with its values alphabetically."""
    filed: dict[str, list[FacetValue]] = {}
    for value in values:
        filed.setdefault(letter_of(value.value), []).append(value)
    order = sorted(filed, key=lambda letter: (letter == OTHER, letter))
    return {letter: sorted(filed[letter], key=sort_key) for letter in order}
