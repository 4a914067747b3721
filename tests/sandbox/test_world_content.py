"""The seeded world holds the awkward text and the inbox a first sync needs."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from datetime import timedelta

from engage_tui.sandbox import Sandbox

from .sandbox_support import CLOCK


def _texts(sandbox: Sandbox) -> list[str]:
    return [p.text for p in sandbox.world.posts.values()]


def _any(sandbox: Sandbox, test: Callable[[str], bool]) -> bool:
    return any(test(text) for text in _texts(sandbox))


def test_emoji_with_zwj_sequences_and_skin_tones(sandbox: Sandbox) -> None:
    assert _any(sandbox, lambda t: "\u200d" in t)
    assert _any(sandbox, lambda t: any("\U0001f3fb" <= ch <= "\U0001f3ff" for ch in t))


def test_cjk_arabic_and_hebrew(sandbox: Sandbox) -> None:
    assert _any(sandbox, lambda t: any("\u4e00" <= ch <= "\u9fff" for ch in t))
    assert _any(sandbox, lambda t: any(unicodedata.bidirectional(ch) == "AL" for ch in t))
    assert _any(sandbox, lambda t: any("\u0590" <= ch <= "\u05ff" for ch in t))


def test_rich_markup_and_terminal_escapes(sandbox: Sandbox) -> None:
    assert _any(sandbox, lambda t: "[bold red]x[/]" in t)
    assert _any(sandbox, lambda t: "\x1b[2J" in t and "\x1b]0;pwned\x07" in t)


def test_links_are_tco_with_entities(sandbox: Sandbox) -> None:
    linked = [p for p in sandbox.world.posts.values() if p.entities.get("urls")]
    assert linked
    assert all(
        str(u["url"]).startswith("https://t.co/") for p in linked for u in p.entities["urls"]
    )


def test_a_protected_account_and_a_deleted_post(sandbox: Sandbox) -> None:
    assert any(u.protected for u in sandbox.world.users.values())
    assert any(p.deleted for p in sandbox.world.posts.values())


def test_a_long_thread_by_the_owner(sandbox: Sandbox) -> None:
    world = sandbox.world
    own = [world.posts[pid] for pid in world.posts_by_author[world.owner_id]]
    by_conversation: dict[int, int] = {}
    for post in own:
        by_conversation[post.conversation_id] = by_conversation.get(post.conversation_id, 0) + 1
    assert max(by_conversation.values()) >= 8


def test_a_first_sync_has_recent_engagement_of_every_kind(sandbox: Sandbox) -> None:
    world = sandbox.world
    since = CLOCK - timedelta(days=4)
    me = world.owner_id
    mine = set(world.posts_by_author[me])
    recent = [p for p in world.posts.values() if p.created_at >= since and not p.deleted]
    assert any(
        me in [world.user_id_of(str(m["username"])) for m in p.entities.get("mentions", [])]
        and not p.referenced
        for p in recent
    )
    assert any(p.in_reply_to_user_id == me for p in recent)
    assert any(p.referenced_id("quoted") in mine for p in recent)
    assert any(p.referenced_id("retweeted") in mine for p in recent)
    assert any(e.at >= since for pid in mine for e in world.likes.get(pid, {}).values())
    assert any(e.at >= since for e in world.followers[me].values())
    assert any(e.at >= since for e in world.memberships[me].values())
