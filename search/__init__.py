"""One Vietnamese-aware search interface (`service`) over two engines (embedded tantivy,
Elasticsearch). No Django in `query`, `analysis`, `plan`, `highlight` and `engines`."""
