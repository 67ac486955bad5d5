"""A visitor's enquiry about an offer, or response to a request: the form, its spam checks, the
rate limit, storing and mailing it.

Spam is kept out without any third-party service: a honeypot field people never see (a bot
that fills it is thanked and forgotten), and a signed token of when the form was served: a
post within MIN_SECONDS of it is a bot's, one after MAX_AGE a stale page. A client sends at most
PER_HOUR enquiries an hour, counted in Django's cache under a salted hash of its address (the
address itself is never stored: the form's fields are all an enquiry keeps)."""

import hashlib
import re
import time
import unicodedata

from django import forms
from django.conf import settings
from django.contrib.auth.models import User
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.core.validators import validate_email
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.usage.counter import reader_address

from .models import Enquiry, Listing

MIN_SECONDS = 3
MAX_AGE = 24 * 3600
PER_HOUR = 5
SALT = "exchange.enquiry"
PHONE = re.compile(r"\+?[0-9 ().-]{8,20}")
EDITORS = "Editors"


def plain(text: str, lines: bool = False) -> str:
    """The text without control characters (newlines kept where `lines`), NFC, trimmed."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n"))
    kept = (
        c if c == "\n" and lines else " " if unicodedata.category(c)[0] == "C" else c for c in text
    )
    return "".join(kept).strip()


def token(listing_pk: int, at: float | None = None) -> str:
    return signing.dumps([listing_pk, int(time.time() if at is None else at)], salt=SALT)


class EnquiryForm(forms.Form):
    name = forms.CharField(label=_("Họ tên"), max_length=100)
    organisation = forms.CharField(label=_("Đơn vị"), max_length=200, required=False)
    contact = forms.CharField(
        label=_("E-mail hoặc số điện thoại"),
        max_length=200,
        help_text=_("Chỉ ban biên tập và bên đăng tin thấy thông tin này."),
    )
    message = forms.CharField(label=_("Nội dung"), max_length=4000, widget=forms.Textarea)
    website = forms.CharField(required=False, label=_("Để trống ô này"))  # the honeypot
    token = forms.CharField(widget=forms.HiddenInput, max_length=200)

    def __init__(self, *args, listing: Listing, **kwargs):
        super().__init__(*args, **kwargs)
        self.listing = listing
        if not self.is_bound:
            self.initial["token"] = token(listing.pk)

    def clean_name(self) -> str:
        return self.required_plain("name")

    def clean_organisation(self) -> str:
        return plain(self.cleaned_data["organisation"])

    def clean_message(self) -> str:
        return self.required_plain("message", lines=True)

    def required_plain(self, name: str, lines: bool = False) -> str:
        value = plain(self.cleaned_data[name], lines)
        if not value:
            raise ValidationError(_("Trường này là bắt buộc."))
        return value

    def clean_contact(self) -> str:
        contact = plain(self.cleaned_data["contact"])
        if "@" in contact:
            validate_email(contact)  # its message names the problem
        elif not PHONE.fullmatch(contact) or sum(c.isdigit() for c in contact) < 8:
            raise ValidationError(_("Hãy nhập một địa chỉ e-mail hoặc số điện thoại."))
        return contact

    def clean_token(self) -> str:
        value = self.cleaned_data["token"]
        try:
            pk, served = signing.loads(value, salt=SALT, max_age=MAX_AGE)
        except (signing.BadSignature, ValueError, TypeError):  # SignatureExpired is one
            raise ValidationError(
                _("Trang đã mở quá lâu hoặc không hợp lệ: hãy tải lại trang rồi gửi lại.")
            ) from None
        if pk != self.listing.pk:
            raise ValidationError(_("Biểu mẫu không thuộc tin đăng này."))
        if time.time() - served < MIN_SECONDS:
            raise ValidationError(_("Gửi quá nhanh: hãy chờ vài giây rồi gửi lại."))
        return value

    @property
    def is_spam(self) -> bool:
        return bool(self.data.get("website"))


def client_key(request: HttpRequest) -> str:
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{reader_address(request)}".encode())
    return f"exchange:enquiries:{digest.hexdigest()[:32]}"


def over_limit(request: HttpRequest) -> bool:
    return (cache.get(client_key(request)) or 0) >= PER_HOUR


def count(request: HttpRequest) -> None:
    key = client_key(request)
    if not cache.add(key, 1, timeout=3600):
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, timeout=3600)


def store(form: EnquiryForm) -> Enquiry:
    listing = form.listing
    kind = Enquiry.Kind.RESPONSE if listing.is_request else Enquiry.Kind.ENQUIRY
    fields = ("name", "organisation", "contact", "message")
    enquiry = Enquiry.objects.create(
        listing=listing, kind=kind, **{name: form.cleaned_data[name] for name in fields}
    )
    mail(enquiry, listing)
    return enquiry


def mail(enquiry: Enquiry, listing: Listing) -> None:
    """One mail to the Editors (with the admin's link), one to the listing's contact; a reply
    goes to the visitor's address, if the visitor gave one."""
    editors = User.objects.filter(groups__name=EDITORS, is_active=True).exclude(email="")
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    context = {
        "enquiry": enquiry,
        "listing": listing,
        "listing_url": base + (listing.url or ""),
        "days": settings.ENQUIRY_RETENTION_DAYS,
    }
    subject = " ".join(render_to_string("exchange/email/enquiry_subject.txt", context).split())
    reply_to = [enquiry.contact] if "@" in enquiry.contact else []
    admin = base + reverse("wagtailsnippets_exchange_enquiry:edit", args=[enquiry.pk])
    letters = [
        (sorted(set(editors.values_list("email", flat=True))), admin),
        ([listing.contact_address] if listing.contact_address else [], ""),
    ]
    for to, admin_url in letters:
        if to:
            body = render_to_string(
                "exchange/email/enquiry.txt", {**context, "admin_url": admin_url}
            )
            EmailMessage(subject, body, to=to, reply_to=reply_to).send()
