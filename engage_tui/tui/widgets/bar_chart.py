"""Horizontal bars from plain block characters, eighths for the fractional end."""

from __future__ import annotations

_EIGHTHS = " ▏▎▍▌▋▊▉"
FULL = "█"


def bar(value: float, top: float, width: int) -> str:
    """A bar ``width`` cells long at ``top``; a non-zero value shows at least a sliver."""
    if top <= 0 or value <= 0:
        return ""
    eighths = max(1, round(value / top * width * 8))
    whole, part = divmod(eighths, 8)
    return FULL * whole + (_EIGHTHS[part] if part else "")


def bar_lines(labels: list[str], values: list[int], width: int = 20) -> list[str]:
    """ "@ana        ██████▍ 12" lines, labels padded to the longest (up to 16)."""
    if not values:
        return []
    top = max(values)
    pad = min(16, max(len(label) for label in labels))
    return [
        f"{label[:pad]:<{pad}} {bar(value, top, width):<{width}} {value}"
        for label, value in zip(labels, values, strict=True)
    ]
