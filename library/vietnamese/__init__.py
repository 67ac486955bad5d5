"""Vietnamese text without Django: syllable structure, legacy-encoding repair, text quality.

- `syllables.is_syllable`: is a word a structurally valid Vietnamese syllable?
- `legacy.repair`: text typed in TCVN3 (ABC), VNI-Windows or VIQR, back to Unicode NFC.
- `quality.quality`: the share of words that are Vietnamese syllables or English words.
"""
