"""How a harvest shows it is alive: on a terminal, two bars (records of the provider's
completeListSize, PDFs done); without one (cron, systemd), a log line every few pages or
seconds, so a run that takes an hour does not stay silent until its summary."""

import logging
import time
from typing import Protocol, TextIO

from tqdm import tqdm

logger = logging.getLogger(__name__)


class Progress(Protocol):
    def start_list(self, spec: str | None) -> None: ...

    def listed(self, records: int, complete_size: int | None) -> None: ...

    def pdfs(self, count: int) -> None: ...


class Report:
    EVERY_PAGES = 10
    EVERY_SECONDS = 30.0

    def __init__(self, label: str, stream: TextIO) -> None:
        self.label = label
        self.terminal = stream.isatty()
        self.records = self.pages = self.pdf_count = self.earlier = 0
        self.total: int | None = None
        self.said_at = time.monotonic()
        self.bars: tuple[tqdm, tqdm] | None = None
        if self.terminal:
            self.bars = (
                tqdm(desc=f"{label}: bản ghi", unit=" bản ghi", file=stream, position=0),
                tqdm(desc=f"{label}: PDF", unit=" PDF", file=stream, position=1),
            )

    def start_list(self, spec: str | None) -> None:
        self.earlier = self.records  # a set's completeListSize counts that set's records only

    def listed(self, records: int, complete_size: int | None) -> None:
        self.records += records
        self.pages += 1
        if complete_size is not None:
            self.total = self.earlier + complete_size
        if self.bars is not None:
            bar = self.bars[0]
            if self.total is not None and bar.total != self.total:
                bar.total = self.total
                bar.refresh()
            bar.update(records)
        elif self.pages % self.EVERY_PAGES == 0 or self.due():
            self.say()

    def pdfs(self, count: int) -> None:
        self.pdf_count += count
        if self.bars is not None:
            self.bars[1].update(count)
        elif self.due():
            self.say()

    def due(self) -> bool:
        return time.monotonic() - self.said_at >= self.EVERY_SECONDS

    def say(self) -> None:
        self.said_at = time.monotonic()
        of = f"/{self.total}" if self.total is not None else ""
        logger.info(
            "%s: %d%s bản ghi, %d trang; %d PDF",
            self.label,
            self.records,
            of,
            self.pages,
            self.pdf_count,
        )

    def close(self) -> None:
        if self.bars is not None:
            for bar in self.bars:
                bar.close()
