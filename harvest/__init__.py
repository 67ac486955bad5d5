"""The OAI-PMH harvester: pulls records, then full-text PDFs, from the provincial libraries.

`oai/` the protocol client and `fulltext/` PDF fetch and extraction (no Django), `mappings/`
the readers of each metadata format (no Django), `runs.py` a run's lifecycle, `upsert.py` a
page of records → Documents, `tasks.py` the background PDF work, `models.py` sources and runs,
`testing/` a loopback provider that misbehaves on request (tests, smoke test, benchmarks).
"""
