"""Third-party harvesters from PyPI (Sickle; oaipmh, the maintained fork of pyoai) take
everything from the running provider, and their counts equal the database's."""

from datetime import UTC, datetime

import pytest
from oaipmh.client import Client
from oaipmh.metadata import MetadataRegistry, oai_dc_reader
from sickle import Sickle

from library.models import Document
from library.tests.oai_fixtures import FIRST, STEP, build_library, identifier

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def served(live_server, settings):
    settings.OAI_PAGE_SIZE = 4  # several pages even for this small library
    documents = build_library()
    return f"{live_server.url}/oai/", documents


def pyoai(url: str) -> Client:
    registry = MetadataRegistry()
    registry.registerReader("oai_dc", oai_dc_reader)
    return Client(url, registry)


def test_sickle_harvests_every_record_and_every_set(served):
    url, documents = served
    sickle = Sickle(url, max_retries=0)
    records = list(sickle.ListRecords(metadataPrefix="oai_dc", ignore_deleted=False))
    assert len(records) == Document.objects.count() == len(documents)
    assert sum(r.deleted for r in records) == Document.objects.exclude(status="active").count()
    live = [r for r in records if not r.deleted]
    assert {r.header.identifier for r in live} == {
        identifier(d) for d in documents if d.status == "active"
    }
    assert all(r.metadata["title"][0].startswith("Tài liệu số") for r in live)
    for oai_set in sickle.ListSets():
        headers = list(sickle.ListIdentifiers(metadataPrefix="oai_dc", set=oai_set.setSpec))
        kind, _, slug = oai_set.setSpec.partition(":")
        expected = Document.objects.all()
        if kind == "source":
            expected = expected.filter(source__slug=slug) if slug else expected.exclude(source=None)
        else:
            expected = (
                expected.filter(collections__slug=slug)
                if slug
                else expected.filter(collections__isnull=False).distinct()
            )
        assert len(headers) == expected.count(), oai_set.setSpec


def test_sickle_harvests_an_incremental_window(served):
    url, _ = served
    start, end = FIRST + 4 * STEP, FIRST + 13 * STEP
    headers = list(
        Sickle(url).ListIdentifiers(
            metadataPrefix="mods",
            ignore_deleted=False,
            **{"from": start.strftime("%Y-%m-%d"), "until": end.strftime("%Y-%m-%d")},
        )
    )
    start_of_day = start.replace(hour=0, minute=0, second=0)
    end_of_day = end.replace(hour=23, minute=59, second=59)
    expected = Document.objects.filter(
        datestamp__gte=start_of_day, datestamp__lte=end_of_day
    ).count()
    assert len(headers) == expected > 0


def test_pyoai_harvests_everything_and_a_window(served):
    url, _ = served
    client = pyoai(url)
    identify = client.identify()
    assert identify.repositoryName() == "Thư viện số KH&CN Đồng bằng sông Cửu Long"
    assert identify.earliestDatestamp() == datetime(2024, 3, 1, 8, 0, 0)
    records = list(client.listRecords(metadataPrefix="oai_dc"))
    assert len(records) == Document.objects.count()
    assert sum(h.isDeleted() for h, _, _ in records) == 2
    titles = {m.getField("title")[0] for h, m, _ in records if not h.isDeleted()}
    assert len(titles) == Document.objects.filter(status="active").count()
    start, end = (FIRST + 2 * STEP).replace(tzinfo=None), (FIRST + 9 * STEP).replace(tzinfo=None)
    window = list(client.listIdentifiers(metadataPrefix="oai_dc", from_=start, until=end))
    expected = Document.objects.filter(
        datestamp__gte=start.replace(tzinfo=UTC), datestamp__lte=end.replace(tzinfo=UTC)
    ).count()
    assert len(window) == expected == 8
    sets = [spec for spec, _, _ in client.listSets()]
    assert "collection:thuy-san" in sets
    in_set = list(client.listIdentifiers(metadataPrefix="oai_dc", set="collection:thuy-san"))
    assert len(in_set) == Document.objects.filter(collections__slug="thuy-san").count()
