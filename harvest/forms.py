"""The admin's form for a harvest source: one repository one source, whatever the spelling of
its address; sets picked from what the provider lists, not typed as JSON."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from . import outbound
from .oai.client import OAIClient
from .oai.errors import FAILURES
from .oai.transport import RetryPolicy
from .oai.urls import clean_base_url

QUICK = RetryPolicy(attempts=1)  # the form waits for one answer, not for retries


def provider_sets(base_url: str) -> tuple[list[tuple[str, str]], str]:
    """(setSpec, setName) the provider lists, or [] and why not."""
    try:
        with outbound.client(timeout=10) as http:
            return OAIClient(base_url, outbound.oai_transport(http, QUICK)).list_sets(), ""
    except FAILURES as err:
        return [], str(err)[:300]


INTERVALS = [
    (15, _("15 phút")),
    (60, _("Mỗi giờ")),
    (360, _("6 giờ")),
    (24 * 60, _("Hằng ngày")),
]


class IntervalInput(forms.NumberInput):
    """Minutes, typed or picked from the usual intervals (an HTML datalist: no script)."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__({"list": "harvest-intervals", "min": 1, **(attrs or {})})

    def render(self, name: str, value: Any, attrs: Any = None, renderer: Any = None) -> SafeString:
        options = format_html_join("", '<option value="{}">{}</option>', INTERVALS)
        datalist = format_html('<datalist id="harvest-intervals">{}</datalist>', options)
        return super().render(name, value, attrs, renderer) + datalist


class SetsField(forms.MultipleChoiceField):
    """The provider's sets as checkboxes; sets stored before and no longer listed stay."""

    widget = forms.CheckboxSelectMultiple


class SetLinesField(forms.Field):
    """Sets typed one per line, when the provider cannot list them."""

    widget = forms.Textarea(attrs={"rows": 3})

    def prepare_value(self, value: Any) -> Any:
        return "\n".join(value) if isinstance(value, list) else value

    def to_python(self, value: Any) -> list[str]:
        return [line.strip() for line in str(value or "").splitlines() if line.strip()]


class HarvestSourceForm(WagtailAdminModelForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        stored: list[str] = list(self.instance.sets or [])
        listed, problem = provider_sets(self.instance.base_url) if self.instance.pk else ([], "")
        if listed:
            known = {spec for spec, _ in listed}
            choices = [
                (spec, f"{name} ({spec})" if name != spec else spec) for spec, name in listed
            ]
            choices += [
                (spec, f"{spec} ({_('nguồn không còn liệt kê')})")
                for spec in stored
                if spec not in known
            ]
            self.fields["sets"] = SetsField(
                choices=choices,
                required=False,
                label=_("Tập hợp (set)"),
                help_text=_("Bỏ trống để thu thập cả kho. Danh sách lấy từ ListSets của nguồn."),
            )
        else:
            why = (_("Không đọc được ListSets: %(why)s. ") % {"why": problem}) if problem else ""
            self.fields["sets"] = SetLinesField(
                required=False,
                label=_("Tập hợp (set)"),
                help_text=why + _("Mỗi dòng một setSpec; bỏ trống để thu thập cả kho."),
            )
        self.initial["sets"] = stored

    def clean_base_url(self) -> str:
        url = clean_base_url(self.cleaned_data["base_url"])
        same = type(self.instance).same_repository(url, excluding=self.instance.pk)
        if same is not None:
            raise ValidationError(
                _("Kho này đã được đăng ký là nguồn “%(source)s” (%(url)s)."),
                params={"source": same.source.name, "url": same.base_url},
            )
        return url
