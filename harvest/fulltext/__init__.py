"""Full text: fetch a PDF with limits, then extract its text. No Django in here."""
