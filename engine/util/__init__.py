"""Helpers with no knowledge of wargames: atomic file writes, geometry, canonical JSON, text."""
