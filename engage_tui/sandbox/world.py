"""The simulated world: people, posts, likes, reposts, follows and lists.

Callers hold ``World.lock`` around every mutation and every read that must be
consistent; the server is threaded. Ids are snowflakes of the creation time,
so every "newest first" order is a descending sort of ids or sequence numbers.
"""

from __future__ import annotations

import bisect
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from engage_tui.sandbox import entities
from engage_tui.sandbox.clock import WorldClock
from engage_tui.sandbox.ids import iso_ms, snowflake

# The background stream's ids use the upper half of a snowflake's 22-bit
# sequence: the world's own counter (its generation and the API's writes)
# stays far below it.
STREAM_SEQ_BASE = 1 << 21


@dataclass(slots=True)
class User:
    id: int
    username: str
    name: str
    created_at: datetime
    role: str  # owner, influencer, prospect, follower, other
    description: str = ""
    location: str = ""
    url: str = ""
    protected: bool = False
    verified: bool = False
    verified_type: str = "none"
    pinned_tweet_id: int | None = None
    # Counts from the world outside the simulation, added to what the world holds.
    base_followers: int = 0
    base_following: int = 0
    base_posts: int = 0
    base_likes: int = 0
    base_listed: int = 0

    @property
    def profile_image_url(self) -> str:
        return f"https://pbs.twimg.com/profile_images/{self.id}/avatar_normal.jpg"


@dataclass(slots=True)
class Post:
    id: int
    author_id: int
    text: str
    created_at: datetime
    conversation_id: int
    source_text: str  # what the author typed, before link wrapping
    links: dict[str, str] = field(default_factory=dict)
    entities: dict[str, list[dict[str, object]]] = field(default_factory=dict)
    in_reply_to_user_id: int | None = None
    referenced: list[tuple[str, int]] = field(default_factory=list)  # (type, post id)
    lang: str = "en"
    deleted: bool = False
    base_impressions: int = 0

    def referenced_id(self, kind: str) -> int | None:
        for ref_kind, ref_id in self.referenced:
            if ref_kind == kind:
                return ref_id
        return None

    @property
    def is_retweet(self) -> bool:
        return self.referenced_id("retweeted") is not None

    @property
    def is_reply(self) -> bool:
        return self.referenced_id("replied_to") is not None


@dataclass(slots=True)
class Edge:
    """One dated relation (a like, a follow, a list membership)."""

    seq: int
    at: datetime


@dataclass(slots=True)
class XList:
    id: int
    name: str
    owner_id: int
    created_at: datetime
    description: str = ""
    private: bool = False
    members: dict[int, Edge] = field(default_factory=dict)
    follower_count: int = 0


