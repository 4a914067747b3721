"""A small subset of X's search query language, enough for engage's queries.

Supported: words (case-insensitive, whole words), "exact phrases", #hashtags,
@mentions, from:, to:, is:reply, is:retweet, is:quote, has:links, lang:,
conversation_id:, -negation, OR, and parentheses. Adjacent terms mean AND.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from engage_tui.sandbox.world import Post, World

Predicate = Callable[[Post], bool]

_TOKEN = re.compile(r'\s*(\(|\)|-?"[^"]*"|-?[^\s()"]+)')


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
        if lowered == "is:reply":
            return lambda post: post.is_reply
        if lowered == "is:retweet":
            return lambda post: post.is_retweet
        if lowered == "is:quote":
            return lambda post: post.referenced_id("quoted") is not None
        if lowered == "has:links":
            return lambda post: bool(post.entities.get("urls"))
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


def compile_query(text: str, world: World) -> Predicate:
    tokens = [m.group(1) for m in _TOKEN.finditer(text)]
    if not tokens:
        raise QueryError("empty query")
    parser = _Parser(tokens, world)
    predicate = parser.parse_or()
    if parser.peek() is not None:
        raise QueryError(f"unexpected {parser.peek()!r}")
    return predicate
