"""Keys typed while the composer reads its saved words act after them, in the
order typed, even when the read ends with later keys already in the text
area's queue (a fast typist on a busy machine: "closing now" was saved as
"osing nowcl")."""

from __future__ import annotations

import asyncio

from hypothesis import given, settings
from hypothesis import strategies as st
from textual.app import App, ComposeResult

from engage_tui.tui.widgets.composer_text import ComposerText
from tests.tui.burst import key_event
from tests.tui.helpers import until


class _OneArea(App[None]):
    def compose(self) -> ComposeResult:
        yield ComposerText("", is_open=lambda: True)


def _type(area: ComposerText, text: str) -> None:
    """Put each key of ``text`` in the area's queue before it handles the first."""
    for character in text:
        area.post_message(key_event(character))


async def _typed_around_a_release(before: str, queued: str, after: str) -> tuple[str, list[str]]:
    """Hold; type ``before``; with ``queued`` waiting in the queue, release;
    type ``after``; ask for the words as a ctrl+s does. Returns the words and
    what the waiting action saw."""
    app = _OneArea()
    seen: list[str] = []
    async with app.run_test() as pilot:
        area = app.query_one(ComposerText)
        area.focus()
        area.hold()
        _type(area, before)
        await pilot.pause()
        _type(area, queued)
        area.release()
        _type(area, after)
        area.after_typed(lambda: seen.append(area.text))
        await until(pilot, lambda: bool(seen) and not area.held, "the held keys acted")
        return area.text, seen


async def test_keys_already_queued_at_the_release_act_after_the_held_ones() -> None:
    text, seen = await _typed_around_a_release("cl", "osing now", "")
    assert text == "closing now"
    assert seen == ["closing now"]


async def test_an_action_asked_for_while_held_waits_for_keys_still_in_the_queue() -> None:
    app = _OneArea()
    seen: list[str] = []
    async with app.run_test() as pilot:
        area = app.query_one(ComposerText)
        area.focus()
        area.hold()
        # ctrl+s runs at the App while the keys typed before it still wait here.
        _type(area, "thanks")
        area.after_typed(lambda: seen.append(area.text))
        await pilot.pause()
        area.release()
        await until(pilot, lambda: bool(seen), "the action after the keys")
    assert seen == ["thanks"]


_WORDS = st.text(alphabet="abc xyz,.!", max_size=12)


@settings(max_examples=25)
@given(before=_WORDS, queued=_WORDS, after=_WORDS)
def test_whatever_is_typed_around_a_release_is_kept_in_order(
    before: str, queued: str, after: str
) -> None:
    text, seen = asyncio.run(_typed_around_a_release(before, queued, after))
    assert text == before + queued + after
    assert seen == [before + queued + after]


class _ClosingArea(App[None]):
    """A text area whose composer is closed until the test opens it again."""

    def __init__(self) -> None:
        super().__init__()
        self.open = False

    def compose(self) -> ComposeResult:
        yield ComposerText("", is_open=lambda: self.open)


async def test_keys_typed_after_a_close_are_the_next_openings_words_in_order() -> None:
    # ctrl+s closed the composer and the flow opens it again for the next
    # item while the keys typed after ctrl+s in the same burst still reach
    # the area: those typed before the opening were sent back through the
    # app and came back behind the later ones (" gladSo").
    app = _ClosingArea()
    async with app.run_test() as pilot:
        area = app.query_one(ComposerText)
        area.focus()
        await pilot.pause()

        def open_again() -> None:
            app.open = True
            area.hold()

        _type(area, "So")
        area.call_later(open_again)
        _type(area, " glad")
        for _ in range(5):
            await pilot.pause()
        area.release()
        await until(pilot, lambda: not area.held, "the held keys acted")
        assert area.text == "So glad"