class World:
    """Everything that exists, with the indexes the routes read."""

    def __init__(self, clock: WorldClock, seed: int) -> None:
        self.lock = threading.RLock()
        self.clock = clock
        self.seed = seed
        self.owner_id = 0
        self._seq = 0
        # Ids the background stream makes come from a counter of its own, so
        # what the owner does through the API (a list, a reply) between two
        # of its events changes no id the stream gives later: a demo rebuilt
        # from its seed gives yesterday's people and posts the same ids.
        self._stream_seq = STREAM_SEQ_BASE
        self._streaming = False
        self.users: dict[int, User] = {}
        self.by_username: dict[str, int] = {}
        self.posts: dict[int, Post] = {}
        self.posts_by_author: dict[int, list[int]] = {}
        self.mentions_of: dict[int, list[int]] = {}
        self.all_post_ids: list[int] = []
        self.likes: dict[int, dict[int, Edge]] = {}
        self.likes_by_user: dict[int, int] = {}
        self.retweets: dict[int, dict[int, int]] = {}  # post -> {user: retweet post id}
        self.quotes: dict[int, list[int]] = {}
        self.replies: dict[int, list[int]] = {}
        self.followers: dict[int, dict[int, Edge]] = {}
        self.following: dict[int, set[int]] = {}
        self.lists: dict[int, XList] = {}
        self.memberships: dict[int, dict[int, Edge]] = {}
        self.followed_lists: dict[int, set[int]] = {}

    # -- identity ---------------------------------------------------------

    def next_seq(self) -> int:
        self._seq += 1
        return self._seq

    def new_id(self, moment: datetime) -> int:
        if self._streaming:
            self._stream_seq += 1
            return snowflake(moment, self._stream_seq)
        return snowflake(moment, self.next_seq())

    @contextmanager
    def streaming(self) -> Iterator[None]:
        """Ids made inside come from the background stream's own counter."""
        self._streaming = True
        try:
            yield
        finally:
            self._streaming = False

    @property
    def owner(self) -> User:
        return self.users[self.owner_id]

    def user_id_of(self, username: str) -> int | None:
        return self.by_username.get(username.lower())

    def user_named(self, username: str) -> User | None:
        user_id = self.user_id_of(username)
        return None if user_id is None else self.users[user_id]

    # -- mutations --------------------------------------------------------

    def add_user(self, user: User) -> User:
        self.users[user.id] = user
        self.by_username[user.username.lower()] = user.id
        return user

    def add_post(
        self,
        author_id: int,
        text: str,
        at: datetime,
        *,
        reply_to: int | None = None,
        quote_of: int | None = None,
        lang: str = "en",
        impressions: int = 0,
    ) -> Post:
        post_id = self.new_id(at)
        referenced: list[tuple[str, int]] = []
        conversation_id = post_id
        in_reply_to_user_id: int | None = None
        if quote_of is not None:
            referenced.append(("quoted", quote_of))
        if reply_to is not None:
            parent = self.posts[reply_to]
            referenced.append(("replied_to", reply_to))
            conversation_id = parent.conversation_id
            in_reply_to_user_id = parent.author_id
        wrapped, links = entities.wrap_links(text)
        post = Post(
            id=post_id,
            author_id=author_id,
            text=wrapped,
            created_at=at,
            conversation_id=conversation_id,
            source_text=text,
            links=links,
            entities=entities.extract(wrapped, links, self.user_id_of),
            in_reply_to_user_id=in_reply_to_user_id,
            referenced=referenced,
            lang=lang,
            base_impressions=impressions,
        )
        self._index_post(post)
        if reply_to is not None:
            self.replies.setdefault(reply_to, []).append(post_id)
        if quote_of is not None:
            self.quotes.setdefault(quote_of, []).append(post_id)
        return post

    def add_retweet(self, user_id: int, post_id: int, at: datetime) -> Post:
        existing = self.retweets.get(post_id, {}).get(user_id)
        if existing is not None:
            return self.posts[existing]
        original = self.posts[post_id]
        author = self.users[original.author_id]
        text = f"RT @{author.username}: {original.text}"
        retweet = Post(
            id=self.new_id(at),
            author_id=user_id,
            text=text,
            created_at=at,
            conversation_id=0,
            source_text=text,
            links=dict(original.links),
            referenced=[("retweeted", post_id)],
            lang=original.lang,
        )
        retweet.conversation_id = retweet.id
        retweet.entities = entities.extract(text, retweet.links, self.user_id_of)
        self._index_post(retweet, index_mentions=False)
        self.retweets.setdefault(post_id, {})[user_id] = retweet.id
        return retweet

    def remove_retweet(self, user_id: int, post_id: int) -> bool:
        retweet_id = self.retweets.get(post_id, {}).pop(user_id, None)
        if retweet_id is None:
            return False
        self.posts[retweet_id].deleted = True
        return True

    def _index_post(self, post: Post, *, index_mentions: bool = True) -> None:
        self.posts[post.id] = post
        bisect.insort(self.posts_by_author.setdefault(post.author_id, []), post.id)
        bisect.insort(self.all_post_ids, post.id)
        if not index_mentions:
            return
        seen: set[int] = set()
        for mention in post.entities.get("mentions", []):
            user_id = self.user_id_of(str(mention["username"]))
            if user_id is None or user_id == post.author_id or user_id in seen:
                continue
            seen.add(user_id)
            bisect.insort(self.mentions_of.setdefault(user_id, []), post.id)

    def delete_post(self, post_id: int) -> None:
        post = self.posts[post_id]
        post.deleted = True
        retweeted = post.referenced_id("retweeted")
        if retweeted is not None:
            self.retweets.get(retweeted, {}).pop(post.author_id, None)

    def like(self, user_id: int, post_id: int, at: datetime) -> bool:
        likers = self.likes.setdefault(post_id, {})
        if user_id in likers:
            return False
        likers[user_id] = Edge(self.next_seq(), at)
        self.likes_by_user[user_id] = self.likes_by_user.get(user_id, 0) + 1
        return True

    def unlike(self, user_id: int, post_id: int) -> bool:
        if self.likes.get(post_id, {}).pop(user_id, None) is None:
            return False
        self.likes_by_user[user_id] -= 1
        return True

    def follow(self, follower_id: int, user_id: int, at: datetime) -> bool:
        followers = self.followers.setdefault(user_id, {})
        if follower_id in followers:
            return False
        followers[follower_id] = Edge(self.next_seq(), at)
        self.following.setdefault(follower_id, set()).add(user_id)
        return True

    def add_list(self, xlist: XList) -> XList:
        self.lists[xlist.id] = xlist
        return xlist

    def add_member(self, list_id: int, user_id: int, at: datetime) -> bool:
        xlist = self.lists[list_id]
        if user_id in xlist.members:
            return False
        edge = Edge(self.next_seq(), at)
        xlist.members[user_id] = edge
        self.memberships.setdefault(user_id, {})[list_id] = edge
        return True

    def remove_member(self, list_id: int, user_id: int) -> bool:
        xlist = self.lists[list_id]
        if xlist.members.pop(user_id, None) is None:
            return False
        self.memberships.get(user_id, {}).pop(list_id, None)
        return True

    def follow_list(self, user_id: int, list_id: int) -> bool:
        followed = self.followed_lists.setdefault(user_id, set())
        if list_id in followed:
            return False
        followed.add(list_id)
        return True

    def unfollow_list(self, user_id: int, list_id: int) -> bool:
        followed = self.followed_lists.get(user_id, set())
        if list_id not in followed:
            return False
        followed.discard(list_id)
        return True

    # -- reads ------------------------------------------------------------

    def can_see(self, post: Post, viewer_id: int | None) -> bool:
        """Deleted posts are gone; a protected author's posts need a follow."""
        if post.deleted:
            return False
        author = self.users[post.author_id]
        if not author.protected or viewer_id == author.id:
            return True
        return viewer_id is not None and viewer_id in self.followers.get(author.id, {})

    def live_posts_of(self, user_id: int) -> int:
        return sum(
            1 for pid in self.posts_by_author.get(user_id, []) if not self.posts[pid].deleted
        )

    def metrics_of_post(self, post: Post) -> dict[str, int]:
        likes = len(self.likes.get(post.id, {}))
        retweets = len(self.retweets.get(post.id, {}))
        replies = sum(1 for pid in self.replies.get(post.id, []) if not self.posts[pid].deleted)
        quotes = sum(1 for pid in self.quotes.get(post.id, []) if not self.posts[pid].deleted)
        return {
            "retweet_count": retweets,
            "reply_count": replies,
            "like_count": likes,
            "quote_count": quotes,
            "bookmark_count": likes // 7,
            "impression_count": post.base_impressions + 23 * likes + 41 * retweets + 9 * replies,
        }

    def metrics_of_user(self, user: User) -> dict[str, int]:
        return {
            "followers_count": user.base_followers + len(self.followers.get(user.id, {})),
            "following_count": user.base_following + len(self.following.get(user.id, set())),
            "tweet_count": user.base_posts + self.live_posts_of(user.id),
            "listed_count": user.base_listed + len(self.memberships.get(user.id, {})),
            "like_count": user.base_likes + self.likes_by_user.get(user.id, 0),
            "media_count": user.base_posts // 9,
        }

    # -- snapshot for tests -----------------------------------------------

    def state(self) -> dict[str, Any]:
        """The whole world as plain JSON, in a stable order."""

        def user_json(user: User) -> dict[str, Any]:
            return {
                "id": str(user.id),
                "username": user.username,
                "name": user.name,
                "role": user.role,
                "protected": user.protected,
                "created_at": iso_ms(user.created_at),
            }

        posts = []
        for post_id in self.all_post_ids:
            post = self.posts[post_id]
            posts.append(
                {
                    "id": str(post.id),
                    "author_id": str(post.author_id),
                    "text": post.text,
                    "created_at": iso_ms(post.created_at),
                    "referenced_tweets": [{"type": k, "id": str(i)} for k, i in post.referenced],
                    "deleted": post.deleted,
                }
            )
        likes = [
            {"user_id": str(uid), "post_id": str(pid), "at": iso_ms(edge.at)}
            for pid, likers in sorted(self.likes.items())
            for uid, edge in sorted(likers.items(), key=lambda item: item[1].seq)
        ]
        follows = [
            {"follower_id": str(fid), "user_id": str(uid), "at": iso_ms(edge.at)}
            for uid, followers in sorted(self.followers.items())
            for fid, edge in sorted(followers.items(), key=lambda item: item[1].seq)
        ]
        retweets = [
            {"user_id": str(uid), "post_id": str(pid), "retweet_id": str(rid)}
            for pid, by_user in sorted(self.retweets.items())
            for uid, rid in sorted(by_user.items())
        ]
        lists = [
            {
                "id": str(xlist.id),
                "name": xlist.name,
                "owner_id": str(xlist.owner_id),
                "private": xlist.private,
                "members": [
                    str(uid)
                    for uid, _ in sorted(xlist.members.items(), key=lambda item: item[1].seq)
                ],
            }
            for xlist in sorted(self.lists.values(), key=lambda item: item.id)
        ]
        return {
            "clock": iso_ms(self.clock.now()),
            "owner": user_json(self.owner),
            "users": [user_json(self.users[uid]) for uid in sorted(self.users)],
            "posts": posts,
            "likes": likes,
            "follows": follows,
            "retweets": retweets,
            "lists": lists,
        }
