"""Small readers over the sandbox's own record and the store, shared by tests."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from engage_tui.domain import (
    ActionKind,
    ActionRequest,
    Draft,
    NotificationKind,
    OutboxItem,
    Person,
    Post,
)
from engage_tui.store import Store
from tests.sync.conftest import World


def owner_id(world: World) -> str:
    return str(world.state()["owner"]["id"])


def newest_owner_post(world: World) -> str:
    posts = world.owner_posts()
    originals = [p for p in posts if not p.get("referenced_tweets") and not p.get("deleted")]
    return max(originals, key=lambda p: int(p["id"]))["id"]


def users_with_role(world: World, role: str) -> list[dict[str, Any]]:
    return [u for u in world.state()["users"] if u["role"] == role]


def non_followers(world: World) -> list[dict[str, Any]]:
    state = world.state()
    me = str(state["owner"]["id"])
    following_me = {str(f["follower_id"]) for f in state["follows"] if str(f["user_id"]) == me}
    return [u for u in state["users"] if u["role"] != "owner" and str(u["id"]) not in following_me]


def notification_ids(store: Store) -> list[str]:
    rows = store.inbox.window(limit=10_000, include_done=True, group=False)
    return [row.notification.id for row in rows]


def kinds_in_inbox(store: Store) -> dict[str, int]:
    counts: dict[str, int] = {}
    for row in store.inbox.window(limit=10_000, include_done=True, group=False):
        kind = row.notification.kind.value
        counts[kind] = counts.get(kind, 0) + 1
    return counts


def replies_to(world: World, target_id: str, text: str) -> list[dict[str, Any]]:
    """The owner's live posts answering ``target_id`` with ``text``: the sandbox's truth."""
    out = []
    for post in world.owner_posts():
        if post.get("deleted"):
            continue
        refs = post.get("referenced_tweets") or []
        replied = any(r.get("type") == "replied_to" and r.get("id") == target_id for r in refs)
        if replied and post["text"].endswith(text):
            out.append(post)
    return out


# Every kind X makes: a prospect's new post comes only where the network
# tells for free (Mastodon, Bluesky), never from X.
ALL_KINDS = frozenset(NotificationKind) - {NotificationKind.OTHER, NotificationKind.NEW_POST}


def a_mention(store: Store) -> Post:
    """A post that mentions the owner: X lets the API answer it (summoned)."""
    rows = store.inbox.window(
        limit=500, kinds=frozenset({NotificationKind.MENTION}), include_done=True, group=False
    )
    for row in rows:
        if row.post is not None and not row.post.deleted:
            return row.post
    raise AssertionError("no mention in the inbox")


def mentions(store: Store, count: int) -> list[Post]:
    rows = store.inbox.window(
        limit=500, kinds=frozenset({NotificationKind.MENTION}), include_done=True, group=False
    )
    posts = [r.post for r in rows if r.post is not None and not r.post.deleted]
    assert len(posts) >= count, "not enough mentions in the inbox"
    return posts[:count]


def queue_reply(
    store: Store, world: World, target: Post, text: str, *, delay: float = 5.0
) -> OutboxItem:
    """What the composer does: the words saved as a draft, then queued."""
    now = world.clock()
    key = f"reply:{target.id}"
    store.drafts.save(
        Draft(
            key=key, text=text, updated_at=now, target_post_id=target.id, person_id=target.author_id
        )
    )
    return store.outbox.enqueue(
        ActionRequest(
            ActionKind.REPLY,
            send_after=now + timedelta(seconds=delay),
            target_post_id=target.id,
            person_id=target.author_id,
            text=text,
            draft_key=key,
            at=now,
            network="x",
        )
    )


def queue_like(store: Store, world: World, target: Post, *, delay: float = 5.0) -> OutboxItem:
    now = world.clock()
    return store.outbox.enqueue(
        ActionRequest(
            ActionKind.LIKE,
            send_after=now + timedelta(seconds=delay),
            target_post_id=target.id,
            person_id=target.author_id,
            at=now,
            network="x",
        )
    )


def a_prospect_post(world: World, store: Store) -> Post:
    """A post by someone on the watchlist that does not mention the owner."""
    handle = world.state()["owner"]["username"]
    prospect = next(u for u in world.state()["users"] if u["role"] == "prospect")
    answer = world.event(
        "post", prospect["username"], text="Pricing pages should show one plan first."
    )
    post_id = str(answer["post_id"])
    store.people.upsert(
        [
            Person(
                id=str(prospect["id"]),
                handle=prospect["username"],
                name=prospect["name"],
                network="x",
            )
        ]
    )
    store.people.upsert_posts(
        [
            Post(
                id=post_id,
                author_id=str(prospect["id"]),
                text="Pricing pages should show one plan first.",
                created_at=world.clock(),
                network="x",
            )
        ]
    )
    post = store.people.post(post_id)
    assert post is not None and handle not in post.mentions
    return post


def item(store: Store, item_id: int) -> OutboxItem:
    found = store.outbox.get(item_id)
    assert found is not None
    return found
