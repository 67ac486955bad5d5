"""A harvest without a terminal says how far it got every few pages, with the list's size."""

import io
import logging

from harvest.progress import Report


def test_without_a_terminal_a_line_is_logged_every_ten_pages_with_the_total(caplog):
    report = Report("cantho", io.StringIO())
    with caplog.at_level(logging.INFO, logger="harvest.progress"):
        report.start_list("luan-van")
        for _ in range(10):
            report.listed(100, 1500)
        report.start_list("bai-bao")
        for _ in range(10):
            report.listed(50, 600)
        report.pdfs(8)
    assert [r.getMessage() for r in caplog.records] == [
        "cantho: 1000/1500 bản ghi, 10 trang; 0 PDF",
        "cantho: 1500/1600 bản ghi, 20 trang; 0 PDF",
    ]
    report.EVERY_SECONDS = 0
    with caplog.at_level(logging.INFO, logger="harvest.progress"):
        report.pdfs(8)
    assert caplog.records[-1].getMessage() == "cantho: 1500/1600 bản ghi, 20 trang; 16 PDF"
