"""Builds the seeded starting world: same seed and start time give the same world."""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta

from engage_tui.sandbox import corpus
from engage_tui.sandbox.clock import WorldClock
from engage_tui.sandbox.ids import snowflake
from engage_tui.sandbox.world import Post, User, World, XList


@dataclass(frozen=True, slots=True)
class WorldSpec:
    """How big the simulated world is."""

    followers: int = 3000
    own_posts: int = 120
    prospects: int = 12
    influencers: int = 6
    # Accounts that talk to the owner without following.
    others: int = 40
    # Engagement already waiting when a first sync runs.
    history_days: int = 4
    mentions: int = 10
    replies: int = 12
    quotes: int = 5
    reposts: int = 20
    list_adds: int = 3


def _ascii_handle(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in folded.lower() if ch.isalnum())


class _Builder:
    def __init__(self, world: World, rng: random.Random, spec: WorldSpec) -> None:
        self.world = world
        self.rng = rng
        self.spec = spec
        # The clock's start, not its "now": a clock that follows real time has
        # moved on by however long the build took to get here.
        self.now = world.clock.start

    def ago(self, *, days: float = 0, hours: float = 0, minutes: float = 0) -> datetime:
        moment = self.now - timedelta(days=days, hours=hours, minutes=minutes)
        return moment.replace(microsecond=(moment.microsecond // 1000) * 1000)

    def random_recent(self, days: float) -> datetime:
        return self.ago(minutes=self.rng.uniform(5, days * 24 * 60))

    def user(self, username: str, name: str, created: datetime, role: str, **extra: object) -> User:
        user = User(
            id=snowflake(created, self.world.next_seq()),
            username=username,
            name=name,
            created_at=created,
            role=role,
            **extra,  # type: ignore[arg-type]
        )
        return self.world.add_user(user)

    def unique_username(self, base: str) -> str:
        handle = (base or "maker")[:11]
        candidate = handle
        while candidate.lower() in self.world.by_username:
            candidate = f"{handle}{self.rng.randint(10, 9999)}"
        return candidate[:15]

    def person(self, role: str, created: datetime | None = None) -> User:
        rng = self.rng
        first = rng.choice(corpus.FIRST_NAMES)
        last = rng.choice(corpus.LAST_NAMES)
        name = f"{first} {last}{rng.choice(corpus.NAME_FLAIR)}"
        base = _ascii_handle(first) + rng.choice(["", "_", ""]) + _ascii_handle(last)[:6]
        if created is None:
            created = self.ago(days=rng.uniform(30, 16 * 365))
        return self.user(
            self.unique_username(base),
            name,
            created,
            role,
            description=" ".join(rng.sample(corpus.BIO_BITS, 2)),
            base_followers=rng.randint(3, 900),
            base_following=rng.randint(20, 1500),
            base_posts=rng.randint(5, 8000),
            base_likes=rng.randint(10, 20000),
        )


def build_world(seed: int, clock: WorldClock, spec: WorldSpec) -> World:
    world = World(clock, seed)
    rng = random.Random(f"engage-sandbox:{seed}")
    b = _Builder(world, rng, spec)

    owner = b.user(
        corpus.OWNER["username"],
        corpus.OWNER["name"],
        b.ago(days=11 * 365 + 40),
        "owner",
        description=corpus.OWNER["description"],
        location=corpus.OWNER["location"],
        url=corpus.OWNER["url"],
        base_following=310,
        base_posts=2400,
        base_likes=5100,
        base_listed=18,
    )
    world.owner_id = owner.id

    influencers = []
    for i in range(spec.influencers):
        if i < len(corpus.INFLUENCERS):
            username, name, bio, _lang = corpus.INFLUENCERS[i]
        else:
            username, name, bio = f"marketer{i}", f"Marketer {i}", "Marketing voice."
        influencers.append(
            b.user(
                username,
                name,
                b.ago(days=rng.uniform(9 * 365, 15 * 365)),
                "influencer",
                description=bio,
                verified=True,
                verified_type="blue",
                base_followers=rng.randint(40_000, 400_000),
                base_following=rng.randint(200, 2000),
                base_posts=rng.randint(5_000, 60_000),
                base_likes=rng.randint(5_000, 90_000),
                base_listed=rng.randint(200, 3000),
            )
        )

    prospects: list[tuple[User, str]] = []
    for i in range(spec.prospects):
        if i < len(corpus.PROSPECTS):
            username, name, bio, lang = corpus.PROSPECTS[i]
        else:
            username, name, bio, lang = f"maker_{i}", f"Maker {i}", "Small shop.", "en"
        prospects.append(
            (
                b.user(
                    username,
                    name,
                    b.ago(days=rng.uniform(2 * 365, 10 * 365)),
                    "prospect",
                    description=bio,
                    protected=username == corpus.PROTECTED_PROSPECT,
                    base_followers=rng.randint(200, 3000),
                    base_following=rng.randint(100, 900),
                    base_posts=rng.randint(300, 6000),
                    base_likes=rng.randint(500, 9000),
                    base_listed=rng.randint(1, 40),
                ),
                lang,
            )
        )

    # Followers arrive oldest first, so the newest follow carries the largest sequence.
    follow_times = sorted(
        [b.ago(days=rng.uniform(spec.history_days, 3 * 365)) for _ in range(spec.followers)]
    )
    recent = min(40, spec.followers)
    follow_times[len(follow_times) - recent :] = sorted(
        b.random_recent(spec.history_days) for _ in range(recent)
    )
    followers: list[User] = []
    for at in follow_times:
        follower = b.person("follower", created=at - timedelta(days=rng.uniform(1, 2000)))
        world.follow(follower.id, owner.id, at)
        followers.append(follower)
    others = [b.person("other") for _ in range(spec.others)]

    for user in influencers:
        world.follow(owner.id, user.id, b.ago(days=rng.uniform(100, 900)))
    for user, _ in prospects:
        if not user.protected:
            world.follow(owner.id, user.id, b.ago(days=rng.uniform(10, 300)))

    own_posts = _owner_posts(b, owner)
    _timeline_posts(b, influencers, prospects, followers)
    _history(b, owner, own_posts, followers, others, prospects, influencers)
    return world


def _owner_posts(b: _Builder, owner: User) -> list[Post]:
    world, rng, spec = b.world, b.rng, b.spec
    plain = max(spec.own_posts - len(corpus.THREAD) - 1, 0)
    times = sorted(b.ago(days=rng.uniform(0.2, 60)) for _ in range(plain))
    posts: list[Post] = []
    for i, at in enumerate(times):
        text = corpus.OWNER_POSTS[i % len(corpus.OWNER_POSTS)]
        if i >= len(corpus.OWNER_POSTS):
            text = f"Tip #{i + 1}: {text}"
        posts.append(world.add_post(owner.id, text, at, impressions=rng.randint(200, 6000)))
    # A long thread two days back, each part answering the one before.
    at = b.ago(days=2, hours=3)
    parent: Post | None = None
    for part in corpus.THREAD:
        post = world.add_post(
            owner.id,
            part,
            at,
            reply_to=None if parent is None else parent.id,
            impressions=rng.randint(800, 9000),
        )
        posts.append(post)
        parent = post
        at += timedelta(minutes=1)
    owner.pinned_tweet_id = posts[-len(corpus.THREAD)].id
    posts.sort(key=lambda post: post.id)
    return posts


def _timeline_posts(
    b: _Builder,
    influencers: list[User],
    prospects: list[tuple[User, str]],
    followers: list[User],
) -> None:
    world, rng = b.world, b.rng
    for user in influencers:
        for _ in range(10):
            text = rng.choice(corpus.INFLUENCER_POSTS)
            at = b.random_recent(7)
            world.add_post(user.id, text, at, impressions=rng.randint(5000, 90000))
    for user, lang in prospects:
        pool = corpus.PROSPECT_POSTS.get(lang, corpus.PROSPECT_POSTS["en"])
        english = corpus.PROSPECT_POSTS["en"]
        for i in range(6):
            text = pool[i % len(pool)] if i % 3 != 2 else english[(i + user.id) % len(english)]
            world.add_post(user.id, text, b.random_recent(7), lang=lang if i % 3 != 2 else "en")
    for user in followers[-30:]:
        world.add_post(user.id, rng.choice(corpus.FOLLOWER_POST_TEXTS), b.random_recent(7))


def _history(
    b: _Builder,
    owner: User,
    own_posts: list[Post],
    followers: list[User],
    others: list[User],
    prospects: list[tuple[User, str]],
    influencers: list[User],
) -> None:
    world, rng, spec = b.world, b.rng, b.spec
    days = spec.history_days
    talkers = followers[-200:] + others
    recent_posts = [p for p in own_posts if p.created_at > b.ago(days=14)] or own_posts[-5:]

    # A reply to a post the owner then deleted: expansions of it give partial errors.
    doomed = world.add_post(owner.id, corpus.DELETED_OWNER_POST, b.ago(days=days - 0.5))
    world.add_post(
        rng.choice(talkers).id,
        f"@{owner.username} which link? 😅",
        b.ago(days=days - 0.6),
        reply_to=doomed.id,
    )
    world.delete_post(doomed.id)

    for i in range(spec.mentions):
        text = corpus.MENTION_TEXTS[i % len(corpus.MENTION_TEXTS)].format(owner=owner.username)
        world.add_post(rng.choice(talkers).id, text, b.random_recent(days))
    for i in range(spec.replies):
        target = rng.choice(recent_posts)
        at = max(target.created_at + timedelta(minutes=rng.uniform(2, 600)), b.ago(days=days))
        if at >= b.now:
            at = b.ago(minutes=rng.uniform(1, 60))
        text = corpus.REPLY_TEXTS[i % len(corpus.REPLY_TEXTS)].format(owner=owner.username)
        world.add_post(rng.choice(talkers).id, text, at, reply_to=target.id)
    # Prospects who summon the owner: a mention and a quote the owner may answer by API.
    if prospects:
        first = prospects[0][0]
        world.add_post(
            first.id,
            f"@{owner.username} ありがとう! your post on market signups helped us 🙏🏻",
            b.random_recent(days),
        )
    for i in range(spec.quotes):
        quoter = (
            prospects[i % len(prospects)][0] if i % 2 == 0 and prospects else rng.choice(talkers)
        )
        target = rng.choice(recent_posts)
        at = max(target.created_at + timedelta(minutes=5), b.ago(days=days))
        if at >= b.now:
            at = b.ago(minutes=rng.uniform(1, 60))
        world.add_post(
            quoter.id,
            corpus.QUOTE_TEXTS[i % len(corpus.QUOTE_TEXTS)].format(owner=owner.username),
            at,
            quote_of=target.id,
        )

    likers = followers[-400:]
    for post in own_posts[-25:]:
        for liker in rng.sample(likers, min(len(likers), rng.randint(0, 15))):
            at = max(post.created_at + timedelta(minutes=rng.uniform(1, 900)), b.ago(days=days))
            world.like(liker.id, post.id, min(at, b.ago(minutes=1)))
    # Likes on posts that mention the owner ("liked a post you were mentioned in").
    for post_id in list(world.mentions_of.get(owner.id, []))[-6:]:
        for liker in rng.sample(likers, min(len(likers), rng.randint(1, 4))):
            world.like(liker.id, post_id, b.ago(minutes=rng.uniform(1, 600)))
    for _ in range(spec.reposts):
        post = rng.choice(recent_posts)
        at = max(post.created_at + timedelta(minutes=rng.uniform(1, 900)), b.ago(days=days))
        world.add_retweet(rng.choice(likers).id, post.id, min(at, b.ago(minutes=1)))

    # Lists: one the owner keeps, a few older memberships, and some fresh adds.
    mine = world.add_list(
        XList(
            id=snowflake(b.ago(days=200), world.next_seq()),
            name="Small biz friends",
            owner_id=owner.id,
            created_at=b.ago(days=200),
            description="Shops I cheer for",
        )
    )
    for user, _ in prospects[:4]:
        world.add_member(mine.id, user.id, b.ago(days=rng.uniform(20, 190)))
    curators = influencers + followers[-60:]
    adds = sorted(
        [b.ago(days=rng.uniform(days + 1, 700)) for _ in range(5)]
        + [b.random_recent(days) for _ in range(spec.list_adds)]
    )
    for i, at in enumerate(adds):
        curator = curators[i % len(curators)] if i % 2 else rng.choice(curators)
        created = at - timedelta(days=rng.uniform(0, 30))
        xlist = world.add_list(
            XList(
                id=snowflake(created, world.next_seq()),
                name=corpus.LIST_NAMES[i % len(corpus.LIST_NAMES)],
                owner_id=curator.id,
                created_at=created,
                follower_count=rng.randint(0, 300),
            )
        )
        world.add_member(xlist.id, owner.id, at)
