"""The library's public pages on the site: a document, its PDF, its citations."""
