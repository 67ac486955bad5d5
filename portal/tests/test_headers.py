"""Every answer carries a Content-Security-Policy the site's own pages pass, and the language
cookie is Secure and SameSite under TLS."""

import re
import subprocess
import sys

import pytest

from library.tests.factories import make_document
from portal.news.demo import seed_news
from portal.tests.test_settings import FULL_ENV, ROOT

pytestmark = pytest.mark.django_db
# A <script> without src runs inline, unless it is a data block (JSON), which CSP lets be.
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\b(?:src=|type=\"application/json\"))[^>]*>", re.I)
INLINE_STYLE = re.compile(r"<style\b|\sstyle=|\son[a-z]+=", re.IGNORECASE)


@pytest.fixture
def pages(search_index):
    seed_news(3, seed=1)
    document = make_document()
    return ["/", "/tin-tuc/", "/search/?q=lúa", f"/tai-lieu/{document.local_id}/"]


def test_public_pages_have_a_strict_policy_and_nothing_inline_it_would_block(client, pages):
    for url in pages:
        response = client.get(url, follow=True)
        policy = response["Content-Security-Policy"]
        assert "script-src 'self';" in policy and "'unsafe-inline'" not in policy, url
        assert "frame-ancestors 'self'" in policy and "object-src 'none'" in policy
        assert "geolocation=()" in response["Permissions-Policy"]
        html = response.content.decode()
        assert not INLINE_SCRIPT.search(html), (url, INLINE_SCRIPT.search(html))
        assert not INLINE_STYLE.search(html), (url, INLINE_STYLE.search(html))


def test_the_admin_gets_the_policy_its_editors_need(admin_client):
    policy = admin_client.get("/admin/")["Content-Security-Policy"]
    assert "style-src 'self' 'unsafe-inline'" in policy and "frame-ancestors 'self'" in policy


def test_the_language_cookie_is_secure_and_same_site_under_tls():
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.LANGUAGE_COOKIE_SECURE, s.LANGUAGE_COOKIE_SAMESITE, s.LANGUAGE_COOKIE_HTTPONLY)"
    )
    env = {**FULL_ENV, "DJANGO_SETTINGS_MODULE": "portal.settings.production", "PATH": "/usr/bin"}
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.stdout.split() == ["True", "Lax", "True"], result.stderr


def test_an_editors_view_of_a_public_page_has_nothing_inline_either(admin_client, pages):
    html = admin_client.get("/").content.decode()  # with Wagtail's userbar
    assert "userbar" in html
    assert not INLINE_SCRIPT.search(html), INLINE_SCRIPT.search(html)
    assert not INLINE_STYLE.search(html), INLINE_STYLE.search(html)
