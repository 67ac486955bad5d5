"""Hostile records (issue #12): values no column or page should take as they come. One bad
record never stops a harvest; over-long values are cut or left out with a note on the run; a
language tag is exported only when it is one. Run on PostgreSQL too: SQLite ignores lengths."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from harvest import runs, upsert
from harvest.models import FulltextTask, HarvestRun, HarvestSource
from harvest.testing.fixtures import harvest
from harvest.testing.provider import HOSTILE, Provider, Running, hostile, item
from library.models import Document, Source
from library.tests.oai_fixtures import identifier
from library.tests.oai_schema import assert_valid

pytestmark = pytest.mark.django_db


def notes(run: HarvestRun) -> dict[str, str]:
    return {e["identifier"]: e["reason"] for e in run.errors}


def broken(function, is_hit):
    """`function`, raising where nobody expected for the calls `is_hit` picks."""

    def wrapper(*args, **kwargs):
        if is_hit(*args):
            raise RuntimeError("a bug nobody foresaw")
        return function(*args, **kwargs)

    return wrapper


def test_an_over_long_identifier_skips_its_record_and_the_rest_of_the_page_is_stored(
    provider, source
):
    fake, _ = provider
    fake.items[2] = hostile(3, "identifier-over-500")
    run = harvest(source)
    assert run.status == HarvestRun.Status.SUCCEEDED
    assert (run.new, run.failed) == (24, 1)
    [(skipped, reason)] = notes(run).items()
    assert skipped.startswith("oai:test:dai-dai-") and "500" in reason
    first_page = {f"oai:test:{n}" for n in (1, 2, 4, 5, 6, 7, 8, 9, 10)}
    assert first_page <= set(Document.objects.values_list("origin_identifier", flat=True))
    again = harvest(source, full=True)  # the next run does not die at the same place
    assert again.status == HarvestRun.Status.SUCCEEDED
    assert (again.new, again.unchanged, again.failed) == (0, 24, 1)


def test_an_identifier_repeated_on_a_page_keeps_its_first_record(provider, source):
    fake, _ = provider
    fake.items[1] = hostile(2, "identifier-repeated")
    run = harvest(source)
    assert run.status == HarvestRun.Status.SUCCEEDED
    assert (run.new, run.failed) == (24, 1) and "repeated" in notes(run)["oai:test:1"]
    assert Document.objects.get(origin_identifier="oai:test:1").title == item(1).title


def test_a_record_its_reader_trips_on_is_skipped_and_the_run_goes_on(provider, source, monkeypatch):
    label, read = upsert.READERS["oai_dc"]

    def tripping(metadata):
        mapped = read(metadata)
        if mapped.title == item(4).title:
            raise KeyError("a bug nobody foresaw")
        return mapped

    monkeypatch.setitem(upsert.READERS, "oai_dc", (label, tripping))
    run = harvest(source)
    assert run.status == HarvestRun.Status.SUCCEEDED
    assert (run.new, run.failed) == (24, 1)
    assert "KeyError" in notes(run)["oai:test:4"]


def test_an_over_long_pdf_link_is_left_out_with_a_note(provider, source):
    fake, _ = provider
    fake.items[4] = hostile(5, "pdf-link-over-1000")
    HarvestSource.objects.filter(pk=source.pk).update(fulltext=True)
    run = harvest(source)
    assert run.status == HarvestRun.Status.SUCCEEDED
    assert (run.new, run.failed, run.dropped) == (25, 0, 1)
    assert "PDF link" in notes(run)["oai:test:5"]
    assert not FulltextTask.objects.exists()
    assert "1 bị bỏ" in run.summary()


def test_a_repository_name_over_the_column_is_cut_when_the_source_registers(provider, search_index):
    fake, running = provider
    fake.repository_name = "Thư viện số Trung tâm Thông tin KH&CN tỉnh Cà Mau " * 8
    call_command("harvest", url=running.url, no_fulltext=True)
    name = HarvestSource.objects.get(base_url=running.url).source.name
    assert len(name) <= (Source._meta.get_field("name").max_length or 0)
    assert name.endswith("…") and fake.repository_name.startswith(name[:-1] + " ")
    assert Document.objects.count() == 25


def test_a_page_that_fails_to_store_fails_the_run_with_honest_counts_and_the_next_resumes(
    provider, source, monkeypatch
):
    hit = lambda rows: rows[0]["origin_identifier"] == "oai:test:11"  # noqa: E731
    monkeypatch.setattr(upsert, "insert_documents", broken(upsert.insert_documents, hit))
    run = harvest(source)
    assert run.status == HarvestRun.Status.FAILED
    assert run.message == "RuntimeError: a bug nobody foresaw"
    assert (run.pages, run.new) == (1, 10)  # the second page was rolled back, counts and all
    assert Document.objects.count() == 10
    monkeypatch.undo()
    again = harvest(source)
    assert again.pk == run.pk and again.status == HarvestRun.Status.SUCCEEDED
    assert (again.new, Document.objects.count()) == (25, 25)


@pytest.fixture
def second_source(search_index):
    """Another source, harvested after the `source` fixture's: three good records."""
    other = Running(Provider(items=[item(n) for n in range(1, 4)]))
    library = Source.objects.create(name="Thư viện khác", province="An Giang", slug="khac")
    yield HarvestSource.objects.create(source=library, base_url=other.url, fulltext=False)
    other.stop()


