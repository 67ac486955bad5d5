"""Stateless resumption tokens: the list's position, signed, with nothing kept on the server.

A token carries the list's filters, the keyset position (datestamp, id) of the last item sent,
the cursor and completeListSize. It is signed with SECRET_KEY and stamped with its issue time,
so a tampered, truncated or expired token is a badResumptionToken, never a server error.
"""

from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

from django.core import signing

from library.vocabulary import BadResumptionToken

SALT = "library.oai.resumption-token"


@dataclass(frozen=True)
class ListState:
    verb: str
    prefix: str
    set_spec: str | None
    start: datetime | None
    end: datetime  # exclusive; frozen at the first request so completeListSize holds
    cursor: int = 0
    total: int = 0
    after: tuple[datetime, int] | None = None

    def advance(self, sent: int, last: tuple[datetime, int]) -> "ListState":
        return replace(self, cursor=self.cursor + sent, after=last)


def _when(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _parse_when(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value).astimezone(UTC) if value else None


def encode(state: ListState) -> str:
    payload = {
        "v": state.verb,
        "p": state.prefix,
        "s": state.set_spec,
        "f": _when(state.start),
        "u": _when(state.end),
        "c": state.cursor,
        "n": state.total,
        "a": [_when(state.after[0]), state.after[1]] if state.after else None,
    }
    return signing.TimestampSigner(salt=SALT).sign_object(payload, compress=True)


def decode(token: str, verb: str, max_age: int) -> ListState:
    try:
        payload = signing.TimestampSigner(salt=SALT).unsign_object(token, max_age=max_age)
    except signing.SignatureExpired as err:
        raise BadResumptionToken("The resumptionToken has expired; start the list again.") from err
    except (signing.BadSignature, ValueError) as err:
        raise BadResumptionToken("The resumptionToken is not valid.") from err
    try:
        if payload["v"] != verb:
            raise BadResumptionToken(f"This resumptionToken belongs to {payload['v']}.")
        after = payload["a"]
        return ListState(
            verb=payload["v"],
            prefix=str(payload["p"]),
            set_spec=payload["s"],
            start=_parse_when(payload["f"]),
            end=_parse_when(payload["u"]),  # type: ignore[arg-type]
            cursor=int(payload["c"]),
            total=int(payload["n"]),
            after=(_parse_when(after[0]), int(after[1])) if after else None,  # type: ignore[arg-type]
        )
    except (KeyError, TypeError, ValueError, IndexError) as err:
        raise BadResumptionToken("The resumptionToken is not valid.") from err


def expiration(max_age: int) -> datetime:
    return datetime.now(UTC).replace(microsecond=0) + timedelta(seconds=max_age)
