"""What can go wrong when harvesting, one class per cause.

    HarvestError
    ├── TransportError          HTTP errors and lost connections, after the retries
    ├── ResponseError           a response that is not a well-formed OAI-PMH document
    │                           (HTML, truncated or invalid XML, wrong encoding)
    ├── TokenLoopError          a resumptionToken that comes back: stopped, not followed
    └── OAIProtocolError        an <error> element the provider answered; one class per code:
        ├── BadArgument  ├── BadResumptionToken  ├── BadVerb  ├── CannotDisseminateFormat
        ├── IdDoesNotExist  ├── NoRecordsMatch  ├── NoMetadataFormats  └── NoSetHierarchy

A broken record inside a good page is not an exception: it comes back as a `Record` with
`problem` set, so the harvest counts it and goes on.
"""


class HarvestError(Exception):
    pass


class TransportError(HarvestError):
    pass


class ResponseError(HarvestError):
    pass


class TokenLoopError(HarvestError):
    pass


class OAIProtocolError(HarvestError):
    code = ""

    def __init__(self, message: str = "") -> None:
        super().__init__(f"{self.code}: {message}" if message else self.code)
        self.message = message


class BadArgument(OAIProtocolError):
    code = "badArgument"


class BadResumptionToken(OAIProtocolError):
    code = "badResumptionToken"


class BadVerb(OAIProtocolError):
    code = "badVerb"


class CannotDisseminateFormat(OAIProtocolError):
    code = "cannotDisseminateFormat"


class IdDoesNotExist(OAIProtocolError):
    code = "idDoesNotExist"


class NoRecordsMatch(OAIProtocolError):
    code = "noRecordsMatch"


class NoMetadataFormats(OAIProtocolError):
    code = "noMetadataFormats"


class NoSetHierarchy(OAIProtocolError):
    code = "noSetHierarchy"


PROTOCOL_ERRORS: dict[str, type[OAIProtocolError]] = {
    cls.code: cls
    for cls in (BadArgument, BadResumptionToken, BadVerb, CannotDisseminateFormat,
                IdDoesNotExist, NoRecordsMatch, NoMetadataFormats, NoSetHierarchy)
}  # fmt: skip
