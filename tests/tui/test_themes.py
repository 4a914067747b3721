"""Every theme engage offers keeps every inbox column readable (WCAG AA, 4.5:1)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from rich.color import Color as RichColor
from rich.segment import Segment
from textual.color import Color
from textual.filter import Monochrome
from textual.pilot import Pilot
from textual.strip import Strip
from textual.theme import BUILTIN_THEMES

from engage_tui.store import Store
from engage_tui.tui.app import EngageApp
from engage_tui.tui.choices import OFFERED_THEMES
from engage_tui.tui.widgets.inbox_list import InboxList
from engage_tui.tui.widgets.inbox_row import is_new
from tests.tui.conftest import make_app
from tests.tui.helpers import inbox_ready, settle

AA = 4.5
SIZE = (120, 40)


def luminance(color: RichColor) -> float:
    """WCAG 2 relative luminance of a resolved colour."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    red, green, blue = color.get_truecolor()
    return 0.2126 * channel(red) + 0.7152 * channel(green) + 0.0722 * channel(blue)


def contrast(fg: RichColor, bg: RichColor) -> float:
    """WCAG 2 contrast ratio of two resolved colours."""
    lighter, darker = sorted((luminance(fg), luminance(bg)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_contrast_matches_wcag_reference_values() -> None:
    # Black on white is the scale's top; #767676 on white is the AA boundary.
    assert contrast(RichColor.parse("#000000"), RichColor.parse("#ffffff")) == pytest.approx(21)
    assert contrast(RichColor.parse("#767676"), RichColor.parse("#ffffff")) == pytest.approx(
        4.54, abs=0.01
    )


def segment_contrast(segment: Segment) -> float:
    """The contrast of a drawn segment's ink on its background (both must be set)."""
    style = segment.style
    assert style is not None and style.color is not None and style.bgcolor is not None, segment
    return contrast(style.color, style.bgcolor)


def inked(strip: Strip) -> list[Segment]:
    """The segments that draw something (not the padding between columns)."""
    return [s for s in strip if s.text.strip()]


async def rendered_rows(pilot: Pilot[Any], listing: InboxList) -> list[tuple[str, Strip]]:
    """Every row on screen as drawn, each once plain and once under the cursor,
    with the list focused and not."""
    out = []
    rows = min(len(listing.rows), listing.size.height)
    for focused in (True, False):
        if focused:
            listing.focus()
        else:
            pilot.app.set_focus(None)
        for cursor in (0, 1):
            listing.cursor = cursor
            listing.clear_line_cache()
            await pilot.pause()
            for y in range(rows):
                where = f"row {y}, {'selected' if y == cursor else 'plain'}, focused={focused}"
                out.append((where, listing.render_line(y)))
    return out


def test_offered_themes_are_textual_themes() -> None:
    assert set(OFFERED_THEMES) <= set(BUILTIN_THEMES)
    assert "textual-light" in OFFERED_THEMES and "textual-dark" in OFFERED_THEMES


@pytest.mark.parametrize("theme", OFFERED_THEMES)
async def test_every_inbox_column_meets_aa_contrast(store: Store, theme: str) -> None:
    app = make_app(store, theme=theme)
    async with app.run_test(size=SIZE) as pilot:
        listing = await inbox_ready(pilot)
        assert app.theme == theme
        assert any(is_new(r) for r in listing.rows)  # the mark is measured too
        weak = [
            (
                where,
                segment.text.strip(),
                round(segment_contrast(segment), 2),
            )
            for where, strip in await rendered_rows(pilot, listing)
            for segment in inked(strip)
            if segment_contrast(segment) < AA
        ]
        assert weak == []


async def test_only_offered_themes_can_be_chosen(app: EngageApp) -> None:
    async with app.run_test(size=SIZE):
        assert set(app.available_themes) == set(OFFERED_THEMES)


async def test_with_no_color_the_selected_row_still_shows_the_unread_mark(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        listing = await inbox_ready(pilot)
        assert app.no_color
        listing.focus()
        await settle(pilot)
        assert is_new(listing.rows[listing.cursor])
        # What NO_COLOR sends to the terminal: Textual's monochrome filter.
        grey = Monochrome().apply(list(listing.render_line(0)), Color(0, 0, 0))
        mark = next(s for s in grey if s.text.strip() == "●")
        assert segment_contrast(mark) >= AA


@pytest.mark.parametrize("theme", OFFERED_THEMES)
def test_theme_snapshot(snap_compare, store: Store, theme: str) -> None:
    app = make_app(store, theme=theme)

    async def ready(pilot: Pilot[Any]) -> None:
        await inbox_ready(pilot)
        await pilot.press("j")
        await settle(pilot)

    assert snap_compare(app, terminal_size=(100, 16), run_before=ready)


def test_configuration_doc_lists_the_offered_themes() -> None:
    doc = (Path(__file__).resolve().parents[2] / "docs" / "configuration.md").read_text("utf-8")
    row = next(line for line in doc.splitlines() if line.startswith("| `theme` |"))
    assert row.count(", ") + 1 >= len(OFFERED_THEMES)
    assert [t for t in OFFERED_THEMES if t not in row] == []
