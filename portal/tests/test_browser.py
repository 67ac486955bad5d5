"""The pages as a reader and an editor see them, in headless Chromium (Debian's), driven by
Playwright. Screenshots of the main pages are saved in test-artifacts/ (CI keeps them).

Without a Chromium these tests are skipped with a loud reason, or fail under REQUIRE_BROWSER=1
(as in CI).

The journeys run in one test, on the embedded engine, in a portal the `portal` fixture builds:
a transactional test that ran before (there are some in harvest/ and library/) ends by flushing
the database, which takes the home page, site, groups and workflow that migrations made with it.
pytest-django's serialized rollback cannot bring them back: the flush re-creates the content
types under new ids, and restoring the saved ones then breaks their unique constraint."""

import importlib
import os
import re
import shutil
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.core.cache import cache
from django.core.management import call_command
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Locale,
    Page,
    Site,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from conftest import missing
from portal.home.models import HomePage
from portal.news.models import NewsPage
from search import analysis, indexing
from search.engines import get_engine
from search.models import Suggestion

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(scope="module")
def chromium():
    path = os.environ.get("CHROMIUM") or shutil.which("chromium")
    if not path:
        missing(
            "NO CHROMIUM: the browser tests did not run "
            "(scripts/debian-package.sh chromium installs it).",
            required_by="REQUIRE_BROWSER",
        )
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
    # around it are plain synchronous ones.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # for these tests only: removed below
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=path,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        try:
            yield browser
        finally:
            browser.close()
            del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


HOME_TITLE = importlib.import_module("portal.home.migrations.0002_create_homepage").TITLE
WORKFLOW = importlib.import_module("portal.home.migrations.0005_workflow_in_vietnamese").NAME


@pytest.fixture
def portal():
    """The portal as migrations leave it, whatever ran before: an empty database but for the
    content types and permissions (which a flush re-creates), then the home page and its site,
    the root collection, the Editors and Moderators groups with Wagtail's default permissions
    and the usage report's, and the moderators' workflow ("Ban kiểm duyệt") on every page."""
    call_command("flush", interactive=False, verbosity=0)
    vi = Locale.objects.create(language_code="vi")
    Locale.objects.create(language_code="en")
    root = Page.add_root(instance=Page(title="Root", slug="root", locale=vi))
    home = root.add_child(instance=HomePage(title=HOME_TITLE, slug="home", locale=vi))
    Site.objects.create(
        hostname="localhost", root_page=home, is_default_site=True, site_name=HOME_TITLE
    )
    collection = Collection.add_root(name="Root")
    editors, moderators = (Group.objects.create(name=n) for n in ("Editors", "Moderators"))
    page_rights = {
        editors: ("add_page", "change_page"),
        moderators: ("add_page", "change_page", "publish_page", "lock_page", "unlock_page"),
    }
    for group, codenames in page_rights.items():
        group.permissions.add(Permission.objects.get(codename="access_admin"))
        group.permissions.add(Permission.objects.get(codename="view_documentusage"))  # portal.usage
        for codename in codenames:
            permission = Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            )
            GroupPagePermission.objects.create(group=group, page=root, permission=permission)
        for codename in ("add_image", "change_image", "choose_image"):
            permission = Permission.objects.get(codename=codename)
            GroupCollectionPermission.objects.create(
                group=group, collection=collection, permission=permission
            )
    task = GroupApprovalTask.objects.create(name=WORKFLOW)
    task.groups.set([moderators])
    workflow = Workflow.objects.create(name=WORKFLOW, active=True)
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.create(workflow=workflow, page=root)
    return home


@pytest.fixture
def site(portal, live_server, settings, tmp_path):
    settings.WAGTAILADMIN_BASE_URL = live_server.url
    settings.SEARCH = {"ELASTICSEARCH_URL": "", "INDEX_NAME": "", "INDEX_DIR": str(tmp_path)}
    get_engine.cache_clear()
    call_command("seed_demo", documents=60, pdfs=2, news=12, offers=40, requests=12, seed=4)
    indexing.rebuild()
    # The shared cache is a table no transactional test's flush empties: no figures of another's
    cache.clear()
    ARTIFACTS.mkdir(exist_ok=True)
    return live_server.url


