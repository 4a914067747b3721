"""Horizontal bars from plain block characters, eighths for the fractional end."""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size

_EIGHTHS = " ▏▎▍▌▋▊▉"
FULL = "█"


def bar(value: float, top: float, width: int) -> str:
    """A bar ``width`` cells long at ``top``; a non-zero value shows at least a sliver."""
    if top <= 0 or value <= 0:
        return ""
    eighths = max(1, round(value / top * width * 8))
    whole, part = divmod(eighths, 8)
    return FULL * whole + (_EIGHTHS[part] if part else "")


def bar_lines(
    labels: list[str], values: list[int], width: int = 20, room: int | None = None
) -> list[str]:
    """ "@ana        ██████▍ 12" lines, labels padded to the longest (up to 16).

    With ``room`` (cells), every line fits in it: the bars shrink first (to
    3 cells), then the labels, each cut with an ellipsis, never silently;
    the counts are always whole."""
    if not values:
        return []
    top = max(values)
    pad = min(16, max(cell_len(label) for label in labels))
    digits = max(len(str(value)) for value in values)
    if room is not None:
        width = max(3, min(width, room - pad - 2 - digits))
        pad = min(pad, max(4, room - width - 2 - digits))
    return [
        f"{_cut(label, pad)} {bar(value, top, width):<{width}} {value}"
        for label, value in zip(labels, values, strict=True)
    ]


def _cut(label: str, width: int) -> str:
    """``label`` in exactly ``width`` cells: padded, or cut with an ellipsis."""
    if cell_len(label) > width:
        return set_cell_size(label, width - 1) + "…"
    return label + " " * (width - cell_len(label))
