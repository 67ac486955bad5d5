"""Fixtures every app's tests share: a throw-away embedded search index, `engine` (each engine
in turn, for behaviour that must hold on both: the search suite, the technology exchange), and
`missing()` for a server or program a test needs."""

import os
import uuid

import pytest

from harvest.fulltext.workers import stop_idle
from search.engines import get_engine
from search.engines.elastic import ElasticsearchEngine
from search.signals import forget_owed

ENGINES = ["embedded", "elasticsearch"]

pytest_plugins = ["harvest.testing.fixtures"]


def missing(message: str, required_by: str) -> None:
    """A server or program the tests need is not there: skip loudly, or fail when the
    environment variable `required_by` is set (CI sets them), so it never passes for passing."""
    if os.environ.get(required_by):
        pytest.fail(message)
    pytest.skip(message)


def elasticsearch_url(what: str) -> str:
    """The test Elasticsearch node's URL; without one, `what` is reported as not run."""
    url = os.environ.get("TEST_ELASTICSEARCH_URL", "")
    if not url:
        missing(
            f"NO ELASTICSEARCH SERVER: {what} did not run."
            " Start one with scripts/elasticsearch.sh and set TEST_ELASTICSEARCH_URL.",
            required_by="REQUIRE_ELASTICSEARCH",
        )
    return url


@pytest.fixture(autouse=True)
def nothing_owed_to_the_index():
    """What a test's saves owed the index goes with its rolled-back transaction (search.signals)."""
    yield
    forget_owed()


@pytest.fixture(autouse=True)
def no_extraction_workers_kept():
    """Each test starts without the extraction workers an earlier one left idle
    (harvest.fulltext.workers keeps them for a process's next batch)."""
    yield
    stop_idle()


@pytest.fixture
def search_index(settings, tmp_path):
    """The embedded engine on an empty index of this test's own: pages that search (the
    document page's related documents, the search page) work on it. Search's behaviour on every
    engine is search/tests' business."""
    settings.SEARCH = {"ELASTICSEARCH_URL": "", "INDEX_NAME": "", "INDEX_DIR": str(tmp_path)}
    get_engine.cache_clear()
    yield get_engine()
    get_engine.cache_clear()


@pytest.fixture(params=ENGINES)
def engine(request, settings, tmp_path):
    """Each engine in turn, on an empty index of the test's own: the embedded index always, and
    a real Elasticsearch node when TEST_ELASTICSEARCH_URL names one (`make test` starts it).
    Without one, the Elasticsearch half is skipped with a loud reason, or fails when
    REQUIRE_ELASTICSEARCH is set (as CI does), so a missing server never passes for a pass."""
    if request.param == "elasticsearch":
        url = elasticsearch_url("the Elasticsearch half of the search behaviour tests")
        settings.SEARCH = {
            "ELASTICSEARCH_URL": url,
            "INDEX_NAME": f"test-{uuid.uuid4().hex}",
            "INDEX_DIR": "",
        }
    else:
        settings.SEARCH = {"ELASTICSEARCH_URL": "", "INDEX_NAME": "", "INDEX_DIR": str(tmp_path)}
    get_engine.cache_clear()
    chosen = get_engine()
    yield chosen
    if request.param == "elasticsearch":
        assert isinstance(chosen, ElasticsearchEngine)
        chosen.client.indices.delete(index=f"{settings.SEARCH['INDEX_NAME']}-*")
    get_engine.cache_clear()