@pytest.fixture
def page(chromium):
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    yield context.new_page()
    context.close()


def shot(page, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_reader_and_editor_journeys(site, page, chromium):
    home_news_and_document_pages(site, page)
    search_without_diacritics_marks_them_and_a_facet_narrows_it(site, page)
    a_reader_picks_a_suggestion_with_the_keyboard(site, page)
    the_search_boxes_work_without_javascript(site, chromium)
    the_pdf_link_of_a_document_works(site, page)
    harvested_markup_stays_text_and_phones_fit(site, chromium)
    the_network_and_statistics_draw_their_charts(site, page, chromium)
    a_visitor_narrows_the_exchange_and_enquires_about_an_offer(site, page, chromium)
    an_editor_submits_news_a_moderator_publishes_it(site, page, chromium)
    the_librarians_dashboard_leads_to_what_needs_fixing(site, chromium)
    an_editor_reads_the_months_usage_and_downloads_its_csv(site, chromium)
    get_engine.cache_clear()


def home_news_and_document_pages(site, page):
    page.goto(site + "/")
    assert page.locator("h1").inner_text().startswith("Cổng thông tin KH&CN")
    assert page.locator(".counts").inner_text().startswith("60 tài liệu")
    shot(page, "home")
    newest = NewsPage.objects.live().order_by("-date", "-id").first()
    page.get_by_role("link", name=newest.title).first.click()
    page.wait_for_load_state()
    assert page.locator("article.news h1").inner_text() == newest.title
    assert page.locator("article.news img").count() >= 1
    shot(page, "news-article")
    page.goto(site + "/")
    page.locator("section[aria-labelledby=recent] a.title").first.click()
    page.wait_for_load_state()
    shot(page, "document")
    meta = page.locator('meta[name="citation_title"]').get_attribute("content")
    assert meta == page.locator("article.document h1").inner_text()


def search_without_diacritics_marks_them_and_a_facet_narrows_it(site, page):
    page.goto(site + "/")
    page.fill("#home-q", "khoa hoc")
    page.press("#home-q", "Enter")
    page.wait_for_load_state()
    marks = page.locator(".hit mark").all_inner_texts()
    assert "khoa" in [m.lower() for m in marks] and "học" in [m.lower() for m in marks]
    before = int(page.locator(".total").inner_text().split()[0])
    shot(page, "search")
    page.locator("fieldset:has(legend:text('Nguồn dữ liệu')) input[type=checkbox]").first.check()
    page.get_by_role("button", name="Lọc").click()
    page.wait_for_load_state()
    after = int(page.locator(".total").inner_text().split()[0])
    assert 0 < after < before
    assert "source=" in page.url  # the state is in the address, shareable


def a_reader_picks_a_suggestion_with_the_keyboard(site, page):
    """The WAI-ARIA combobox: typed without diacritics, Down/Up move, Escape closes, Enter
    searches the option chosen; a status region says how many there are; no CSP violation."""
    errors: list[str] = []

    def note_error(message) -> None:
        if message.type == "error":
            errors.append(message.text)

    page.on("console", note_error)
    subject = Suggestion.objects.filter(kind="subject").order_by("-count", "text")[0]
    typed = analysis.fold(subject.text)[:2]
    page.goto(site + "/")
    box = page.locator("#home-q")
    assert box.get_attribute("role") == "combobox" and box.get_attribute("aria-expanded") == "false"
    box.press_sequentially(typed, delay=40)
    page.get_by_role("listbox").wait_for()
    assert box.get_attribute("aria-expanded") == "true"
    listbox_id = box.get_attribute("aria-controls")
    options = page.locator(f"#{listbox_id} [role=option]")
    count = options.count()
    assert count >= 2 and page.get_by_role("status").inner_text().startswith(f"{count} gợi ý")
    texts = options.all_inner_texts()
    wanted = next(i for i, t in enumerate(texts) if t.startswith(subject.text + " Chủ đề"))
    shot(page, "suggestions")
    box.press("ArrowDown")
    assert box.get_attribute("aria-activedescendant") == options.nth(0).get_attribute("id")
    assert options.nth(0).get_attribute("aria-selected") == "true"
    box.press("ArrowUp")  # from the first, round to the last
    assert box.get_attribute("aria-activedescendant") == options.nth(count - 1).get_attribute("id")
    box.press("Escape")
    assert box.get_attribute("aria-expanded") == "false" and box.input_value() == typed
    assert not page.get_by_role("listbox").is_visible()
    for _ in range(wanted + 1):
        box.press("ArrowDown")
    assert box.get_attribute("aria-activedescendant") == options.nth(wanted).get_attribute("id")
    box.press("Enter")
    page.wait_for_url("**/search/?**")
    assert page.locator("#q").input_value() == f'subject:"{subject.text}"'
    assert int(page.locator(".total").inner_text().split()[0]) >= subject.count
    assert errors == []


def the_search_boxes_work_without_javascript(site, chromium):
    context = chromium.new_context(java_script_enabled=False)
    plain = context.new_page()
    plain.goto(site + "/")
    assert plain.locator("#home-q").get_attribute("role") is None  # a plain search field
    plain.fill("#home-q", "khoa hoc")
    plain.press("#home-q", "Enter")
    plain.wait_for_url("**/search/?q=khoa+hoc")
    assert int(plain.locator(".total").inner_text().split()[0]) > 0
    context.close()


def the_pdf_link_of_a_document_works(site, page):
    from library.models import DocumentFile

    stored = DocumentFile.objects.select_related("document").first()
    assert stored is not None
    document = stored.document
    page.goto(f"{site}/tai-lieu/{document.local_id}/")
    href = page.get_by_role("link", name="Tải toàn văn (PDF)").get_attribute("href")
    response = page.request.get(site + href)
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF-")


def login(page, site: str, username: str) -> None:
    page.goto(site + "/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "mat-khau-thu-nghiem-2026")
    page.click("button[type=submit]")
    page.wait_for_url(site + "/admin/")


def harvested_markup_stays_text_and_phones_fit(site, chromium):
    from library.tests.factories import make_document

    document = make_document(title='Độ mặn <img src=x onerror="alert(1)"><script>alert(2)</script>')
    phone = chromium.new_context(viewport={"width": 375, "height": 740}, is_mobile=True)
    small = phone.new_page()
    dialogs = []

    def note_and_dismiss(dialog):
        dialogs.append(dialog.message)
        dialog.dismiss()

    small.on("dialog", note_and_dismiss)
    small.goto(f"{site}/tai-lieu/{document.local_id}/")
    heading = small.locator("article.document h1").inner_text()
    assert "<script>alert(2)</script>" in heading and dialogs == []
    assert small.locator("article.document img").count() == 0
    for path in ("/", f"/tai-lieu/{document.local_id}/", "/search/?q=khoa+hoc"):
        small.goto(site + path)
        width = small.evaluate("document.documentElement.scrollWidth")
        assert width <= 375, f"{path} scrolls sideways on a phone ({width}px)"
    small.goto(site + "/search/?q=khoa+hoc")
    shot(small, "search-phone")
    phone.close()


def the_network_and_statistics_draw_their_charts(site, page, chromium):
    """Server-drawn SVG under the site's CSP: coloured by portal.css, no violation logged, the
    data table one click away, and both pages fit a phone."""
    errors: list[str] = []

    def note_error(message) -> None:
        if message.type == "error":
            errors.append(message.text)

    page.on("console", note_error)
    page.goto(site + "/mang-luoi/")
    rows = page.locator("table.network tbody tr")
    assert rows.count() == 13 and page.locator(".badge").count() == 13
    shot(page, "network")
    rows.first.locator("th a").click()
    page.wait_for_load_state()
    assert page.locator("figure.chart svg[role=img]").count() == 1
    shot(page, "network-library")
    page.goto(site + "/thong-ke/")
    charts = page.locator("figure.chart svg[role=img]")
    assert charts.count() == 7
    for n in range(7):
        box = charts.nth(n).bounding_box()
        assert box and box["width"] > 200 and box["height"] > 20
    fill = page.locator("figure.chart text").first.evaluate("text => getComputedStyle(text).fill")
    assert fill == "rgb(27, 42, 31)"  # --ink, from portal.css (not black): the CSS reached it
    table = page.locator("#loai table")
    assert not table.is_visible()
    page.locator("#loai summary").click()
    assert table.is_visible() and table.locator("tbody tr").count() >= 1
    shot(page, "statistics")
    assert errors == []
    phone = chromium.new_context(viewport={"width": 375, "height": 740}, is_mobile=True)
    small = phone.new_page()
    for path in ("/mang-luoi/", "/thong-ke/"):
        small.goto(site + path)
        width = small.evaluate("document.documentElement.scrollWidth")
        assert width <= 375, f"{path} scrolls sideways on a phone ({width}px)"
    phone.close()


def a_visitor_narrows_the_exchange_and_enquires_about_an_offer(site, page, chromium):
    """/cong-nghe/ with a facet chosen, an offer's page with its matching requests, and the
    enquiry journey without JavaScript: the form posted, the thanks, the enquiry stored as new
    and mailed."""
    from django.core import mail

    from portal.exchange.models import Enquiry, TechnologyOfferPage

    editor = User.objects.create_user("bientap-sgd", "bientap@example.vn", "x")
    editor.groups.add(Group.objects.get(name="Editors"))
    page.goto(site + "/cong-nghe/")
    everything = int(page.locator(".counts").inner_text().split()[0])
    assert everything == 40
    page.locator("#facet-field a", has_text="Năng lượng").click()
    page.wait_for_load_state()
    assert "field=nang-luong" in page.url
    chosen = int(page.locator(".counts").inner_text().split()[0])
    assert 0 < chosen < everything
    assert page.locator("#facet-field a[aria-current]").inner_text() == "✔ Năng lượng"
    shot(page, "exchange-facet")
    dryer = TechnologyOfferPage.objects.live().filter(field="nang-luong").order_by("pk").first()
    page.get_by_role("link", name=dryer.title, exact=True).first.click()
    page.wait_for_load_state()
    assert page.locator("article.offer h1").inner_text() == dryer.title
    assert page.locator(".matches li").count() >= 1  # the requests it could meet
    shot(page, "exchange-offer")
    page.goto(site + "/cong-nghe/trien-lam/")
    assert page.locator(".showroom .badge").first.inner_text() == "TL-001"
    shot(page, "exchange-showroom")
    mail.outbox.clear()
    context = chromium.new_context(java_script_enabled=False, locale="vi-VN")
    visitor = context.new_page()
    visitor.goto(site + dryer.url)
    visitor.fill("#id_name", "Lê Thị Hồng")
    visitor.fill("#id_organisation", "HTX Trái cây Phong Điền")
    visitor.fill("#id_contact", "hong@example.vn")
    visitor.fill("#id_message", "Xin báo giá máy và chi phí lắp đặt.")
    shot(visitor, "exchange-enquiry-form")
    visitor.wait_for_timeout(3200)  # a person takes seconds; a post within 3 s is a bot's
    visitor.get_by_role("button", name="Gửi yêu cầu").click()
    visitor.wait_for_load_state()
    assert visitor.locator("h1").inner_text() == "Cảm ơn bạn đã gửi yêu cầu"
    shot(visitor, "exchange-enquiry-sent")
    context.close()
    enquiry = Enquiry.objects.get(name="Lê Thị Hồng")
    assert enquiry.status == "new" and enquiry.listing_id == dryer.pk
    assert {m.to[0] for m in mail.outbox} == {"bientap@example.vn", dryer.contact_email}


def an_editor_submits_news_a_moderator_publishes_it(site, page, chromium):
    editor = User.objects.create_user("bientap", password="mat-khau-thu-nghiem-2026")
    editor.groups.add(Group.objects.get(name="Editors"))
    moderator = User.objects.create_user("kiemduyet", password="mat-khau-thu-nghiem-2026")
    moderator.groups.add(Group.objects.get(name="Moderators"))
    index = NewsPage.objects.first().get_parent()
    login(page, site, "bientap")
    page.goto(f"{site}/admin/pages/add/news/newspage/{index.pk}/")
    # the admin's scripts translate through the catalogue it loads (locale/vi djangojs)
    assert page.evaluate("gettext('Toggle side panel')") == "Mở/đóng bảng bên"
    page.fill("#id_title", "Tin mới từ biên tập viên Cần Thơ")
    page.fill("#id_lead", "Bản tin thử nghiệm quy trình duyệt bài.")
    page.locator("[data-w-dropdown-target=toggle]").last.click()
    # The admin speaks Vietnamese here: "Gửi duyệt: Ban kiểm duyệt" (submit to the workflow).
    page.get_by_role("button", name="Gửi duyệt: Ban kiểm duyệt").click()
    page.wait_for_load_state()
    shot(page, "admin-submitted")
    article = NewsPage.objects.get(title="Tin mới từ biên tập viên Cần Thơ")
    assert not article.live and article.workflow_in_progress
    moderator_context = chromium.new_context(viewport={"width": 1280, "height": 900})
    reviewer = moderator_context.new_page()
    login(reviewer, site, "kiemduyet")
    reviewer.goto(f"{site}/admin/pages/{article.pk}/edit/")
    reviewer.locator("[data-w-dropdown-target=toggle]").last.click()
    reviewer.get_by_role("button", name="Approve and Publish", exact=True).click()
    reviewer.wait_for_load_state()
    moderator_context.close()
    article.refresh_from_db()
    assert article.live
    page.goto(site + "/")
    assert page.get_by_text("Tin mới từ biên tập viên Cần Thơ").count() >= 1
    feed = page.request.get(site + "/tin-tuc/rss.xml").text()
    assert "Tin mới từ biên tập viên Cần Thơ" in feed


def the_librarians_dashboard_leads_to_what_needs_fixing(site, chromium):
    from django.utils import timezone

    from harvest.models import HarvestSource
    from library.models import Document, Source

    failing = HarvestSource.objects.create(
        source=Source.objects.order_by("pk")[0],
        base_url="http://thuvien.example.vn/oai",
        last_error="HTTP 503 after 6 attempts",
        last_error_at=timezone.now(),
    )
    librarian = User.objects.create_user("thuthu", password="mat-khau-thu-nghiem-2026")
    librarian.groups.add(Group.objects.get(name="Editors"))
    for app, codename in [
        ("harvest", "view_harvestsource"),
        ("harvest", "view_harvestrun"),
        ("library", "view_document"),
    ]:
        permission = Permission.objects.get(content_type__app_label=app, codename=codename)
        librarian.user_permissions.add(permission)
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    admin = context.new_page()
    login(admin, site, "thuthu")
    panel = admin.locator("#librarian-dashboard-content")
    assert "HTTP 503 after 6 attempts" in panel.inner_text()
    shot(admin, "admin-dashboard")
    panel.get_by_role("link", name=failing.source.name).click()
    admin.wait_for_load_state()
    assert admin.url.endswith(f"?source={failing.pk}") and "lượt thu thập" in admin.title().lower()
    # the documents' list searched as readers search (library.admin_search): a title typed
    # without its diacritics, in the box that asks for the results as one types
    wanted = Document.objects.filter(status="active").order_by("pk")[7]
    admin.goto(site + "/admin/snippets/library/document/")
    admin.locator("#id_q").fill(analysis.fold(wanted.title))
    first_row = admin.locator("#listing-results table tbody tr").first
    first_row.get_by_text(wanted.title[:40]).wait_for()
    shot(admin, "admin-documents-searched")
    context.close()


def an_editor_reads_the_months_usage_and_downloads_its_csv(site, chromium):
    from django.utils import timezone

    from library.models import Document, DocumentUsage

    read = Document.objects.order_by("pk")[0]
    DocumentUsage.objects.create(document=read, day=timezone.now().date(), views=12, downloads=3)
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    admin = context.new_page()
    login(admin, site, "bientap")  # an editor: the group may view usage
    admin.goto(site + "/admin/reports/luot-dung/")
    row = admin.locator("table tbody tr").first
    assert read.title in row.inner_text() and "12" in row.inner_text()
    shot(admin, "admin-usage-report")
    with admin.expect_download() as download:
        admin.get_by_role("link", name=re.compile("Tải CSV tháng")).click()
    text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    assert read.local_id in text and ",12,3" in text
    context.close()
