"""Fill the library with deterministic, realistic Vietnamese S&T demo records."""

import logging
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import reset_queries, transaction
from tqdm import tqdm

from library.demo import vocabulary
from library.demo.generator import DemoRecord, make_record
from library.demo.pdf import render_pdf
from library.demo.registry import DEMO_CONTENT
from library.files import store_bytes
from library.models import Collection, Document, DocumentFile, DocumentText, Source

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = (
        "Tạo dữ liệu mẫu: N tài liệu KH&CN tiếng Việt từ 13 tỉnh ĐBSCL, "
        "K tài liệu có tệp PDF thật. "
        "Cùng --seed luôn cho cùng dữ liệu. (Creates deterministic Vietnamese demo documents.)"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--documents",
            type=int,
            default=2000,
            metavar="N",
            help="Số tài liệu cần tạo (number of documents; default 2000).",
        )
        parser.add_argument(
            "--pdfs",
            type=int,
            default=30,
            metavar="K",
            help="Số tài liệu kèm tệp PDF thật có lớp chữ tiếng Việt (default 30).",
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=2026,
            metavar="S",
            help="Hạt giống ngẫu nhiên; cùng giá trị cho cùng dữ liệu (default 2026).",
        )
        for extra in DEMO_CONTENT.values():  # what other apps register (the site's news)
            parser.add_argument(
                f"--{extra.name}",
                type=int,
                default=extra.default,
                metavar="M",
                help=f"{extra.help} (default {extra.default})",
            )
        parser.add_argument(
            "--batch-size",
            type=int,
            default=2000,
            help="Số tài liệu ghi trong một giao dịch (documents per transaction; default 2000).",
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Bỏ qua, không báo lỗi, nếu thư viện đã có tài liệu (used by `make run`).",
        )

    def handle(self, *args, documents, pdfs, seed, batch_size, if_empty, **options):
        if documents < 0 or pdfs < 0 or batch_size < 1:
            raise CommandError("--documents, --pdfs phải ≥ 0 và --batch-size ≥ 1.")
        existing = Document.objects.count()
        if existing:
            if if_empty:
                self.stdout.write(f"Thư viện đã có {existing} tài liệu; bỏ qua seed_demo.")
                return
            raise CommandError(
                f"Thư viện đã có {existing} tài liệu; seed_demo chỉ chạy trên cơ sở dữ liệu trống "
                "(dùng --if-empty để bỏ qua)."
            )
        started = time.monotonic()
        sources = self.ensure_sources()
        collections = self.ensure_collections()
        with tqdm(total=documents, unit=" tài liệu", desc="seed_demo", disable=None) as bar:
            for start in range(0, documents, batch_size):
                records = [
                    make_record(seed, i) for i in range(start, min(start + batch_size, documents))
                ]
                self.write_batch(records, sources, collections, pdfs)
                # With DEBUG (the dev settings) Django keeps each query's SQL, the texts of every
                # batch included: the 1,000,000-document seed grew to 6 GB.
                reset_queries()
                bar.update(len(records))
        made = [
            f"{extra.seed(options[extra.name], seed)} {extra.noun}"
            for extra in DEMO_CONTENT.values()
        ]
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã tạo {documents} tài liệu ({min(pdfs, documents)} có PDF)"
                + "".join(f", {m}" for m in made)
                + f" trong {time.monotonic() - started:.1f} giây."
            )
        )

    def ensure_sources(self) -> dict[str, Source]:
        sources = {}
        for slug, province, name in vocabulary.PROVINCES:
            sources[slug], _ = Source.objects.get_or_create(
                slug=slug, defaults={"name": name, "province": province}
            )
        return sources

    def ensure_collections(self) -> dict[str, Collection]:
        collections = {}
        for slug, words in vocabulary.COLLECTIONS.items():
            collections[slug], _ = Collection.objects.get_or_create(
                slug=slug, defaults={"name": words["name"]}
            )
        return collections

    @transaction.atomic
    def write_batch(self, records: list[DemoRecord], sources, collections, pdfs: int) -> None:
        documents = Document.objects.bulk_create(
            [
                Document(
                    local_id=r.local_id,
                    datestamp=r.datestamp,
                    created_at=r.datestamp,
                    title=r.title,
                    title_lang=r.title_lang,
                    date=r.date,
                    year=r.year,
                    doc_type=r.doc_type,
                    language=r.language,
                    metadata=r.metadata,
                    source=sources[r.source_slug],
                    origin_identifier=r.origin_identifier,
                    origin_datestamp=r.datestamp,
                )
                for r in records
            ]
        )
        DocumentText.objects.bulk_create(
            DocumentText(
                document=d, text=r.fulltext, status=DocumentText.Status.OK, extractor="demo"
            )
            for d, r in zip(documents, records, strict=True)
        )
        through = Document.collections.through
        through.objects.bulk_create(
            through(document_id=d.pk, collection_id=collections[slug].pk)
            for d, r in zip(documents, records, strict=True)
            for slug in r.collection_slugs
        )
        files = []
        for document, record in zip(documents, records, strict=True):
            if record.index >= pdfs:
                continue
            data, pages = render_pdf(record.title, record.creators, record.fulltext)
            stored = store_bytes(data)
            files.append(
                DocumentFile(
                    document=document,
                    file=stored.name,
                    size=stored.size,
                    sha256=stored.sha256,
                    page_count=pages,
                    mime_type="application/pdf",
                )
            )
        DocumentFile.objects.bulk_create(files)
