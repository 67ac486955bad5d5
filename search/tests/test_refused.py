"""A document the engine refuses for good: the others of its write are indexed, and it is set
aside in the backlog with the reason, listed by `search_index status`, until it is saved again.
Before, every drain took it again and failed, with everything it held."""

from io import StringIO

import pytest
from django.core.management import call_command

from search import backlog, records
from search.engines.base import REASON
from search.tests import corpus
from search.tests.test_behaviour import found

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("engine", ["elasticsearch"], indirect=True)  # tantivy refuses none
def test_a_refused_document_is_set_aside_until_it_is_saved_again(engine, monkeypatch):
    keep_every_subject = sorted  # as before bcd37d7: a subject Elasticsearch cannot index
    monkeypatch.setattr(records, "subject_keys", keep_every_subject)
    hostile = corpus.doc("Lúa chịu mặn", subjects=("x" * 40_000,))
    beside = corpus.doc("Tôm sú Cà Mau")
    backlog.owe({"document": {hostile.pk, beside.pk}})
    assert backlog.drain() == 2  # no failure: one written, one set aside
    assert found("tôm sú") == [beside.local_id]
    assert backlog.owed()[0] == 0
    count, listed = backlog.set_aside()
    assert count == 1 and listed[0][:2] == ("document", hostile.pk)
    assert "failed to parse field [subject_key]" in listed[0][2]
    assert len(listed[0][2]) == REASON  # Elasticsearch's reason, cut: it quotes the document
    status = StringIO()
    call_command("search_index", "status", stdout=status)
    assert "1 mục bị chỉ mục từ chối" in status.getvalue()
    assert f"document {hostile.pk}: " in status.getvalue()
    assert backlog.drain() == 0  # not taken again

    monkeypatch.undo()  # the record mended, and saved again
    backlog.owe({"document": {hostile.pk}})
    assert backlog.drain() == 1
    assert found("lúa chịu mặn") == [hostile.local_id]
    assert backlog.set_aside() == (0, [])
