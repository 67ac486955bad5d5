"""Validate an OAI-PMH request's arguments: one rule set per verb (OAI-PMH 2.0 §3.1, §4)."""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from library.vocabulary import (
    METADATA_PREFIX,
    NOT_XML_CHAR,
    SET_SPEC,
    URI,
    BadArgument,
    BadVerb,
)


@dataclass(frozen=True)
class VerbRule:
    required: frozenset[str] = frozenset()
    optional: frozenset[str] = frozenset()
    exclusive: str | None = None  # an argument that must stand alone


LIST_ARGUMENTS = VerbRule(
    required=frozenset({"metadataPrefix"}),
    optional=frozenset({"from", "until", "set"}),
    exclusive="resumptionToken",
)
VERBS = {
    "Identify": VerbRule(),
    "ListMetadataFormats": VerbRule(optional=frozenset({"identifier"})),
    "ListSets": VerbRule(exclusive="resumptionToken"),
    "GetRecord": VerbRule(required=frozenset({"identifier", "metadataPrefix"})),
    "ListIdentifiers": LIST_ARGUMENTS,
    "ListRecords": LIST_ARGUMENTS,
}

# ASCII digits only: Python's \d, strptime and int() also read "２０２０" and "٢٠٢٠".
DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
SECOND = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z")
# Arguments whose values the response's <request> element echoes with a restricted type.
SYNTAX = {"metadataPrefix": METADATA_PREFIX, "set": SET_SPEC, "identifier": URI}


@dataclass(frozen=True)
class OAIRequest:
    verb: str
    arguments: dict[str, str] = field(default_factory=dict)
    # Bounds in UTC: `start` inclusive, `end` exclusive (an `until` day or second, plus one).
    start: datetime | None = None
    end: datetime | None = None

    def get(self, name: str) -> str | None:
        return self.arguments.get(name)


def parse_datestamp(value: str) -> tuple[datetime, timedelta]:
    """A UTC datestamp in either granularity, and the length of the period it names."""
    try:
        if DAY.fullmatch(value):
            return datetime.strptime(value, "%Y-%m-%d").replace(tzinfo=UTC), timedelta(days=1)
        if SECOND.fullmatch(value):
            moment = datetime.strptime(value, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
            return moment, timedelta(seconds=1)
    except ValueError as err:
        raise BadArgument(f"'{value}' is not a valid date.") from err
    raise BadArgument(f"'{value}' is not a UTC datestamp (YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ).")


def parse(params: Iterable[tuple[str, list[str]]]) -> OAIRequest:
    """Check the request's parameters (name and all its values, as a QueryDict's lists())."""
    given = dict(params)
    verbs = given.pop("verb", [])
    if len(verbs) != 1:
        raise BadVerb("The verb argument is missing or repeated.")
    verb = verbs[0]
    rule = VERBS.get(verb)
    if rule is None:
        raise BadVerb(f"'{verb}' is not an OAI-PMH verb.")
    repeated = sorted(name for name, values in given.items() if len(values) != 1)
    if repeated:
        raise BadArgument(f"Repeated argument: {', '.join(repeated)}.")
    arguments = {name: values[0] for name, values in given.items()}
    allowed = rule.required | rule.optional | ({rule.exclusive} if rule.exclusive else set())
    illegal = sorted(set(arguments) - allowed)
    if illegal:
        raise BadArgument(f"Illegal argument for {verb}: {', '.join(illegal)}.")
    unwritable = sorted(name for name, value in arguments.items() if NOT_XML_CHAR.search(value))
    if unwritable:
        raise BadArgument(f"Characters XML cannot hold in: {', '.join(unwritable)}.")
    if rule.exclusive and rule.exclusive in arguments:
        if len(arguments) > 1:
            raise BadArgument(f"{rule.exclusive} is an exclusive argument.")
        return OAIRequest(verb, arguments)
    missing = sorted(rule.required - set(arguments))
    if missing:
        raise BadArgument(f"Missing argument for {verb}: {', '.join(missing)}.")
    empty = sorted(name for name, value in arguments.items() if not value.strip())
    if empty:
        raise BadArgument(f"Empty argument: {', '.join(empty)}.")
    for name, pattern in SYNTAX.items():
        if name in arguments and not pattern.fullmatch(arguments[name]):
            raise BadArgument(f"'{arguments[name]}' is not a valid {name}.")
    return OAIRequest(verb, arguments, *date_bounds(arguments))


def date_bounds(arguments: dict[str, str]) -> tuple[datetime | None, datetime | None]:
    start = end = None
    start_step = end_step = None
    if "from" in arguments:
        start, start_step = parse_datestamp(arguments["from"])
    if "until" in arguments:
        until, end_step = parse_datestamp(arguments["until"])
        try:
            end = until + end_step
        except OverflowError:  # until the last day or second of 9999: no end
            end = None
    if start_step and end_step and start_step != end_step:
        raise BadArgument("from and until must have the same granularity.")
    if start and end and start >= end:
        raise BadArgument("from is later than until.")
    return start, end
