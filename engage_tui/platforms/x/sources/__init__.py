"""X's synthesised notifications: one module per source the sync engine polls."""

from engage_tui.platforms.x.sources.specs import SOURCE_SPECS

__all__ = ["SOURCE_SPECS"]
