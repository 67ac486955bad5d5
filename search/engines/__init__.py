"""Search engines behind one interface; which one runs is configuration (settings.SEARCH)."""

from functools import cache

from django.conf import settings

from .base import Engine


@cache
def get_engine() -> Engine:
    config = settings.SEARCH  # {name: str or int}, from the environment (portal.settings.base)
    if config.get("ELASTICSEARCH_URL"):
        from .elastic import ElasticsearchEngine

        return ElasticsearchEngine(
            str(config["ELASTICSEARCH_URL"]),
            str(config["INDEX_NAME"]),
            shards=int(config.get("SHARDS", 1)),
            replicas=int(config.get("REPLICAS", 0)),
        )
    from .embedded import EmbeddedEngine

    return EmbeddedEngine(str(config["INDEX_DIR"]))
