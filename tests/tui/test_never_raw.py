"""Never raw: stored and remote text reaches the terminal as text, in every pane.

Every field a pane draws (handles, names, bios, post texts, notes, tags,
drafts, pending handles) holds hostile text here: OSC title, hyperlink and
clipboard sequences, CSI, DCS, 8-bit C1 controls, BEL, NUL and bidi
overrides. Each pane is drawn and its screen checked for control characters.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from textual.pilot import Pilot

from engage_tui.config import Config
from engage_tui.domain import Draft, Notification, NotificationKind, Person, Post
from engage_tui.platforms.base import PullResult
from engage_tui.store import Store
from engage_tui.tui.app import EngageApp
from engage_tui.tui.widgets.inbox_row import handle_text, person_label
from tests.tui.helpers import go_to, inbox_ready, until
from tests.tui.world import NOW, ago

SIZE = (140, 45)

# One of each: a title change (OSC 0/2), a hyperlink (OSC 8), a clipboard write
# (OSC 52), a screen clear and colour (CSI), a device control string (DCS),
# 8-bit C1 controls (CSI and OSC), BEL, NUL, and bidi overrides.
HOSTILE = (
    "\x1b]0;owned\x07\x1b]2;title\x1b\\\x1b]8;;http://evil\x1b\\link\x1b]8;;\x1b\\"
    "\x1b]52;c;cm0gLXJmIH4=\x07\x1b[2J\x1b[31mred\x1bP1$qm\x1b\\\x9b31m\x9d0;t\x9c"
    "\x07bell\x00nul\u202eevil\u202c\x85\x08"
)
FORBIDDEN = frozenset(
    [chr(c) for c in range(0x20) if c != 0x0A]
    + [chr(c) for c in range(0x7F, 0xA0)]
    + [chr(c) for c in range(0x202A, 0x202F)]
)


def hostile(tag: str) -> str:
    return f"{tag}{HOSTILE}{tag}"


OWNER = Person("1", "owner", "Olive Owner", network="x")
EVIL = Person(
    "66", hostile("ev"), hostile("Eve Name"), bio=hostile("bio"), followers_count=10, network="x"
)
POST = Post(
    "500", "66", "@owner " + hostile("post"), ago(minutes=5), mentions=("owner",), network="x"
)
MINE = Post("501", "1", hostile("mine"), ago(hours=2), network="x")


def hostile_store(path: Path) -> Store:
    store = Store.open(path)
    store.sync_state.meta_set("owner_id:x", "1")
    events = [
        Notification(
            "n-m", NotificationKind.MENTION, "66", POST.created_at, post_id="500", network="x"
        ),
        Notification(
            "n-l", NotificationKind.LIKE, "66", ago(hours=1), subject_id="501", network="x"
        ),
        Notification("n-f", NotificationKind.FOLLOW, "66", ago(hours=3), network="x"),
        Notification(
            "n-o", NotificationKind.OTHER, "66", ago(hours=4), raw_kind=hostile("kind"), network="x"
        ),
    ]
    store.sync_state.apply_pull(
        "fixture", PullResult(events=events, people=[OWNER, EVIL], posts=[POST, MINE]), NOW
    )
    store.prospects.add("66", ago(days=20))
    store.prospects.add(None, ago(days=2), pending_handle=hostile("pend"))
    store.prospects.set_notes("66", hostile("notes"), ago(days=1))
    store.prospects.set_tags("66", [hostile("tag")])
    store.drafts.save(
        Draft(
            key="reply:500",
            text=hostile("draft"),
            updated_at=ago(minutes=1),
            target_post_id="500",
            person_id="66",
        )
    )
    store.drafts.save(
        Draft(key="thank:66", text=hostile("thanks"), updated_at=ago(minutes=2), person_id="66")
    )
    return store


def leaks(app: EngageApp) -> list[str]:
    screen = app.export_screenshot()
    return sorted({repr(c) for c in screen if c in FORBIDDEN})


def screen_text(app: EngageApp) -> str:
    """The words on the screen, read from its screenshot."""
    svg = app.export_screenshot()
    return html.unescape("".join(re.findall(r">([^<]*)</text>", svg))).replace("\xa0", " ")


async def _shown(pilot: Pilot[Any], what: str, screen: str, *fields: str) -> None:
    """Wait until the pane is up and draws the hostile ``fields`` (their tags),
    so the check below reads a screen that holds them, then check it."""
    app = pilot.app
    assert isinstance(app, EngageApp)

    def drawn() -> bool:
        words = screen_text(app)
        return type(app.screen).__name__ == screen and all(f in words for f in fields)

    await until(pilot, drawn, what)
    assert leaks(app) == [], f"control characters reach the screen in {what}"


async def test_no_pane_lets_a_control_character_reach_the_terminal(tmp_path: Path) -> None:
    store = hostile_store(tmp_path / "engage.db")
    app = EngageApp(Config(), store, None, clock=lambda: NOW)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await inbox_ready(pilot)
            await _shown(pilot, "the inbox", "InboxScreen", "Eve Name", "post", "mine", "kind")
            await go_to(pilot, "n-m")
            await pilot.press("enter")
            await _shown(pilot, "the conversation", "ConversationScreen", "Eve Name", "post")
            await pilot.press("escape")
            await pilot.press("P")
            await _shown(pilot, "the person view", "PersonScreen", "bio", "notes", "tag")
            await pilot.press("escape")
            await pilot.press("r")
            await until(pilot, lambda: bool(app.screen.query("#composer-text")), "composer")
            await pilot.press(*" @ev")
            await _shown(pilot, "the composer and its completions", "InboxScreen", "draft", "tab: ")
            await pilot.press("escape")
            for key, pane, screen, field in (
                ("2", "prospects", "ProspectsScreen", "pend"),
                ("3", "drafts", "DraftsScreen", "thanks"),
                ("4", "today", "TodayScreen", "thanks"),
            ):
                await pilot.press(key)
                await _shown(pilot, f"the {pane} pane", screen, field)
            await pilot.press("1", "slash")
            await pilot.press(*"post")
            await pilot.press("enter")
            await _shown(pilot, "search", "SearchScreen", "post")
    finally:
        store.close()


CONTROL_HEAVY = st.text(
    alphabet=st.sampled_from(sorted(FORBIDDEN | set("ab@_[]; \n\\"))), max_size=60
)


@given(handle=CONTROL_HEAVY, name=CONTROL_HEAVY)
def test_a_person_label_never_carries_a_control_character(handle: str, name: str) -> None:
    person = EVIL._replace(handle=handle, name=name)
    assert not FORBIDDEN & set(person_label(person))
    assert not FORBIDDEN & set(handle_text(handle))
