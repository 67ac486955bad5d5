"""Harvest provincial libraries over OAI-PMH: records, then their full-text PDFs."""

from urllib.parse import urlsplit

from django.core.management.base import BaseCommand, CommandError
from django.utils.text import slugify
from tqdm import tqdm

from harvest import outbound
from harvest.mappings import READERS
from harvest.models import HarvestRun, HarvestSource
from harvest.oai.client import OAIClient
from harvest.oai.errors import FAILURES
from harvest.runs import run_harvest
from harvest.tasks import enqueue_pending
from library.models import Source


class Command(BaseCommand):
    help = (
        "Thu thập dữ liệu qua OAI-PMH. `harvest --url URL` đăng ký (hoặc dùng lại) nguồn có địa "
        "chỉ đó rồi thu thập; `harvest SLUG ...` thu thập các nguồn đã đăng ký; không đối số: "
        "mọi nguồn đang bật. Lần sau chỉ lấy phần thay đổi (--full để lấy lại tất cả)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "slugs",
            nargs="*",
            metavar="SLUG",
            help="Mã các nguồn cần thu thập (mặc định: mọi nguồn đang bật).",
        )
        parser.add_argument("--url", help="Địa chỉ OAI-PMH của một nguồn (đăng ký nếu chưa có).")
        parser.add_argument(
            "--set",
            dest="sets",
            action="append",
            default=None,
            metavar="SPEC",
            help="Chỉ thu thập set này (lặp lại được); dùng với --url.",
        )
        parser.add_argument(
            "--metadata-prefix",
            default=None,
            choices=list(READERS),  # the formats the harvester reads
            help="Định dạng siêu dữ liệu khi đăng ký nguồn (mặc định oai_dc).",
        )
        parser.add_argument(
            "--full",
            action="store_true",
            help="Thu thập lại toàn bộ, bỏ qua mốc thời gian lần trước.",
        )
        parser.add_argument(
            "--no-fulltext", action="store_true", help="Không tải PDF toàn văn trong lượt này."
        )
        parser.add_argument("--no-index", action="store_true",
                            help="Không cập nhật chỉ mục tìm kiếm cuối lượt; để `search_index "
                                 "update` (worker, timer) làm sau.")  # fmt: skip
        parser.add_argument("--requeue", action="store_true",
                            help="Không thu thập; chỉ xếp lại hàng đợi các PDF còn chờ mà worker "
                                 "đã nhận quá một giờ (worker bị mất).")  # fmt: skip

    def handle(self, *args, slugs, url, sets, metadata_prefix, full, no_fulltext, no_index,
               requeue, **options):  # fmt: skip
        if requeue:
            queued = enqueue_pending()
            self.stdout.write(f"Đã xếp lại {queued} PDF vào hàng đợi.")
            return
        if url:
            sources = [self.register(url, sets, metadata_prefix)]
        elif slugs:
            sources = list(HarvestSource.objects.filter(source__slug__in=slugs))
            missing = set(slugs) - {s.source.slug for s in sources}
            if missing:
                raise CommandError(f"Không có nguồn thu thập: {', '.join(sorted(missing))}")
        else:
            sources = list(HarvestSource.objects.filter(enabled=True))
            if not sources:
                self.stdout.write("Chưa có nguồn nào đang bật; dùng --url để đăng ký.")
                return
        failures = 0
        for source in sources:
            if no_fulltext:
                source.fulltext = False
            with tqdm(unit=" bản ghi", desc=source.source.slug, disable=None) as bar:
                run = run_harvest(source, full=full, progress=bar.update, index=not no_index)
            line = f"{source.source.name}: {run.summary()}"
            if run.status == HarvestRun.Status.SUCCEEDED:
                self.stdout.write(self.style.SUCCESS(line))
            else:
                failures += 1
                self.stderr.write(self.style.ERROR(f"{line}. LỖI: {run.message}"))
        if failures:
            raise CommandError(f"{failures} nguồn thu thập thất bại (xem Thu thập trong quản trị).")

    def register(self, url: str, sets, metadata_prefix) -> HarvestSource:
        refused = outbound.refusal(url)
        if refused is not None:
            raise CommandError(f"{url}: {refused}")
        existing = HarvestSource.objects.filter(base_url=url).first()
        if existing is not None:
            changed = False
            if sets is not None and sets != existing.sets:
                existing.sets, changed = sets, True
            if metadata_prefix and metadata_prefix != existing.metadata_prefix:
                existing.metadata_prefix, changed = metadata_prefix, True
            if changed:
                existing.save()
            return existing
        try:
            identity = OAIClient(url, outbound.oai_transport(outbound.client(30))).identify()
        except FAILURES as err:
            raise CommandError(f"{url} không trả lời Identify đúng chuẩn: {err}") from err
        host = urlsplit(url).hostname or "nguon"
        slug = base = slugify(host)[:50] or "nguon"
        number = 1
        while Source.objects.filter(slug=slug).exists():
            number += 1
            slug = f"{base}-{number}"
        source = Source.objects.create(
            name=identity.repository_name or host, province="", slug=slug, website=url
        )
        return HarvestSource.objects.create(
            source=source, base_url=url, sets=sets or [],
            metadata_prefix=metadata_prefix or "oai_dc", granularity=identity.granularity,
        )  # fmt: skip
