"""Posts, users and lists as X's JSON: the fields asked for, expansions and partial errors."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from engage_tui.sandbox import entities
from engage_tui.sandbox.ids import iso_ms
from engage_tui.sandbox.params import (
    LIST_EXPANSIONS,
    TWEET_EXPANSIONS,
    USER_EXPANSIONS,
    Query,
)
from engage_tui.sandbox.problems import not_authorized_item, not_found_item
from engage_tui.sandbox.world import Post, User, World, XList

_IMPLIED_FIELDS = {
    "author_id": ("tweet", "author_id"),
    "in_reply_to_user_id": ("tweet", "in_reply_to_user_id"),
    "referenced_tweets.id": ("tweet", "referenced_tweets"),
    "referenced_posts": ("tweet", "referenced_tweets"),
    "referenced_tweets.id.author_id": ("tweet", "referenced_tweets"),
    "entities.mentions.username": ("tweet", "entities"),
    "pinned_tweet_id": ("user", "pinned_tweet_id"),
    "pinned_post_id": ("user", "pinned_tweet_id"),
    "most_recent_tweet_id": ("user", "most_recent_tweet_id"),
    "owner_id": ("list", "owner_id"),
}


def x_text(text: str) -> str:
    """X's v2 returns post text with &, < and > as HTML entities."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


_LEADING_MENTIONS = re.compile(r"(?:@\w{1,15}\s+)+")


def display_text_range(post: Post) -> list[int]:
    """Code points of the text a reader sees: a reply's leading @mentions are X's, not the
    author's, and fall before the range."""
    start = 0
    if post.is_reply:
        lead = _LEADING_MENTIONS.match(post.text)
        if lead is not None and lead.end() < len(post.text):
            start = lead.end()
    return [start, len(post.text)]


@dataclass(slots=True)
class Body:
    """A response body in the making, plus what it returned (for the billing meter)."""

    json: dict[str, Any] = field(default_factory=dict)
    data_posts: list[int] = field(default_factory=list)
    data_users: list[int] = field(default_factory=list)
    data_lists: list[int] = field(default_factory=list)
    include_posts: list[int] = field(default_factory=list)
    include_users: list[int] = field(default_factory=list)


