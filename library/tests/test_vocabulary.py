"""The shared protocol vocabulary: what counts as a language tag."""

import pytest

from library.vocabulary import language_tag


@pytest.mark.parametrize(
    ("given", "tag"),
    [
        ("vi", "vi"),
        ("VI", "vi"),
        ("en-us", "en-US"),
        ("EN-us", "en-US"),
        ("zh-hant-tw", "zh-Hant-TW"),
        ("es-419", "es-419"),
        ("vi_VN", "vi-VN"),  # DSpace's locale spelling: the same tag
        (" vi ", "vi"),  # xs:language collapses white space
        ("x-klingon", "x-klingon"),
    ],
)
def test_a_language_tag_is_given_in_its_usual_case(given, tag):
    assert language_tag(given) == tag


NOT_TAGS = [
    'vi" onmouseover=',
    "",
    "vi x",
    "tiếng Việt",
    "en-",
    "-en",
    "abcdefghi",
    "vi--vn",
    "en-US-" + "a" * 9,
    "de-DE-1901-" + "x" * 6,
]


@pytest.mark.parametrize("given", NOT_TAGS)
def test_anything_else_is_not_a_language_tag(given):
    assert language_tag(given) is None
