"""Unicode hygiene: everything the portal stores is NFC.

Vietnamese text arrives both composed ("hoà" as 3 code points) and decomposed (a base letter
followed by combining marks); the two look identical but compare, index and sort differently.
"""

import unicodedata
from typing import Any


def nfc(value: Any) -> Any:
    """Return `value` with every string inside it (lists and dicts too) in NFC."""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, list):
        return [nfc(item) for item in value]
    if isinstance(value, tuple):
        return tuple(nfc(item) for item in value)
    if isinstance(value, dict):
        return {nfc(key): nfc(item) for key, item in value.items()}
    return value
