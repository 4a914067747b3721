"""What world users do: one action on demand, and a steady stream as the clock runs.

The stream draws from its own seeded generator in event order, so advancing
the clock by 120 s once or by 60 s twice produces the same world.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import Any

from engage_tui.sandbox import corpus
from engage_tui.sandbox.world import Post, User, World, XList

EVENT_KINDS = ("mention", "reply", "quote", "follow", "like", "repost", "list_add", "post")

# Relative frequency of each kind of event in the background stream.
_WEIGHTS = {
    "follow": 28,
    "like": 24,
    "post": 15,
    "reply": 10,
    "repost": 8,
    "mention": 8,
    "quote": 4,
    "list_add": 3,
}
# Average world seconds between two events.
MEAN_GAP_SECONDS = 90.0


class ActionError(ValueError):
    """A requested action cannot happen (unknown actor, missing target, ...)."""


def _owner_recent(world: World, viewer: int | None = None) -> list[Post]:
    ids = world.posts_by_author.get(world.owner_id, [])
    recent = [world.posts[pid] for pid in ids[-30:]]
    return [p for p in recent if not p.deleted and not p.is_retweet]


def perform(
    world: World,
    kind: str,
    actor: User,
    at: datetime,
    *,
    rng: random.Random,
    text: str | None = None,
    target_id: int | None = None,
) -> dict[str, Any]:
    """Make ``actor`` do one thing at ``at``; return the ids it created. Caller holds the lock."""
    owner = world.owner
    if kind not in EVENT_KINDS:
        raise ActionError(f"unknown event kind {kind!r}; use one of {', '.join(EVENT_KINDS)}")

    def target_post() -> Post:
        if target_id is not None:
            post = world.posts.get(target_id)
            if post is None or post.deleted:
                raise ActionError(f"no post with id {target_id}")
            return post
        recent = _owner_recent(world)
        if not recent:
            raise ActionError("the owner has no posts to act on")
        # Newer posts draw more engagement.
        return rng.choices(recent, weights=range(1, len(recent) + 1))[0]

    if kind == "follow":
        followee = owner if target_id is None else world.users.get(target_id)
        if followee is None:
            raise ActionError(f"no user with id {target_id}")
        world.follow(actor.id, followee.id, at)
        return {"follower_id": str(actor.id), "user_id": str(followee.id)}
    if kind == "like":
        post = target_post()
        world.like(actor.id, post.id, at)
        return {"post_id": str(post.id), "user_id": str(actor.id)}
    if kind == "repost":
        post = target_post()
        retweet = world.add_retweet(actor.id, post.id, at)
        return {"post_id": str(post.id), "retweet_id": str(retweet.id)}
    if kind == "mention":
        body = text or rng.choice(corpus.MENTION_TEXTS).format(owner=owner.username)
        if f"@{owner.username}".lower() not in body.lower():
            body = f"@{owner.username} {body}"
        post = world.add_post(actor.id, body, at)
        return {"post_id": str(post.id)}
    if kind == "reply":
        parent = target_post()
        author = world.users[parent.author_id]
        body = text or rng.choice(corpus.REPLY_TEXTS).format(owner=author.username)
        if not body.lower().startswith(f"@{author.username}".lower()):
            body = f"@{author.username} {body}"
        post = world.add_post(actor.id, body, at, reply_to=parent.id)
        return {"post_id": str(post.id), "in_reply_to": str(parent.id)}
    if kind == "quote":
        quoted = target_post()
        body = text or rng.choice(corpus.QUOTE_TEXTS).format(owner=owner.username)
        post = world.add_post(actor.id, body, at, quote_of=quoted.id)
        return {"post_id": str(post.id), "quoted": str(quoted.id)}
    if kind == "list_add":
        member = owner if target_id is None else world.users.get(target_id)
        if member is None:
            raise ActionError(f"no user with id {target_id}")
        owned = sorted(lid for lid, xl in world.lists.items() if xl.owner_id == actor.id)
        list_id = next((lid for lid in owned if member.id not in world.lists[lid].members), None)
        if list_id is None:
            xlist = world.add_list(
                XList(
                    id=world.new_id(at),
                    name=rng.choice(corpus.LIST_NAMES),
                    owner_id=actor.id,
                    created_at=at,
                )
            )
            list_id = xlist.id
        world.add_member(list_id, member.id, at)
        return {"list_id": str(list_id), "user_id": str(member.id)}
    # kind == "post"
    body = text or _post_text_for(actor, rng)
    post = world.add_post(actor.id, body, at, lang="en")
    return {"post_id": str(post.id)}


def _post_text_for(actor: User, rng: random.Random) -> str:
    if actor.role == "influencer":
        return rng.choice(corpus.INFLUENCER_POSTS)
    if actor.role == "prospect":
        lang = next((p[3] for p in corpus.PROSPECTS if p[0] == actor.username), "en")
        return rng.choice(corpus.PROSPECT_POSTS.get(lang, corpus.PROSPECT_POSTS["en"]))
    return rng.choice(corpus.FOLLOWER_POST_TEXTS)


class ActivityStream:
    """Background engagement, generated lazily up to the world clock's "now"."""

    def __init__(self, world: World, seed: int) -> None:
        self.world = world
        self.rng = random.Random(f"engage-sandbox-activity:{seed}")
        # From the clock's start, not its "now" (which has run on in real
        # time while the world was built): the stream is then the same in
        # every rebuild of the world, to the millisecond.
        self.next_at = world.clock.start + self._gap()
        self._posters = sorted(
            (u for u in world.users.values() if u.role in ("prospect", "influencer")),
            key=lambda user: user.id,
        )

    def _gap(self) -> timedelta:
        seconds = self.rng.expovariate(1.0 / MEAN_GAP_SECONDS)
        return timedelta(milliseconds=max(1, int(seconds * 1000)))

    def catch_up(self, now: datetime) -> int:
        """Run every event due up to ``now``. Caller holds the lock."""
        count = 0
        while self.next_at <= now:
            self._one(self.next_at)
            self.next_at += self._gap()
            count += 1
        return count

    def _one(self, at: datetime) -> None:
        world, rng = self.world, self.rng
        kind = rng.choices(list(_WEIGHTS), weights=list(_WEIGHTS.values()))[0]
        with world.streaming():
            actor = self._actor_for(kind, at)
            try:
                perform(world, kind, actor, at, rng=rng)
            except ActionError:
                # Nothing to act on yet (e.g. the owner deleted everything): skip quietly.
                return

    def _actor_for(self, kind: str, at: datetime) -> User:
        world, rng = self.world, self.rng
        if kind == "follow":
            return self._newcomer(at)
        if kind == "post" and self._posters:
            return rng.choice(self._posters)
        # Insertion order is follow order: deterministic without sorting thousands each time.
        followers = list(world.followers.get(world.owner_id, {}))
        if not followers:
            return self._newcomer(at)
        return world.users[rng.choice(followers)]

    def _newcomer(self, at: datetime) -> User:
        rng, world = self.rng, self.world
        first = rng.choice(corpus.FIRST_NAMES)
        last = rng.choice(corpus.LAST_NAMES)
        handle = "".join(ch for ch in f"{first}{last}".lower() if ch.isascii() and ch.isalnum())
        handle = (handle or "maker")[:10]
        candidate = f"{handle}{rng.randint(10, 99999)}"
        while candidate.lower() in world.by_username:
            candidate = f"{handle}{rng.randint(10, 99999)}"
        created = at - timedelta(days=rng.uniform(1, 3000))
        return world.add_user(
            User(
                id=world.new_id(created),
                username=candidate[:15],
                name=f"{first} {last}{rng.choice(corpus.NAME_FLAIR)}",
                created_at=created,
                role="follower",
                description=" ".join(rng.sample(corpus.BIO_BITS, 2)),
                base_followers=rng.randint(3, 900),
                base_following=rng.randint(20, 1500),
                base_posts=rng.randint(5, 8000),
            )
        )
