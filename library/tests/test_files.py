import hashlib

from django.core.files.storage import default_storage

from library.files import store_bytes


def test_the_same_bytes_are_stored_once_under_their_sha256():
    data = b"%PDF-1.4 mau thu nghiem"
    first = store_bytes(data)
    second = store_bytes(data)
    digest = hashlib.sha256(data).hexdigest()
    assert first == second
    assert first.sha256 == digest and first.size == len(data)
    assert first.name == f"pdf/{digest[:2]}/{digest}.pdf"
    with default_storage.open(first.name, "rb") as handle:
        assert handle.read() == data
    # one file of these bytes (the folder may hold other tests' files of the same prefix)
    stored = default_storage.listdir(f"pdf/{digest[:2]}")[1]
    assert [name for name in stored if name.startswith(digest)] == [f"{digest}.pdf"]
