"""Imported by the extraction workers' forkserver (workers.PRELOAD), and by nothing else: the
tables that reading a text needs (library.vietnamese.reading) are loaded here once, and every
worker starts with them. pyspellchecker's English word list alone takes about a second to load
(measured here: 1.0 s), which a worker would otherwise pay for its first text."""

from library.vietnamese.quality import english_words
from library.vietnamese.syllables import is_syllable

english_words()
is_syllable("một")
