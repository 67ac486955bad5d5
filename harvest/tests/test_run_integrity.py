"""A run never reports success while records are missing: sets, lost tokens, unordered
providers, records outside the set asked for (against the fault provider, on the database)."""

import pytest
from django.core.management import call_command

from harvest.models import HarvestPosition, HarvestRun, HarvestSource
from harvest.testing.fixtures import harvest
from harvest.testing.provider import Item
from library.models import Document

pytestmark = pytest.mark.django_db
HOUR = 3600  # provider items are numbered in seconds after its FIRST datestamp


def stored() -> set[str]:
    return set(Document.objects.values_list("origin_identifier", flat=True))


def identifiers(numbers) -> set[str]:
    return {f"oai:test:{n}" for n in numbers}


def with_sets(source: HarvestSource, *specs: str) -> HarvestSource:
    HarvestSource.objects.filter(pk=source.pk).update(sets=list(specs))
    return HarvestSource.objects.get(pk=source.pk)


def test_every_set_is_harvested_whole_and_keeps_its_own_position(provider, source):
    fake, _ = provider
    theses = [Item(10 * HOUR + n, f"Luận văn {n}", sets=("theses",)) for n in range(20)]
    articles = [Item(n * 60, f"Bài báo {n}", sets=("articles",)) for n in range(1, 21)]
    fake.items = theses + articles  # the theses are the newest: the articles come after them
    source = with_sets(source, "theses", "articles")
    run = harvest(source)
    assert run.status == HarvestRun.Status.SUCCEEDED
    assert stored() == identifiers(i.number for i in fake.items)
    positions = dict(HarvestPosition.objects.values_list("set_spec", "datestamp"))
    assert positions == {"theses": theses[-1].datestamp, "articles": articles[-1].datestamp}
    fake.items.append(Item(5 * HOUR, "Bài báo mới", sets=("articles",)))  # older than theses
    again = harvest(source)
    assert (again.new, again.status) == (1, HarvestRun.Status.SUCCEEDED)
    assert "oai:test:18000" in stored()
    first_requests = [r for r in fake.requests if "metadataPrefix" in r]
    assert first_requests[-1]["from"] == "2025-01-01T00:20:00Z"  # the articles' own


def test_a_lost_token_restarts_the_list_from_the_runs_own_from_not_the_newest_seen(
    provider, source
):
    fake, _ = provider
    fake.items = [Item(n * HOUR, f"Tài liệu {n}") for n in range(1, 29)]
    fake.order = "identifier"  # oai:test:10800, oai:test:108000, …: datestamps out of order
    fake.faults = {n: "500" for n in range(2, 10)}  # the second page never comes
    failed = harvest(source)
    assert failed.status == HarvestRun.Status.FAILED and failed.token
    fake.faults = {}
    fake.expire_tokens()  # the provider restarted: our token is gone
    run = harvest(source)
    assert run.pk == failed.pk and run.status == HarvestRun.Status.SUCCEEDED
    assert stored() == identifiers(i.number for i in fake.items)
    assert "badResumptionToken" in run.log and "from the start of this run's list" in run.log
    again = harvest(source)  # and nothing was left behind for the next incremental run
    assert (again.new, again.updated) == (0, 0)


def test_records_outside_the_set_asked_for_are_counted_and_skipped(provider, source):
    fake, _ = provider
    fake.items = [Item(n, f"Số {n}", sets=("even" if n % 2 == 0 else "odd",)) for n in range(1, 17)]
    fake.sets = False  # the provider ignores the set argument
    run = harvest(with_sets(source, "even"))
    assert stored() == identifiers(range(2, 17, 2))
    assert run.outside_set == 8
    assert run.status == HarvestRun.Status.SUCCEEDED and "8" in run.summary()


def test_an_empty_last_page_with_a_token_ends_the_run_as_a_success(provider, source):
    fake, _ = provider
    fake.empty_last_page = True
    run = harvest(source)
    assert run.status == HarvestRun.Status.SUCCEEDED and len(stored()) == 25
    assert HarvestSource.objects.get(pk=source.pk).last_success_at is not None


def test_one_repository_is_one_source_however_its_address_is_spelled(provider, search_index):
    _, running = provider
    port = running.url.split(":")[2].split("/")[0]
    spellings = [
        running.url,
        f"HTTP://127.0.0.1:{port}/oai/",
        f"http://localhost:{port}/oai",
        f"http://127.0.0.1:{port}/oai?verb=Identify",
        f"http://127.0.0.1:{port}/another/path/oai",  # found by its repositoryIdentifier
    ]
    for url in spellings:
        call_command("harvest", url=url, verbosity=0, no_fulltext=True)
    source = HarvestSource.objects.get()
    assert source.base_url == running.url and source.repository_identifier == "kho.thu.vn"
    assert Document.objects.count() == 25


def test_a_source_set_to_auto_tries_what_its_provider_offers_and_keeps_what_reads(provider, source):
    fake, _ = provider
    # This provider says it offers MODS and answers Dublin Core whatever is asked: MODS reads
    # nothing, so Dublin Core it is (didl: offered, not read here, never tried).
    fake.formats = ("oai_dc", "mods", "didl")
    HarvestSource.objects.filter(pk=source.pk).update(metadata_prefix="auto")
    run = harvest(source)
    assert fake.requests[0] == {"verb": "ListMetadataFormats"}
    assert [r.get("metadataPrefix") for r in fake.requests[1:3]] == ["mods", "oai_dc"]
    assert run.metadata_prefix == "oai_dc" and run.new == 25 and run.failed == 0
    assert "format oai_dc (records with files, records read: mods (0, 0), oai_dc (0, 10))" in (
        run.log
    )
    assert HarvestSource.objects.get(pk=source.pk).chosen_prefix == "oai_dc"
    before = len(fake.requests)
    harvest(source)  # chosen before: no more ListMetadataFormats until a full run
    assert {"verb": "ListMetadataFormats"} not in fake.requests[before:]
