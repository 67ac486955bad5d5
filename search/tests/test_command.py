"""`manage.py search_index`, as `make run` uses it."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from library.models import Document
from search import backlog, documents, indexing, kinds, service
from search.engines import get_engine
from search.management.commands.search_index import STAGES

pytestmark = pytest.mark.django_db


def test_rebuild_if_empty_builds_until_the_library_is_in_and_then_skips(
    engine, capsys, django_capture_on_commit_callbacks
):
    # seed_demo stores documents in bulk (not indexed) and publishes news (indexed once the
    # transaction commits), so the index is not empty, yet holds none of the documents.
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", documents=6, pdfs=0, news=2, offers=0, requests=0, seed=2)
    assert get_engine().count() == 2
    assert service.search("").total == 0
    call_command("search_index", "rebuild", if_empty=True)
    assert get_engine().count() == 8 and service.search("").total == 6
    capsys.readouterr()
    call_command("search_index", "rebuild", if_empty=True)
    assert "bỏ qua" in capsys.readouterr().out
    call_command("search_index", "status")
    said = capsys.readouterr().out
    assert "8 tài liệu" in said and "chờ ghi" not in said and "dựng lại" not in said
    first = Document.objects.order_by("pk")[0]
    backlog.owe({"document": {first.pk, 10**9}})  # a drain waiting its turn, or one that failed
    call_command("search_index", "status")
    assert "2 mục chờ ghi vào chỉ mục" in capsys.readouterr().out
    call_command("search_index", "update")  # as deploy/nightly.sh runs it
    assert "2 mục chờ ghi" in capsys.readouterr().out
    assert backlog.owed() == (0, None) and get_engine().count() == 8


def test_status_says_a_rebuild_runs_and_what_it_will_write_again(engine, capsys):
    call_command("seed_demo", documents=3, pdfs=0, news=0, offers=0, requests=0, seed=2)
    said: list[str] = []

    def asked(stage: str) -> None:
        if stage == "catch-up":
            first = Document.objects.order_by("pk")[0]
            indexing.index_items(kinds.DOCUMENT, [first.pk])  # a save's write meanwhile
            capsys.readouterr()
            call_command("search_index", "status")
            said.append(capsys.readouterr().out)

    indexing.rebuild(stage=asked)
    assert "đang được dựng lại" in said[0] and "1 mục ghi vào chỉ mục trong lúc đó" in said[0]
    call_command("search_index", "status")
    assert "dựng lại" not in capsys.readouterr().out


def test_a_rebuild_on_several_processes_indexes_what_one_process_does(engine, monkeypatch):
    call_command("seed_demo", documents=9, pdfs=0, news=0, offers=0, requests=0, seed=5)
    monkeypatch.setattr(documents, "BATCH", 2)  # several batches, on both processes
    alone = list(documents.document_records(Document.objects.all(), processes=1))
    spread = list(documents.document_records(Document.objects.all(), processes=2))
    assert len(alone) == 9
    assert spread == alone
    call_command("search_index", "rebuild", processes=2)
    assert get_engine().count() == 9
    assert service.search("").total == 9
    with pytest.raises(CommandError, match="--processes"):
        call_command("search_index", "rebuild", processes=0)


def test_a_rebuild_says_each_step_after_its_documents_as_it_begins(engine, capsys):
    """The bar is full once the documents are read; the steps after it took 27 minutes at a
    million documents, which a rebuild spent saying nothing."""
    call_command("seed_demo", documents=3, pdfs=0, news=0, offers=0, requests=0, seed=3)
    capsys.readouterr()
    call_command("search_index", "rebuild")
    said = capsys.readouterr().out.splitlines()
    steps = [line for line in said if line.endswith("…")]
    assert [line.split(" ", 1)[1] for line in steps] == [f"{text}…" for text in STAGES.values()]
    assert said.index(steps[-1]) < len(said) - 1 and "3 tài liệu" in said[-1]
