"""The harvester's requests as this site allows them: harvest.http's client under the site's
address policy (settings.HARVEST_ALLOW_PRIVATE_NETWORKS), the OAI-PMH transport under the site's
bounds (HARVEST_OAI_MAX_BYTES, HARVEST_OAI_DEADLINE), and a base URL checked before it is saved
(the admin's form) or registered (`harvest --url`), with the reason in Vietnamese."""

import httpx
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .http import AddressPolicy, RefusedAddress, RefusedScheme, check_url, http_client
from .oai.transport import RetryPolicy, Transport


def client(timeout: float = 60.0) -> httpx.Client:
    return http_client(timeout, allow_private=settings.HARVEST_ALLOW_PRIVATE_NETWORKS)


def oai_transport(
    http: httpx.Client, policy: RetryPolicy | None = None, max_bytes: int | None = None
) -> Transport:
    """`max_bytes`: a source's own cap on a page, if it has one."""
    return Transport(
        http,
        policy,
        max_bytes=max_bytes or settings.HARVEST_OAI_MAX_BYTES,
        deadline=settings.HARVEST_OAI_DEADLINE,
    )


def refusal(url: str) -> str | None:
    """Why the harvester will not use `url`, or None. The client checks again as it connects:
    this is the early answer, for the person who typed the address."""
    try:
        check_url(url, AddressPolicy(settings.HARVEST_ALLOW_PRIVATE_NETWORKS))
    except RefusedScheme:
        return _("Trình thu thập chỉ dùng địa chỉ http:// hoặc https://.")
    except RefusedAddress as err:
        return _(
            "Địa chỉ này trỏ vào mạng nội bộ (%(address)s); "
            "trình thu thập không truy cập mạng nội bộ."
        ) % {"address": err.address}
    return None


def validate_base_url(value: str) -> None:
    """HarvestSource.base_url's validator: the admin's form shows the reason on the field."""
    reason = refusal(value)
    if reason is not None:
        raise ValidationError(reason, code="refused")
