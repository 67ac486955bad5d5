"""pytest fixtures for anything that harvests (registered by the root conftest): the
fault-injecting provider on loopback and a source registered for it."""

import os
import shutil
import subprocess

import pytest

from harvest.models import HarvestRun, HarvestSource
from harvest.oai.transport import RetryPolicy
from harvest.runs import run_harvest
from library.models import Source

from .provider import Provider, Running, item

FAST = RetryPolicy(attempts=3, backoff=0.01, backoff_cap=0.02, retry_after_cap=0.01)


def harvest(source: HarvestSource, **kwargs) -> HarvestRun:
    """One run of `source` as stored now, with retries that do not wait."""
    return run_harvest(HarvestSource.objects.get(pk=source.pk), policy=FAST, **kwargs)


@pytest.fixture
def provider():
    """The fault-injecting provider with 25 records, on loopback: (provider, running)."""
    fake = Provider(items=[item(n) for n in range(1, 26)])
    running = Running(fake)
    yield fake, running
    running.stop()


@pytest.fixture
def source(provider, search_index):
    """A registered source for that provider, full text off."""
    _, running = provider
    library = Source.objects.create(name="Thư viện thử", province="Cần Thơ", slug="thu")
    return HarvestSource.objects.create(
        source=library, base_url=running.url, fulltext=False, metadata_prefix="oai_dc"
    )


@pytest.fixture(scope="session")
def tesseract() -> str:
    """Debian's tesseract with the Vietnamese model (`make test` installs it when root and sets
    TESSERACT): its path, or a loud skip; a failure under REQUIRE_OCR=1, as in CI."""
    from conftest import missing

    program = os.environ.get("TESSERACT") or shutil.which("tesseract") or ""
    if program:
        # the tester's own program
        listed = subprocess.run([program, "--list-langs"], capture_output=True, text=True)  # noqa: S603
        if "vie" in listed.stdout.split():
            return program
    missing(
        "NO TESSERACT WITH THE VIETNAMESE MODEL: the OCR tests did not run. Install Debian's "
        "tesseract-ocr and tesseract-ocr-vie (scripts/debian-package.sh tesseract tesseract-ocr "
        "tesseract-ocr-vie).",
        required_by="REQUIRE_OCR",
    )
    return ""
