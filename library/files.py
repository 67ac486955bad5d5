"""Content-addressed file storage: a file's path is its sha256, so identical bytes from two
sources are stored once."""

import hashlib
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage


@dataclass(frozen=True)
class StoredFile:
    name: str
    sha256: str
    size: int


def store_bytes(data: bytes, extension: str = "pdf") -> StoredFile:
    digest = hashlib.sha256(data).hexdigest()
    name = f"{extension}/{digest[:2]}/{digest}.{extension}"
    if not default_storage.exists(name):
        saved = default_storage.save(name, ContentFile(data))
        if saved != name:  # another writer raced us to the same content; keep one copy
            default_storage.delete(saved)
    return StoredFile(name=name, sha256=digest, size=len(data))
