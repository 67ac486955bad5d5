"""One Vietnamese-aware search interface over two engines (embedded tantivy, Elasticsearch).

Filled by the search issue; views will only ever talk to the interface defined here.
"""
