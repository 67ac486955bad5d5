"""Enquiries are personal data: none is kept longer than ENQUIRY_RETENTION_DAYS."""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from portal.exchange.models import Enquiry

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = (
        "Xóa các yêu cầu kết nối công nghệ cũ hơn ENQUIRY_RETENTION_DAYS ngày "
        "(deletes exchange enquiries older than the retention period)."
    )

    def handle(self, *args, **options):
        days = settings.ENQUIRY_RETENTION_DAYS
        cutoff = timezone.now() - timedelta(days=days)
        deleted, _ = Enquiry.objects.filter(created_at__lt=cutoff).delete()
        logger.info("Deleted %d enquiries older than %d days", deleted, days)
        self.stdout.write(f"Đã xóa {deleted} yêu cầu kết nối cũ hơn {days} ngày.")
