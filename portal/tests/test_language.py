import html
import json
import re
from pathlib import Path

import pytest
import wagtail
from django.urls import reverse
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import trans_real
from wagtail.models import Page

LOCALE = Path(__file__).resolve().parents[2] / "locale"
WAGTAIL = Path(wagtail.__file__).resolve().parent


def entries(language: str) -> list[tuple[str, str]]:
    """(msgid, msgstr) of the project's catalogue for `language`, a plural's first form."""
    text = (LOCALE / language / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    # msgstr may wrap; a plural entry has msgid_plural and msgstr[0]
    entry = r'\nmsgid "(.+)"\n(?:msgid_plural ".*"\n)?msgstr(?:\[0\])? ((?:".*"\n)+)'
    found = re.findall(entry, text)
    joined = [(m, "".join(re.findall(r'"(.*)"', s))) for m, s in found]
    return [(m.replace('\\"', '"'), s.replace('\\"', '"')) for m, s in joined]


@pytest.mark.parametrize("language", ["en", "vi"])
def test_every_string_of_a_catalogue_is_translated_and_compiled(language):
    """en: the interface's own (Vietnamese) strings in English; vi: Wagtail's strings that its
    Vietnamese catalogue lacks."""
    pairs = entries(language)
    assert len(pairs) > 100
    assert all(translated for _, translated in pairs)
    with translation.override(language):
        for source, translated in pairs:
            assert translation.gettext(source) == translated  # the .mo matches the .po


def msgids(catalogue: Path, plurals: bool = False) -> list[str]:
    """The msgids of a .po file, their wrapped lines joined (and each plural's second form,
    with `plurals`); the header's empty one included."""
    text = catalogue.read_text(encoding="utf-8")
    prefix = r"^msgid(?:_plural)?" if plurals else r"^msgid"
    found = re.findall(prefix + r' ((?:".*"\n)+)', text, re.M)
    return ["".join(re.findall(r'"(.*)"', lines)).replace('\\"', '"') for lines in found]


def wagtail_strings() -> dict[str, str]:
    """Every string Wagtail's interface may show (the msgids of its English catalogues, the
    two forms of a plural, white space collapsed), and as a label shows a field's name, with
    its first letter a capital ("go live date/time": "Go live date/time"): shown → msgid."""
    strings = {}
    for catalogue in WAGTAIL.glob("**/locale/en/LC_MESSAGES/django.po"):
        for string in msgids(catalogue, plurals=True):
            if collapsed := " ".join(string.split()):
                strings[collapsed] = string
                strings.setdefault(capfirst(collapsed), string)
    return strings


def shown(page: str) -> set[str]:
    """What a page shows: its text between tags, its attributes read aloud or shown as hints,
    and the strings its scripts' JSON holds (the sidebar's menu)."""
    without_code = re.sub(r"<script.*?</script>|<style.*?</style>", " ", page, flags=re.S)
    texts = set(re.split(r"<[^>]+>", without_code))
    texts |= set(re.findall(r'(?:placeholder|aria-label|title)="([^"]+)"', page))
    for script in re.findall(r"<script[^>]*>(.*?)</script>", page, flags=re.S):
        texts |= set(re.findall(r':\s*"((?:[^"\\]|\\.){1,300})"', script))
    return {" ".join(html.unescape(text).split()) for text in texts} - {""}


@pytest.mark.django_db
def test_the_admin_speaks_vietnamese_where_editors_and_librarians_work(client, admin_client):
    """No string of Wagtail's on these pages is left in English: each is in one of the
    Vietnamese catalogues (Wagtail's own, or the project's locale/vi). Wagtail's alone left the
    sidebar's "Images", "Reports" and "Help", "Save draft", "There are 17 matches", ...
    in English."""
    home = Page.objects.filter(depth=2).first()
    pages = [
        reverse("wagtailadmin_home"),
        reverse("wagtailadmin_explore", args=[home.pk]),
        reverse("wagtailadmin_pages:edit", args=[home.pk]),
        reverse("wagtailadmin_pages:add_subpage", args=[home.pk]),
        reverse("wagtailimages:index"),
        reverse("wagtaildocs:add_multiple"),
        reverse("wagtailsnippets_library_document:list") + "?q=zqxjv",
        reverse("wagtailadmin_account"),
        reverse("wagtailadmin_reports:locked_pages"),
    ]
    english = wagtail_strings()
    vietnamese = trans_real.translation("vi")._catalog  # type: ignore[attr-defined]  # merged
    asked = [(client, reverse("wagtailadmin_login"))] + [(admin_client, url) for url in pages]
    for asker, url in asked:
        response = asker.get(url, HTTP_ACCEPT_LANGUAGE="vi")
        assert response.status_code == 200, url
        left = {
            text
            for text in shown(response.content.decode()) & english.keys()
            if english[text] not in vietnamese and (english[text], 0) not in vietnamese
        }
        assert not left, (url, sorted(left))


def script_strings() -> set[str]:
    """The msgids (singular) of Wagtail's English catalogue of its admin scripts (djangojs)."""
    return set(msgids(WAGTAIL / "admin/locale/en/LC_MESSAGES/djangojs.po")) - {""}


@pytest.mark.django_db
def test_the_admin_scripts_speak_vietnamese(admin_client):
    """The JavaScript catalogue the admin loads (its menus, comments, block editor, autosave)
    translates every string of Wagtail's scripts: Wagtail's own translates 22 of 85. Django
    leaves a string it cannot translate out of the catalogue, and the script shows it in
    English."""
    response = admin_client.get(
        reverse("wagtailadmin_javascript_catalog"), HTTP_ACCEPT_LANGUAGE="vi"
    )
    assert response.status_code == 200
    script = response.content.decode()
    found = re.search(r"const newcatalog = (\{.*?\});", script, re.S)
    assert found, script[:300]
    catalogue = json.loads(found.group(1))
    strings = script_strings()
    assert len(strings) > 80
    assert sorted(strings - catalogue.keys()) == []
    assert catalogue["Save error"] == "Lỗi khi lưu"  # Wagtail's: "Lưu lỗi", save the error
    assert catalogue["%(num)s error"] == ["%(num)s lỗi"]  # a plural: its one Vietnamese form


@pytest.mark.django_db
def test_vietnamese_by_default_english_on_request(client, search_index):
    assert 'lang="vi"' in client.get("/search/").content.decode()
    english = client.get("/search/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'lang="en"' in english and "Search documents" in english
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/search/"})
    assert response.status_code == 302
    assert "Search documents" in client.get("/search/").content.decode()  # the cookie keeps it
