"""Widgets, one (or one tight family) per module."""