def harvest_all_and_fail(capsys) -> str:
    with pytest.raises(CommandError, match="1 nguồn"):
        call_command("harvest", no_fulltext=True)
    return capsys.readouterr().err


def test_a_run_that_fails_unexpectedly_is_recorded_and_the_next_source_is_harvested(
    source, second_source, monkeypatch, capsys
):
    hit = lambda run, page, spec=None: run.source_id == source.pk  # noqa: E731
    monkeypatch.setattr(runs, "apply_page", broken(runs.apply_page, hit))
    assert "RuntimeError: a bug nobody foresaw" in harvest_all_and_fail(capsys)
    failed = HarvestRun.objects.get(source=source)
    assert failed.status == HarvestRun.Status.FAILED
    assert failed.message == "RuntimeError: a bug nobody foresaw"
    source.refresh_from_db()
    assert source.health == "error" and "a bug nobody foresaw" in source.last_error
    assert HarvestRun.objects.get(source=second_source).status == HarvestRun.Status.SUCCEEDED
    assert Document.objects.filter(source=second_source.source).count() == 3


def test_a_source_that_fails_before_its_run_begins_does_not_stop_the_next(
    source, second_source, monkeypatch, capsys
):
    hit = lambda harvest_source, full: harvest_source.pk == source.pk  # noqa: E731
    monkeypatch.setattr(runs, "start_run", broken(runs.start_run, hit))
    assert "RuntimeError: a bug nobody foresaw" in harvest_all_and_fail(capsys)
    assert Document.objects.filter(source=second_source.source).count() == 3


def test_a_title_of_a_megabyte_is_cut_at_a_word_with_a_note(provider, source):
    fake, _ = provider
    fake.items[6] = hostile(7, "title-of-a-megabyte")
    run = harvest(source)
    title = Document.objects.get(origin_identifier="oai:test:7").title
    full = HOSTILE["title-of-a-megabyte"]["title"].strip()
    assert len(title) <= 2000 and title.endswith("…")
    assert full.startswith(title[:-1]) and full[len(title) - 1] == " "  # cut before a word
    assert (run.new, run.failed, run.truncated) == (25, 0, 1)
    assert "title" in notes(run)["oai:test:7"]
    assert "1 giá trị bị cắt ngắn" in run.summary()
    again = harvest(source, full=True)  # the cut title is what the record maps to: unchanged
    assert (again.updated, again.unchanged, again.truncated) == (0, 25, 1)


def test_a_double_encoded_title_is_stored_repaired_and_the_run_says_so(provider, source):
    fake, _ = provider
    fake.items[4] = hostile(5, "title-double-encoded")
    run = harvest(source)
    assert Document.objects.get(origin_identifier="oai:test:5").title == "Nuôi tôm sú thâm canh"
    assert (run.new, run.repaired, run.truncated) == (25, 1, 0)
    assert "double-encoded" in notes(run)["oai:test:5"]
    assert "1 sửa mã hoá" in run.summary()


def test_invalid_language_tags_are_dropped_and_the_portals_oai_validates(provider, source, client):
    fake, _ = provider
    fake.items[1] = hostile(2, "title-lang-injection")
    fake.items[2] = hostile(3, "creator-lang-injection")
    fake.items[3] = hostile(4, "title-lang-mixed-case")
    run = harvest(source)
    documents = {d.origin_identifier: d for d in Document.objects.all()}
    for number in (2, 3, 4):
        for prefix in ("oai_dc", "mods"):
            response = client.get(
                "/oai/",
                {
                    "verb": "GetRecord",
                    "metadataPrefix": prefix,
                    "identifier": identifier(documents[f"oai:test:{number}"]),
                },
            )
            assert_valid(response.content)
            assert b"onmouseover" not in response.content
    assert documents["oai:test:2"].title_lang == ""
    assert ("Lê Thị Hoa", "") in documents["oai:test:3"].dublin_core()["creator"]
    assert documents["oai:test:4"].title_lang == "en-US"
    assert (run.new, run.failed, run.dropped) == (25, 0, 2)
    assert set(notes(run)) == {"oai:test:2", "oai:test:3"}


def test_an_over_long_date_is_cut_to_its_column_with_a_note(provider, source):
    fake, _ = provider
    fake.items[0] = hostile(1, "date-over-32")
    run = harvest(source)
    document = Document.objects.get(origin_identifier="oai:test:1")
    assert document.date == "ngày 2 tháng 3 năm 2015, tái…" and document.year == 2015
    assert (run.new, run.failed, run.truncated) == (25, 0, 1)
    assert "date" in notes(run)["oai:test:1"]
