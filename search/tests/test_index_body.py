import json
from pathlib import Path

from search.engines.elastic import index_body

DEPLOY = Path(__file__).resolve().parents[2] / "deploy/elasticsearch/index.json"


def test_the_deploy_copy_of_the_index_body_is_what_the_engine_creates():
    # Regenerate with: python -c "…json.dumps(index_body(1, 2), indent=2, ensure_ascii=False)"
    assert json.loads(DEPLOY.read_text()) == index_body(shards=1, replicas=2)
