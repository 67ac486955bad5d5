"""OAI-PMH error conditions, one exception per code (OAI-PMH 2.0 §3.6).

    OAIError
    ├── BadArgument              illegal, repeated or missing argument, bad date
    ├── BadResumptionToken       tampered, malformed, expired or foreign token
    ├── BadVerb                  missing, repeated or unknown verb
    ├── CannotDisseminateFormat  metadataPrefix the repository does not offer
    ├── IdDoesNotExist           identifier unknown or malformed
    ├── NoRecordsMatch           the list would be empty
    ├── NoMetadataFormats        (the repository offers every format for every item)
    └── NoSetHierarchy           (the repository has sets; never raised)

Each is answered as an <error> element in an HTTP 200 response, never as an HTTP error.
"""


class OAIError(Exception):
    code = ""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class BadArgument(OAIError):
    code = "badArgument"


class BadResumptionToken(OAIError):
    code = "badResumptionToken"


class BadVerb(OAIError):
    code = "badVerb"


class CannotDisseminateFormat(OAIError):
    code = "cannotDisseminateFormat"


class IdDoesNotExist(OAIError):
    code = "idDoesNotExist"


class NoRecordsMatch(OAIError):
    code = "noRecordsMatch"


class NoMetadataFormats(OAIError):
    code = "noMetadataFormats"


class NoSetHierarchy(OAIError):
    code = "noSetHierarchy"
