"""Build or catch up the search index."""

import time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from tqdm import tqdm

from library.cores import usable_cores
from library.models import Document
from search import backlog, documents, indexing
from search.engines import get_engine
from search.models import RebuildJournal

STAGES = {
    "finish": "Đã đọc hết tài liệu; đang hoàn tất chỉ mục (ghi, gộp, đổi sang chỉ mục mới)",
    "catch-up": "Đang cập nhật các tài liệu được lưu trong lúc dựng lại",
    "vocabulary": "Đang ghi từ vựng cho gợi ý chính tả",
    "suggestions": "Đang dựng gợi ý tự hoàn thành",
    "cards": "Đang ghi thẻ kết quả của từng tài liệu",
}


class Command(BaseCommand):
    help = (
        "Quản lý chỉ mục tìm kiếm: `rebuild` dựng lại toàn bộ (chỉ mục mới, đổi sang khi xong, "
        "không gián đoạn tìm kiếm); `update` cập nhật các tài liệu đã đổi từ lần trước "
        "(sau sự cố); `status` cho biết số tài liệu trong chỉ mục, số mục đang chờ ghi vào và "
        "các mục bị chỉ mục từ chối."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "action",
            choices=["rebuild", "update", "status"],
            help="rebuild: dựng lại toàn bộ; update: bắt kịp thay đổi; "
            "status: số tài liệu, số mục chờ ghi và mục bị từ chối.",
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Với rebuild: chỉ dựng khi chỉ mục chưa có đủ tài liệu của thư viện "
            "(make run dùng).",
        )
        parser.add_argument(
            "--processes",
            type=int,
            default=usable_cores(),
            help="Với rebuild: số tiến trình phân tích văn bản (mặc định: số nhân CPU; "
            "1 để chừa CPU cho trang web đang chạy).",
        )

    def handle(self, *args, action, if_empty, processes, **options):
        if processes < 1:
            raise CommandError("--processes phải ≥ 1.")
        engine = get_engine()
        try:
            if action == "status":
                self.stdout.write(f"{engine.name}: {engine.count()} tài liệu trong chỉ mục.")
                waiting, oldest = backlog.owed()
                if waiting:
                    since = timezone.localtime(oldest).strftime("%d/%m/%Y %H:%M:%S")
                    self.stdout.write(f"{waiting} mục chờ ghi vào chỉ mục, lâu nhất từ {since}.")
                if engine.rebuilding():
                    self.stdout.write(
                        "Chỉ mục đang được dựng lại (hoặc một lần dựng lại đã bị dừng giữa chừng: "
                        f"lần sau sẽ dọn); {RebuildJournal.objects.count()} mục ghi vào chỉ mục "
                        "trong lúc đó sẽ được ghi lại vào chỉ mục mới."
                    )
                refused, listed = backlog.set_aside()
                if refused:
                    self.stdout.write(
                        f"{refused} mục bị chỉ mục từ chối, sẽ ghi lại khi được lưu lại (sửa "
                        "dữ liệu rồi lưu tài liệu); xem nhật ký search.engines.elastic:"
                    )
                    for kind, item, why in listed:
                        self.stdout.write(f"  {kind} {item}: {why[:200]}")
                return
            if action == "rebuild" and if_empty and holds_library(engine):
                self.stdout.write(f"Chỉ mục {engine.name} đã có toàn bộ thư viện; bỏ qua.")
                return
            started = time.monotonic()
            total = Document.objects.active().count() if action == "rebuild" else None
            with tqdm(total=total, unit=" tài liệu", desc=action, disable=None) as bar:
                if action == "rebuild":
                    count = indexing.rebuild(
                        progress=bar.update, processes=processes, stage=self._stage
                    )
                else:
                    count = indexing.update(progress=bar.update)
            # the cards of documents an earlier release indexed (a rebuild writes them all)
            carded = documents.refresh_all_cards(missing_only=True) if action == "update" else 0
            drained = backlog.drain()  # what saves owed, a failed drain's included
        except Exception as err:  # the engine is down, the disk full, …: say so and stop
            raise CommandError(f"search_index {action} thất bại ({engine.name}): {err}") from err
        self.stdout.write(
            self.style.SUCCESS(
                f"search_index {action} ({engine.name}): {count} tài liệu, {drained} mục chờ "
                f"ghi{f', {carded} thẻ kết quả mới' if carded else ''}, "
                f"trong {time.monotonic() - started:.1f} giây."
            )
        )

    def _stage(self, name: str) -> None:
        """A rebuild's step after its documents, said as it begins (they take minutes)."""
        with tqdm.external_write_mode():  # the bar cleared, then drawn again below the line
            self.stdout.write(f"{timezone.localtime():%H:%M:%S} {STAGES[name]}…")


def holds_library(engine) -> bool:
    """News are indexed as they are published, so an index with entries may still lack the
    library's documents (a fresh `seed_demo`): it holds the library when it has at least as many
    entries as there are active documents."""
    return engine.count() >= Document.objects.active().count()