class Renderer:
    """Shapes world objects for one request (its fields, expansions and viewer)."""

    def __init__(self, world: World, query: Query, viewer_id: int | None, *, kind: str) -> None:
        self.world = world
        self.viewer_id = viewer_id
        self.tweet_fields = query.fields("tweet.fields", "post.fields")
        self.user_fields = query.fields("user.fields")
        self.list_fields = query.fields("list.fields") if kind == "list" else set()
        allowed = {"post": TWEET_EXPANSIONS, "user": USER_EXPANSIONS, "list": LIST_EXPANSIONS}
        self.expansions = query.expansions(allowed[kind])
        # X adds the field an expansion follows, asked for or not.
        for expansion, implied in _IMPLIED_FIELDS.items():
            if expansion in self.expansions:
                {"tweet": self.tweet_fields, "user": self.user_fields, "list": self.list_fields}[
                    implied[0]
                ].add(implied[1])
        query.check_other_fields()
        self._users: dict[int, dict[str, Any]] = {}
        self._posts: dict[int, dict[str, Any]] = {}
        self._errors: list[dict[str, Any]] = []

    # -- single objects ---------------------------------------------------

    def post(self, post: Post) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": str(post.id),
            "text": x_text(post.text),
            "edit_history_tweet_ids": [str(post.id)],
        }
        f = self.tweet_fields
        if "author_id" in f:
            out["author_id"] = str(post.author_id)
        if "created_at" in f:
            out["created_at"] = iso_ms(post.created_at)
        if "conversation_id" in f:
            out["conversation_id"] = str(post.conversation_id)
        if "in_reply_to_user_id" in f and post.in_reply_to_user_id is not None:
            out["in_reply_to_user_id"] = str(post.in_reply_to_user_id)
        if "referenced_tweets" in f and post.referenced:
            out["referenced_tweets"] = [{"type": k, "id": str(i)} for k, i in post.referenced]
        if "entities" in f and post.entities:
            out["entities"] = post.entities
        if "public_metrics" in f:
            out["public_metrics"] = self.world.metrics_of_post(post)
        if "lang" in f:
            out["lang"] = post.lang
        if "possibly_sensitive" in f:
            out["possibly_sensitive"] = False
        if "reply_settings" in f:
            out["reply_settings"] = "everyone"
        if "display_text_range" in f:
            out["display_text_range"] = display_text_range(post)
        if "edit_controls" in f:
            until = post.created_at + timedelta(hours=1)
            left = 5 if until > self.world.clock.now() else 0
            out["edit_controls"] = {
                "edits_remaining": left,
                "is_edit_eligible": not post.is_retweet,
                "editable_until": iso_ms(until),
            }
        return out

    def user(self, user: User) -> dict[str, Any]:
        out: dict[str, Any] = {"id": str(user.id), "name": user.name, "username": user.username}
        f = self.user_fields
        if "created_at" in f:
            out["created_at"] = iso_ms(user.created_at)
        # X wraps every address in a bio in t.co; entities.description.urls
        # gives each one's expanded_url, as for a post's text.
        bio, bio_links = entities.wrap_links(user.description)
        if "description" in f:
            out["description"] = bio
        if "location" in f and user.location:
            out["location"] = user.location
        if "url" in f:
            out["url"] = entities.tco_for(user.url) if user.url else ""
        found: dict[str, Any] = {}
        if "entities" in f and user.url:
            short = entities.tco_for(user.url)
            found["url"] = {
                "urls": [
                    {
                        "start": 0,
                        "end": len(short),
                        "url": short,
                        "expanded_url": user.url,
                        "display_url": user.url.split("://", 1)[-1],
                    }
                ]
            }
        in_bio = entities.extract(bio, bio_links, self.world.user_id_of) if "entities" in f else {}
        if in_bio:
            found["description"] = in_bio
        if found:
            out["entities"] = found
        if "pinned_tweet_id" in f and self._pinned(user) is not None:
            out["pinned_tweet_id"] = str(self._pinned(user))
        if "most_recent_tweet_id" in f and self._latest(user) is not None:
            out["most_recent_tweet_id"] = str(self._latest(user))
        if "profile_image_url" in f:
            out["profile_image_url"] = user.profile_image_url
        if "protected" in f:
            out["protected"] = user.protected
        if "public_metrics" in f:
            out["public_metrics"] = self.world.metrics_of_user(user)
        if "verified" in f:
            out["verified"] = user.verified
        if "verified_type" in f:
            out["verified_type"] = user.verified_type
        return out

    def xlist(self, xlist: XList) -> dict[str, Any]:
        out: dict[str, Any] = {"id": str(xlist.id), "name": xlist.name}
        f = self.list_fields
        if "created_at" in f:
            out["created_at"] = iso_ms(xlist.created_at)
        if "description" in f:
            out["description"] = xlist.description
        if "follower_count" in f:
            out["follower_count"] = xlist.follower_count
        if "member_count" in f:
            out["member_count"] = len(xlist.members)
        if "owner_id" in f:
            out["owner_id"] = str(xlist.owner_id)
        if "private" in f:
            out["private"] = xlist.private
        return out

    def _pinned(self, user: User) -> int | None:
        pinned = user.pinned_tweet_id
        if pinned is None or self.world.posts[pinned].deleted:
            return None
        return pinned

    def _latest(self, user: User) -> int | None:
        for post_id in reversed(self.world.posts_by_author.get(user.id, [])):
            if not self.world.posts[post_id].deleted:
                return post_id
        return None

    # -- expansions -------------------------------------------------------

    def _include_user(self, user_id: int | None) -> None:
        if user_id is None or user_id in self._users:
            return
        user = self.world.users.get(user_id)
        if user is not None:
            self._users[user_id] = self.user(user)

    def _include_post(self, post_id: int, parameter: str) -> Post | None:
        post = self.world.posts.get(post_id)
        if post is None or post.deleted:
            self._errors.append(not_found_item("tweet", parameter, str(post_id)))
            return None
        if not self.world.can_see(post, self.viewer_id):
            self._errors.append(not_authorized_item("tweet", parameter, str(post_id)))
            return None
        if post_id not in self._posts:
            self._posts[post_id] = self.post(post)
        return post

    def _expand_post(self, post: Post) -> None:
        e = self.expansions
        if "author_id" in e:
            self._include_user(post.author_id)
        if "in_reply_to_user_id" in e:
            self._include_user(post.in_reply_to_user_id)
        if "entities.mentions.username" in e:
            for mention in post.entities.get("mentions", []):
                self._include_user(self.world.user_id_of(str(mention["username"])))
        if e & {"referenced_tweets.id", "referenced_posts", "referenced_tweets.id.author_id"}:
            for _kind, ref_id in post.referenced:
                included = self._include_post(ref_id, "referenced_tweets.id")
                if included is not None and "referenced_tweets.id.author_id" in e:
                    self._include_user(included.author_id)

    def _expand_user(self, user: User) -> None:
        e = self.expansions
        if e & {"pinned_tweet_id", "pinned_post_id"} and user.pinned_tweet_id is not None:
            self._include_post(user.pinned_tweet_id, "pinned_tweet_id")
        if e & {"most_recent_tweet_id", "most_recent_post_id"}:
            latest = self._latest(user)
            if latest is not None:
                self._include_post(latest, "most_recent_tweet_id")

    # -- whole bodies -----------------------------------------------------

    def _finish(self, body: Body) -> Body:
        includes: dict[str, Any] = {}
        if self._users:
            includes["users"] = list(self._users.values())
            body.include_users = list(self._users)
        if self._posts:
            includes["tweets"] = list(self._posts.values())
            body.include_posts = list(self._posts)
        if includes:
            body.json["includes"] = includes
        if self._errors:
            body.json["errors"] = self._errors
        return body

    def posts(self, posts: list[Post], *, single: bool = False) -> Body:
        body = Body()
        items = []
        for post in posts:
            items.append(self.post(post))
            body.data_posts.append(post.id)
            self._expand_post(post)
        if items:
            body.json["data"] = items[0] if single else items
        return self._finish(body)

    def users(self, users: list[User], *, single: bool = False) -> Body:
        body = Body()
        items = []
        for user in users:
            items.append(self.user(user))
            body.data_users.append(user.id)
            self._expand_user(user)
        if items:
            body.json["data"] = items[0] if single else items
        return self._finish(body)

    def lists(self, lists: list[XList], *, single: bool = False) -> Body:
        body = Body()
        items = []
        for xlist in lists:
            items.append(self.xlist(xlist))
            body.data_lists.append(xlist.id)
            if "owner_id" in self.expansions:
                self._include_user(xlist.owner_id)
        if items:
            body.json["data"] = items[0] if single else items
        return self._finish(body)

    def add_errors(self, errors: list[dict[str, Any]]) -> None:
        self._errors.extend(errors)
