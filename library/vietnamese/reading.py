"""A text as the library keeps it: typed in a legacy encoding converted to Unicode
(legacy.repair) and its quality measured (quality.quality). Free of Django so that the
extraction workers read a PDF's text beside extracting it (harvest.fulltext.extract.read_pdf),
in parallel, and the batch's one process only stores what they found."""

from dataclasses import dataclass

from .legacy import repair
from .quality import quality


@dataclass(frozen=True)
class Reading:
    text: str  # NFC, legacy encodings converted
    encodings: tuple[str, ...] = ()  # the legacy encodings found, in order of first appearance
    converted: int = 0  # words converted
    quality: float | None = None  # None: no text, or too little to judge


def read(text: str) -> Reading:
    repaired = repair(text)
    measured = quality(repaired.text) if repaired.text else None
    return Reading(repaired.text, repaired.encodings, repaired.converted, measured)
