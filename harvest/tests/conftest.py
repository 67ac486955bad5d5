import pytest

from harvest.models import HarvestSource
from harvest.tests.provider import Item, Provider, Running
from library.models import Source


@pytest.fixture
def provider():
    """The fault-injecting provider with 25 records, on loopback: (provider, running)."""
    fake = Provider(items=[Item(n, f"Nghiên cứu số {n} về thủy sản") for n in range(1, 26)])
    running = Running(fake)
    yield fake, running
    running.stop()


@pytest.fixture
def source(provider, engine):
    """A registered source for that provider, full text off."""
    _, running = provider
    library = Source.objects.create(name="Thư viện thử", province="Cần Thơ", slug="thu")
    return HarvestSource.objects.create(source=library, base_url=running.url, fulltext=False)
