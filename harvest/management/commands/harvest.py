"""Harvest provincial libraries over OAI-PMH: records, then their full-text PDFs. A source that
fails is reported and the next one harvested; the command fails at the end if any did."""

import logging
import sys
from urllib.parse import urlsplit

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.text import slugify

from harvest import outbound
from harvest.mappings import AUTO, READERS
from harvest.mappings.dublin_core import shorten
from harvest.models import HarvestRun, HarvestSource
from harvest.oai.client import OAIClient
from harvest.oai.errors import FAILURES
from harvest.oai.urls import clean_base_url
from harvest.ocr_tasks import enqueue_ocr
from harvest.progress import Report
from harvest.reread import enqueue_rereads
from harvest.runs import run_harvest
from harvest.schedule import Lock, Renewing, due_sources
from harvest.tasks import enqueue_pending
from library.models import Source
from library.vocabulary import DAY_GRANULARITY, SECOND_GRANULARITY

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = (
        "Thu thập dữ liệu qua OAI-PMH. `harvest --url URL` đăng ký (hoặc dùng lại) nguồn có địa "
        "chỉ đó rồi thu thập; `harvest SLUG ...` thu thập các nguồn đã đăng ký; không đối số: "
        "mọi nguồn đang bật; `harvest --due` (timer mỗi phút): các nguồn đã đến chu kỳ. Lần "
        "sau chỉ lấy phần thay đổi (--full để lấy lại tất cả). Một nguồn không bao giờ có hai "
        "lượt cùng lúc: nguồn đang được thu thập thì bỏ qua."
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
            choices=[AUTO, *READERS],  # the formats the harvester reads
            help="Định dạng siêu dữ liệu của nguồn (mặc định auto: định dạng giàu nhất nguồn "
            "có, theo ListMetadataFormats).",
        )
        parser.add_argument(
            "--full",
            action="store_true",
            help="Thu thập lại toàn bộ, bỏ qua mốc thời gian lần trước.",
        )
        parser.add_argument(
            "--no-fulltext", action="store_true", help="Không tải PDF toàn văn trong lượt này."
        )
        parser.add_argument(
            "--no-index",
            action="store_true",
            help="Không cập nhật chỉ mục tìm kiếm cuối lượt; để `search_index "
            "update` (worker, timer) làm sau.",
        )
        parser.add_argument(
            "--due",
            action="store_true",
            help="Chỉ thu thập các nguồn đang bật đã đến chu kỳ (chu kỳ của nguồn đã qua kể "
            "từ lượt trước bắt đầu, hoặc chưa chạy lần nào); dành cho timer chạy mỗi phút.",
        )
        parser.add_argument(
            "--requeue",
            action="store_true",
            help="Không thu thập; chỉ xếp lại hàng đợi các PDF còn chờ mà worker "
            "đã nhận quá 10 phút mà không báo còn sống (worker bị mất), và các việc nhận "
            "dạng chữ (OCR) còn trang chờ: bị mất, hoặc đã chờ vì vượt số trang trong ngày; "
            "và đọc lại từ tệp đã lưu những PDF mà cách đọc cũ hơn để lại không có chữ hay "
            "chữ kém chất lượng.",
        )

    def handle(
        self,
        *args,
        slugs,
        url,
        sets,
        metadata_prefix,
        full,
        no_fulltext,
        no_index,
        requeue,
        due,
        **options,
    ):
        if requeue:
            queued, scans, rereads = enqueue_pending(), enqueue_ocr(), enqueue_rereads()
            self.stdout.write(
                f"Đã xếp lại {queued} PDF và {scans} việc OCR vào hàng đợi; "
                f"{rereads} tệp đã lưu được đọc lại (cách đọc mới hơn)."
            )
            return
        if due:
            sources = due_sources(timezone.now())
        elif url:
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
            lock = Lock(source)
            if not lock.take(due_only=due):  # another run has it, or has just run it
                if not due:
                    self.stdout.write(f"{source.source.name}: đang được thu thập; bỏ qua.")
                continue
            report = Report(source.source.slug, sys.stderr)
            try:
                run = run_harvest(
                    source, full=full, progress=Renewing(lock, report), index=not no_index
                )
            except Exception as err:  # before its run began or after it ended: the next source
                logger.exception("harvest of %s", source)
                failures += 1
                self.stderr.write(
                    self.style.ERROR(f"{source.source.name}. LỖI: {type(err).__name__}: {err}")
                )
                continue
            finally:
                lock.release()
                report.close()
            line = f"{source.source.name}: {run.summary()}"
            if run.status == HarvestRun.Status.AWAITING_FULLTEXT:  # workers fetch its PDFs
                self.stdout.write(f"{line}; {run.get_status_display().lower()}.")
            elif run.status == HarvestRun.Status.SUCCEEDED:
                self.stdout.write(self.style.SUCCESS(line))
            else:
                failures += 1
                self.stderr.write(self.style.ERROR(f"{line}. LỖI: {run.message}"))
        if failures:
            raise CommandError(f"{failures} nguồn thu thập thất bại (xem Thu thập trong quản trị).")

    def register(self, url: str, sets, metadata_prefix) -> HarvestSource:
        limit = HarvestSource._meta.get_field("base_url").max_length or 500
        if len(url) > limit:
            raise CommandError(f"Địa chỉ OAI-PMH dài hơn {limit} ký tự.")
        refused = outbound.refusal(url)
        if refused is not None:
            raise CommandError(f"{url}: {refused}")
        url = clean_base_url(url)
        existing = HarvestSource.same_repository(url)
        identity = None
        if existing is None:
            try:
                identity = OAIClient(url, outbound.oai_transport(outbound.client(30))).identify()
            except FAILURES as err:
                raise CommandError(f"{url} không trả lời Identify đúng chuẩn: {err}") from err
            existing = HarvestSource.same_repository(
                identity.base_url, identity.repository_identifier
            )
            if existing is not None:
                self.stdout.write(
                    f"{url} là kho đã đăng ký “{existing.source.name}” ({existing.base_url}); "
                    "dùng nguồn đó."
                )
        if existing is not None:
            changed = False
            if sets is not None and sets != existing.sets:
                existing.sets, changed = sets, True
            if metadata_prefix and metadata_prefix != existing.metadata_prefix:
                existing.metadata_prefix, changed = metadata_prefix, True
            if changed:
                existing.save()
            return existing
        assert identity is not None
        host = urlsplit(url).hostname or "nguon"
        slug = base = slugify(host)[:50] or "nguon"
        number = 1
        while Source.objects.filter(slug=slug).exists():
            number += 1
            slug = f"{base}-{number}"
        # What Identify says is held to the columns: a name is cut, a granularity outside the
        # protocol's two is read as days (every provider answers those).
        name_limit = Source._meta.get_field("name").max_length or 255
        name = shorten(identity.repository_name or host, name_limit)
        website = url if len(url) <= (Source._meta.get_field("website").max_length or 200) else ""
        granularity = identity.granularity
        if granularity not in (DAY_GRANULARITY, SECOND_GRANULARITY):
            granularity = DAY_GRANULARITY
        source = Source.objects.create(name=name, province="", slug=slug, website=website)
        return HarvestSource.objects.create(
            source=source,
            base_url=url,
            sets=sets or [],
            metadata_prefix=metadata_prefix or AUTO,
            granularity=granularity,
            repository_identifier=identity.repository_identifier[:255],
        )
