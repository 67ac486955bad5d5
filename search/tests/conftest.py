"""The engines the behaviour suite runs against: the embedded index always, and a real
Elasticsearch node when TEST_ELASTICSEARCH_URL names one (`make test` starts it). Without one,
the Elasticsearch half is skipped with a loud reason, or fails when REQUIRE_ELASTICSEARCH is set
(as CI does), so a missing server can never pass for a passing suite."""

import uuid

import pytest

from conftest import elasticsearch_url
from search.engines import get_engine
from search.engines.elastic import ElasticsearchEngine

ENGINES = ["embedded", "elasticsearch"]


@pytest.fixture(params=ENGINES)
def engine(request, settings, tmp_path):
    if request.param == "elasticsearch":
        url = elasticsearch_url("the Elasticsearch half of the search suite")
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
