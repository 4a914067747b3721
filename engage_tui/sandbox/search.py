"""A small subset of X's search query language, enough for engage's queries.

Supported: words (case-insensitive, whole words), "exact phrases", #hashtags,
@mentions, from:, to:, is:reply, is:retweet, is:quote, has:links, has:mentions,
has:hashtags, lang:, conversation_id:, in_reply_to_tweet_id:, quotes_of_tweet_id:,
-negation, OR, and parentheses. Adjacent terms mean AND.

Like X, an operator X does not have, or an unbalanced quote, is an error. An operator
X has but the sandbox does not model is an error too, with a message that says so,
rather than a search that silently matches nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from engage_tui.sandbox.world import Post, World

Predicate = Callable[[Post], bool]

_TOKEN = re.compile(r'\s*(\(|\)|-?"[^"]*"|-?[^\s()"]+)')
_OPERATOR = re.compile(r"([A-Za-z_]+):(.+)")
# Operators of X's search language the sandbox does not model (from X's operator list).
_X_ONLY = frozenset(
    [
        "url",
        "retweets_of",
        "retweets_of_tweet_id",
        "context",
        "entity",
        "list",
        "place",
        "place_country",
        "point_radius",
        "bounding_box",
        "sample",
        "bio",
        "bio_name",
        "bio_location",
        "followers_count",
        "tweets_count",
        "following_count",
        "listed_count",
        "url_title",
        "url_description",
        "url_contains",
        "source",
        "in_reply_to_status_id",
        "retweets_of_status_id",
    ]
)
_IS = frozenset(["reply", "retweet", "quote", "verified", "nullcast"])
_HAS = frozenset(
    ["links", "mentions", "hashtags", "media", "images", "video_link", "geo", "cashtags"]
)


class QueryError(ValueError):
    pass


@dataclass(slots=True)
class _Parser:
    tokens: list[str]
    world: World
    pos: int = 0

    def peek(self) -> str | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self) -> str:
        token = self.tokens[self.pos]
        self.pos += 1
        return token

    def parse_or(self) -> Predicate:
        options = [self.parse_and()]
        while self.peek() == "OR":
            self.take()
            options.append(self.parse_and())
        if len(options) == 1:
            return options[0]
        return lambda post: any(option(post) for option in options)

    def parse_and(self) -> Predicate:
        terms: list[Predicate] = []
        while self.peek() not in (None, ")", "OR"):
            terms.append(self.parse_term())
        if not terms:
            raise QueryError("empty clause")
        return lambda post: all(term(post) for term in terms)

    def parse_term(self) -> Predicate:
        token = self.take()
        if token == "(":
            inner = self.parse_or()
            if self.peek() != ")":
                raise QueryError("unbalanced parentheses")
            self.take()
            return inner
        if token.startswith("-") and len(token) > 1:
            positive = self.atom(token[1:])
            return lambda post: not positive(post)
        return self.atom(token)

    def atom(self, token: str) -> Predicate:
        world = self.world
        lowered = token.lower()
        if token.startswith('"'):
            phrase = token.strip('"').lower()
            return lambda post: phrase in post.text.lower()
        if lowered.startswith("from:"):
            user_id = world.user_id_of(token[5:].lstrip("@"))
            return lambda post: post.author_id == user_id
        if lowered.startswith("to:"):
            user_id = world.user_id_of(token[3:].lstrip("@"))
            return lambda post: user_id is not None and post.in_reply_to_user_id == user_id
        if lowered.startswith("conversation_id:"):
            value = token.split(":", 1)[1]
            return lambda post: str(post.conversation_id) == value
        if lowered.startswith("lang:"):
            value = lowered[5:]
            return lambda post: post.lang == value
        operator = _OPERATOR.fullmatch(token)
        if operator is not None and "://" not in token:
            self.check_operator(operator.group(1).lower(), operator.group(2).lower())
        if lowered.startswith("in_reply_to_tweet_id:"):
            value = token.split(":", 1)[1]
            return lambda post: str(post.referenced_id("replied_to")) == value
        if lowered.startswith("quotes_of_tweet_id:"):
            value = token.split(":", 1)[1]
            return lambda post: str(post.referenced_id("quoted")) == value
        if lowered == "has:mentions":
            return lambda post: bool(post.entities.get("mentions"))
        if lowered == "has:hashtags":
            return lambda post: bool(post.entities.get("hashtags"))
        if lowered == "is:reply":
            return lambda post: post.is_reply
        if lowered == "is:retweet":
            return lambda post: post.is_retweet
        if lowered == "is:quote":
            return lambda post: post.referenced_id("quoted") is not None
        if lowered == "has:links":
            return lambda post: bool(post.entities.get("urls"))
        if operator is not None and "://" not in token:
            raise QueryError(
                f"The sandbox does not model the operator '{token}'; X has it, the sandbox "
                "cannot answer it faithfully"
            )
        if token.startswith("@"):
            name = lowered[1:]
            return lambda post: any(
                str(m["username"]).lower() == name for m in post.entities.get("mentions", [])
            )
        if token.startswith("#"):
            tag = lowered[1:]
            return lambda post: any(
                str(h["tag"]).lower() == tag for h in post.entities.get("hashtags", [])
            )
        word = re.compile(rf"(?<!\w){re.escape(lowered)}(?!\w)")
        return lambda post: word.search(post.text.lower()) is not None

    @staticmethod
    def check_operator(name: str, value: str) -> None:
        known = {
            "from",
            "to",
            "conversation_id",
            "lang",
            "is",
            "has",
            "in_reply_to_tweet_id",
            "quotes_of_tweet_id",
        }
        if name in _X_ONLY:
            return
        if (
            name not in known
            or (name == "is" and value not in _IS)
            or (name == "has" and value not in _HAS)
        ):
            raise QueryError(
                f"Reference to invalid operator '{name}:{value}'. Operator is not available "
                "in current product or product packaging."
            )


def compile_query(text: str, world: World) -> Predicate:
    if text.count('"') % 2:
        raise QueryError("Unbalanced quote in the query")
    tokens = [m.group(1) for m in _TOKEN.finditer(text)]
    if not tokens:
        raise QueryError("empty query")
    parser = _Parser(tokens, world)
    predicate = parser.parse_or()
    if parser.peek() is not None:
        raise QueryError(f"unexpected {parser.peek()!r}")
    return predicate
