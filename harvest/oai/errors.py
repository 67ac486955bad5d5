"""What can go wrong when harvesting, one class per cause.

    HarvestError
    ├── TransportError          HTTP errors and lost connections, after the retries
    ├── ResponseError           a response that is not a well-formed OAI-PMH document
    │                           (HTML, truncated or invalid XML, wrong encoding)
    └── TokenLoopError          a resumptionToken that comes back: stopped, not followed
    library.vocabulary.OAIError an <error> element the provider answered, one class per code
                                (the provider's own classes: the protocol's codes live once)

`FAILURES` catches them all. A broken record inside a good page is not an exception: it comes
back as a `Record` with `problem` set, so the harvest counts it and goes on.
"""

from library.vocabulary import OAIError


class HarvestError(Exception):
    pass


class TransportError(HarvestError):
    pass


class ResponseError(HarvestError):
    pass


class TokenLoopError(HarvestError):
    pass


FAILURES = (HarvestError, OAIError)
