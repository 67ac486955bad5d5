"""The provider's settings, each overridable in Django settings under the same name.

OAI_REPOSITORY_NAME      repositoryName in Identify
OAI_REPOSITORY_IDENTIFIER  namespace of identifiers: oai:<this>:<local id> (base settings)
OAI_ADMIN_EMAILS         adminEmail addresses in Identify (at least one)
OAI_PAGE_SIZE            records or headers per list page (default 100)
OAI_TOKEN_MAX_AGE        seconds a resumption token stays valid (default 7 days, so a harvester
                         that pauses for a day or a weekend can go on)
"""

from dataclasses import dataclass

from django.conf import settings

DEFAULTS = {
    "OAI_REPOSITORY_NAME": "Thư viện số KH&CN Đồng bằng sông Cửu Long",
    "OAI_ADMIN_EMAILS": ["thuvien@dbscl.vn"],
    "OAI_PAGE_SIZE": 100,
    "OAI_TOKEN_MAX_AGE": 7 * 24 * 3600,
}


@dataclass(frozen=True)
class OAIConfig:
    repository_name: str
    repository_identifier: str
    admin_emails: list[str]
    page_size: int
    token_max_age: int


def config() -> OAIConfig:
    def get(name: str):
        return getattr(settings, name, DEFAULTS.get(name))

    return OAIConfig(
        repository_name=get("OAI_REPOSITORY_NAME"),
        repository_identifier=get("OAI_REPOSITORY_IDENTIFIER"),
        admin_emails=list(get("OAI_ADMIN_EMAILS")),
        page_size=int(get("OAI_PAGE_SIZE")),
        token_max_age=int(get("OAI_TOKEN_MAX_AGE")),
    )
