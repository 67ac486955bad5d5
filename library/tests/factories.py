"""Model factories for the tests: small, explicit, with overridable defaults."""

import itertools

from library.dublin_core import dc_value
from library.models import Collection, Document, Source

_counter = itertools.count(1)


def make_source(**fields) -> Source:
    n = next(_counter)
    defaults = {"name": f"Thư viện tỉnh số {n}", "province": "Cần Thơ", "slug": f"nguon-{n}"}
    return Source.objects.create(**{**defaults, **fields})


def make_collection(**fields) -> Collection:
    n = next(_counter)
    defaults = {"name": f"Bộ sưu tập {n}", "slug": f"bo-suu-tap-{n}"}
    return Collection.objects.create(**{**defaults, **fields})


def make_document(collections=(), **fields) -> Document:
    defaults = {
        "title": "Nghiên cứu giống lúa chịu mặn tại Cần Thơ",
        "date": "2020",
        "metadata": [
            dc_value("creator", "Nguyễn Văn An"),
            dc_value("subject", "Nông nghiệp", "vi"),
            dc_value("description", "Tóm tắt kết quả nghiên cứu.", "vi"),
        ],
    }
    document = Document(**{**defaults, **fields})
    document.save()
    if collections:
        document.collections.set(collections)
        document.save()
    return document
