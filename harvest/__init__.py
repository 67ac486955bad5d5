"""The OAI-PMH harvester: pulls records, then full-text PDFs, from the provincial libraries.

Planned layout (see the harvester issue): `oai/` the protocol client, `fulltext/` PDF fetch and
text extraction, `models.py` sources and runs, `pipeline.py` record -> Document upsert.
"""
