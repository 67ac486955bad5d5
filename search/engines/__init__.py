"""Search engines behind one interface; which one runs is configuration (settings.SEARCH)."""

from functools import cache

from django.conf import settings

from .base import Engine


@cache
def get_engine() -> Engine:
    config = settings.SEARCH
    if config.get("ELASTICSEARCH_URL"):
        from .elastic import ElasticsearchEngine

        return ElasticsearchEngine(
            config["ELASTICSEARCH_URL"],
            config["INDEX_NAME"],
            shards=config.get("SHARDS", 1),
            replicas=config.get("REPLICAS", 0),
        )
    from .embedded import EmbeddedEngine

    return EmbeddedEngine(config["INDEX_DIR"])
