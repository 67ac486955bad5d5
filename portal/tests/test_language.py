import re
from pathlib import Path

import pytest
from django.utils import translation

PO = Path(__file__).resolve().parents[2] / "locale" / "en" / "LC_MESSAGES" / "django.po"


def entries() -> list[tuple[str, str]]:
    text = PO.read_text(encoding="utf-8")
    pairs = re.findall(r'\nmsgid "(.+)"\nmsgstr ((?:".*"\n)+)', text)  # msgstr may wrap
    joined = [(m, "".join(re.findall(r'"(.*)"', s))) for m, s in pairs]
    return [(m.replace('\\"', '"'), s.replace('\\"', '"')) for m, s in joined]


def test_every_interface_string_has_an_english_translation_compiled():
    pairs = entries()
    assert len(pairs) > 100
    assert all(translated for _, translated in pairs)
    with translation.override("en"):
        for source, translated in pairs:
            assert translation.gettext(source) == translated  # the .mo matches the .po


@pytest.mark.django_db
def test_vietnamese_by_default_english_on_request(client, search_index):
    assert 'lang="vi"' in client.get("/search/").content.decode()
    english = client.get("/search/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'lang="en"' in english and "Search documents" in english
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/search/"})
    assert response.status_code == 302
    assert "Search documents" in client.get("/search/").content.decode()  # the cookie keeps it
