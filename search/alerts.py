"""E-mail alerts of a search, without an account.

A reader leaves an address on the search page; nothing is sent but a confirmation with a
signed link (double opt-in), and an alert left unconfirmed for PENDING is deleted. Once
confirmed, `send_alerts` (the nightly timer) mails each due alert the documents added to the
library since its last digest that match its search, at most DIGEST_SIZE of them and a link to
all. Every digest carries a one-click unsubscribe link and List-Unsubscribe headers (RFC 8058).
"""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.base_user import BaseUserManager
from django.core import signing
from django.core.mail import EmailMessage
from django.db.models import Max
from django.http import QueryDict
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.text import Truncator

from library.citation import one_line
from library.models import Document

from . import feeds, params, service
from .models import SearchAlert

logger = logging.getLogger(__name__)
PENDING = timedelta(days=7)  # to confirm, after which the alert is deleted
MAX_PER_ADDRESS = 20
DIGEST_SIZE = 10
PERIODS = {
    SearchAlert.Frequency.DAILY: timedelta(days=1),
    SearchAlert.Frequency.WEEKLY: timedelta(days=7),
}
# The nightly timer does not fire at the same second every night: a daily alert sent at 02:00:09
# is due again at 02:00:02 the next night.
SLACK = timedelta(hours=2)
CONFIRM, UNSUBSCRIBE = "confirm", "unsubscribe"


class Refused(Exception):
    """The address has as many alerts as it may have; the message says so to the reader."""


def absolute(path: str) -> str:
    """A path on the site's public address (PORTAL_BASE_URL): mails are sent without a request."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def token(alert: SearchAlert, purpose: str) -> str:
    return signing.dumps(alert.pk, salt=f"search.alert.{purpose}")


def alert_of(signed: str, purpose: str) -> SearchAlert | None:
    """The alert a link names, if its signature holds (a confirmation link lasts PENDING)."""
    max_age = PENDING if purpose == CONFIRM else None
    try:
        pk = signing.loads(signed, salt=f"search.alert.{purpose}", max_age=max_age)
    except signing.BadSignature:  # SignatureExpired is one
        return None
    return SearchAlert.objects.filter(pk=pk).first() if isinstance(pk, int) else None


def link(name: str, alert: SearchAlert, purpose: str) -> str:
    return absolute(reverse(name, args=[token(alert, purpose)]))


def subscribe(email: str, query: str, frequency: str) -> tuple[SearchAlert, bool]:
    """The alert of this address, search (a /search/ query string) and frequency, and whether it
    is new (then its confirmation is sent). Asking again sends nothing: a stranger cannot have
    an address mailed more than MAX_PER_ADDRESS times a PENDING."""
    email = BaseUserManager.normalize_email(email)
    alert = SearchAlert.objects.filter(email=email, query=query, frequency=frequency).first()
    if alert is not None:
        return alert, False
    if SearchAlert.objects.filter(email=email).count() >= MAX_PER_ADDRESS:
        raise Refused(email)
    alert = SearchAlert.objects.create(email=email, query=query, frequency=frequency)
    confirmation = link("search:alert-confirm", alert, CONFIRM)
    send(alert, "search/email/confirm.txt", {"confirm": confirmation})
    return alert, True


def confirm(alert: SearchAlert, now: datetime) -> None:
    """Confirmed from now: its first digest has the documents added after this moment."""
    if alert.confirmed_at is None:
        alert.confirmed_at = alert.last_sent_at = now
        alert.save(update_fields=["confirmed_at", "last_sent_at"])


def asked(alert: SearchAlert) -> tuple[str, dict[str, list[str]]]:
    q, selected, _sort = params.asked(QueryDict(alert.query))
    return q, selected


def described(alert: SearchAlert) -> str:
    """The search in words for a subject line or a list: its q, or its filters."""
    q, selected = asked(alert)
    words = one_line(q) or "; ".join(v for values in selected.values() for v in values)
    return Truncator(one_line(words) or "*").chars(80)


def send(alert: SearchAlert, template: str, context: dict, headers: dict | None = None) -> None:
    subject, _, body = render_to_string(template, {"alert": alert, **context}).partition("\n")
    message = EmailMessage(one_line(subject), body.strip() + "\n", to=[alert.email])
    message.extra_headers = headers or {}
    message.send()


def first_added_after(moment: datetime) -> int | None:
    """The id of the first document added after `moment`: ids are given in order of arrival."""
    return (
        Document.objects.filter(created_at__gt=moment)
        .order_by("pk")
        .values_list("pk", flat=True)
        .first()
    )


def send_digest(alert: SearchAlert, now: datetime, last_pk: int) -> bool:
    """Mail the alert the matches added since its last digest, up to the document `last_pk`
    (the last added by `now`), and move its cut-off to `now`. Whether a mail went out."""
    assert alert.last_sent_at is not None  # every confirmed alert has one
    low = first_added_after(alert.last_sent_at)
    total, pks = (
        (0, [])
        if low is None or low > last_pk
        else (service.document_ids(*asked(alert), "added", DIGEST_SIZE, (low, last_pk)))
    )
    if total:
        unsubscribe = link("search:alert-unsubscribe", alert, UNSUBSCRIBE)
        newest_first = params.query_string(*asked(alert), "added")
        context = {
            "total": total,
            "entries": feeds.arrivals(pks, absolute),
            "described": described(alert),
            "all": absolute(reverse("search:page") + "?" + newest_first),
            "unsubscribe": unsubscribe,
        }
        headers = {
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        }
        send(alert, "search/email/digest.txt", context, headers)
    alert.last_sent_at = now
    alert.save(update_fields=["last_sent_at"])  # at once: a crash later cannot send it again
    return bool(total)


@dataclass
class Summary:
    sent: int = 0
    nothing_new: int = 0
    failed: int = 0
    expired: int = 0


def due(now: datetime) -> list[SearchAlert]:
    return [
        alert
        for frequency, period in PERIODS.items()
        for alert in SearchAlert.objects.filter(
            frequency=frequency,
            confirmed_at__isnull=False,
            last_sent_at__lte=now - period + SLACK,
        ).order_by("pk")
    ]


def send_all(now: datetime) -> Summary:
    """Delete the alerts never confirmed, then send every due digest; one that fails is logged
    and left for the next run, and the others go on."""
    summary = Summary()
    stale = SearchAlert.objects.filter(confirmed_at__isnull=True, created_at__lt=now - PENDING)
    summary.expired, _ = stale.delete()
    last_pk = Document.objects.filter(created_at__lte=now).aggregate(last=Max("pk"))["last"] or 0
    for alert in due(now):
        try:
            if send_digest(alert, now, last_pk):
                summary.sent += 1
            else:
                summary.nothing_new += 1
        except Exception:  # an SMTP refusal, a bad address: that alert only
            logger.exception("search alert %s not sent", alert.pk)
            summary.failed += 1
    return summary
