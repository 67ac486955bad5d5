"""The e-mail alerts' pages: the search page's form posts here; the links in the mails open
the confirmation and the unsubscription. A link does nothing by being opened (mail scanners
open links): the page it opens has one button, and the unsubscribe link also takes the mail
client's one-click POST (RFC 8058), which carries no CSRF token: its signature is the proof."""

from functools import lru_cache

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from . import alerts, params, query
from .models import SearchAlert

TEMPLATE = "search/alert.html"


class AlertForm(forms.Form):
    email = forms.EmailField(
        label=_("Địa chỉ e-mail"),
        max_length=254,
        error_messages={
            "invalid": _("Địa chỉ e-mail không hợp lệ."),
            "max_length": _("Địa chỉ e-mail dài quá 254 ký tự."),
        },
    )
    frequency = forms.ChoiceField(
        label=_("Tần suất"),
        choices=SearchAlert.Frequency.choices,
        initial=SearchAlert.Frequency.WEEKLY,
    )
    search = forms.CharField(
        required=False, max_length=4 * params.READ_LENGTH, widget=forms.HiddenInput
    )

    def clean_search(self) -> str:
        """The search as the /search/ query string its digests ask again."""
        q, selected, _sort = params.asked(QueryDict(self.cleaned_data["search"]))
        q = query.clean(q)[0].strip()
        if len(q) >= query.MAX_LENGTH:
            raise ValidationError(
                _("Câu tìm kiếm dài quá %(n)s ký tự: hãy rút gọn rồi đăng ký lại."),
                params={"n": query.MAX_LENGTH},
            )
        asked = params.query_string(q, selected)
        if len(asked) > SearchAlert._meta.get_field("query").max_length:  # type: ignore[operator]
            raise ValidationError(_("Tìm kiếm có quá nhiều bộ lọc để đăng ký nhận thông báo."))
        return asked


# The search page's form is the same on every page but for its hidden field: rendered once per
# language (Django's form templates took a millisecond of every search page) with this value,
# which escaping leaves as it is, in its place.
_SEARCH_SLOT = "ALERT-SEARCH-SLOT"


@lru_cache(maxsize=16)
def _form_html(language: str | None) -> str:
    return str(AlertForm(initial={"search": _SEARCH_SLOT}).as_div())


def alert_form_html(search: str) -> SafeString:
    """The unbound alert form's fields as the search page shows them, for `search`."""
    html = _form_html(get_language()).replace(_SEARCH_SLOT, escape(search))
    return mark_safe(html)  # noqa: S308 (Django's rendering, and the search escaped as it escapes)


@require_POST
def subscribe(request: HttpRequest) -> HttpResponse:
    form = AlertForm(request.POST)
    if not form.is_valid():
        return render(request, TEMPLATE, {"form": form}, status=400)
    data = form.cleaned_data
    try:
        alerts.subscribe(data["email"], data["search"], data["frequency"])
    except alerts.Refused:
        context = {"form": form, "refused": alerts.MAX_PER_ADDRESS}
        return render(request, TEMPLATE, context, status=429)
    return render(request, TEMPLATE, {"sent": data["email"], "days": alerts.PENDING.days})


@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, signed: str) -> HttpResponse:
    alert = alerts.alert_of(signed, alerts.CONFIRM)
    if alert is None:
        return render(request, TEMPLATE, {"bad_link": True}, status=400)
    if request.method == "POST":
        alerts.confirm(alert, timezone.now())
        return render(request, TEMPLATE, {"confirmed": alert})
    return render(request, TEMPLATE, {"ask": "confirm", "alert": alert})


@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, signed: str) -> HttpResponse:
    alert = alerts.alert_of(signed, alerts.UNSUBSCRIBE)
    if request.method == "POST" or alert is None:  # gone already, or never was: the same
        if alert is not None:
            alert.delete()
        return render(request, TEMPLATE, {"unsubscribed": True})
    return render(request, TEMPLATE, {"ask": "unsubscribe", "alert": alert})
