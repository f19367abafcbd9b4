"""Scenario files: YAML with line numbers, the checked reader, provenance, the frozen model,
the rules table, the loader and synthetic theatres."""
