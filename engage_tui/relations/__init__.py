"""Relationship memory outside the store: export/import files and handle lists (no Textual)."""
