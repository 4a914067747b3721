"""The v2 route table: template, handler, rate limit, auth and accepted parameters."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import unquote

from engage_tui.sandbox import bodies
from engage_tui.sandbox import routes_lists as lists
from engage_tui.sandbox import routes_posts as posts
from engage_tui.sandbox import routes_users as users
from engage_tui.sandbox.context import Ctx, Reply
from engage_tui.sandbox.params import LIST_PARAMS, POST_PARAMS, USER_PARAMS

Handler = Callable[[Ctx], Reply]

_TIMELINE = frozenset(
    ["max_results", "pagination_token", "since_id", "until_id", "start_time", "end_time"]
)
_PAGED = frozenset(["max_results", "pagination_token"])
_NONE: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Route:
    method: str
    template: str  # X's reference form: /2/users/:id/mentions
    handler: Handler
    limit: int  # requests per 15 minutes, per caller
    user_only: bool = False  # app-only bearer tokens get 403
    params: frozenset[str] = _NONE
    # Checks the JSON body against X's request schema, outside the world lock.
    body: bodies.BodyCheck | None = None

    @property
    def kind(self) -> str:
        """What the route returns, which decides the expansions it takes."""
        if "list.fields" in self.params:
            return "list"
        return "post" if "media.fields" in self.params else "user"

    @property
    def name(self) -> str:
        return f"{self.method} {self.template}"

    def match(self, parts: list[str]) -> dict[str, str] | None:
        """The path's placeholders (percent-decoded), or None when the path is another's."""
        pattern = self.template.strip("/").split("/")
        if len(pattern) != len(parts):
            return None
        found: dict[str, str] = {}
        for want, got in zip(pattern, parts, strict=True):
            if want.startswith(":"):
                if not got:
                    return None
                found[want[1:]] = unquote(got, errors="replace")
            elif want != got:
                return None
        return found


def _r(method: str, template: str, handler: Handler, limit: int, **extra: object) -> Route:
    return Route(method, template, handler, limit, **extra)  # type: ignore[arg-type]


# Literal routes come before the ones with a placeholder in the same position.
ROUTES: tuple[Route, ...] = (
    _r("GET", "/2/users/me", users.me, 75, user_only=True, params=USER_PARAMS),
    _r("GET", "/2/users/by", users.users_by_usernames, 900, params=USER_PARAMS | {"usernames"}),
    _r("GET", "/2/users/by/username/:username", users.user_by_username, 900, params=USER_PARAMS),
    _r(
        "GET",
        "/2/users/reposts_of_me",
        users.reposts_of_me,
        75,
        user_only=True,
        params=POST_PARAMS | _PAGED,
    ),
    _r("GET", "/2/users", users.users_by_ids, 900, params=USER_PARAMS | {"ids"}),
    _r("GET", "/2/users/:id", users.user_by_id, 900, params=USER_PARAMS),
    _r("GET", "/2/users/:id/mentions", users.mentions, 300, params=POST_PARAMS | _TIMELINE),
    _r(
        "GET",
        "/2/users/:id/tweets",
        users.user_posts,
        900,
        params=POST_PARAMS | _TIMELINE | {"exclude"},
    ),
    _r("GET", "/2/users/:id/followers", users.followers, 300, params=USER_PARAMS | _PAGED),
    _r(
        "GET",
        "/2/users/:id/list_memberships",
        users.list_memberships,
        75,
        params=LIST_PARAMS | _PAGED,
    ),
    _r("GET", "/2/users/:id/owned_lists", users.owned_lists, 15, params=LIST_PARAMS | _PAGED),
    _r("POST", "/2/users/:id/likes", posts.like, 50, user_only=True, body=bodies.like),
    _r("DELETE", "/2/users/:id/likes/:tweet_id", posts.unlike, 50, user_only=True),
    _r("POST", "/2/users/:id/retweets", posts.retweet, 50, user_only=True, body=bodies.repost),
    _r("DELETE", "/2/users/:id/retweets/:source_tweet_id", posts.unretweet, 50, user_only=True),
    _r(
        "GET",
        "/2/tweets/search/recent",
        posts.search_recent,
        300,
        params=POST_PARAMS | _TIMELINE | {"query", "next_token", "sort_order"},
    ),
    _r("GET", "/2/tweets", posts.tweets_by_ids, 5000, params=POST_PARAMS | {"ids"}),
    _r("POST", "/2/tweets", posts.create_tweet, 100, user_only=True, body=bodies.create_post),
    _r("GET", "/2/tweets/:id", posts.tweet_by_id, 900, params=POST_PARAMS),
    _r("DELETE", "/2/tweets/:id", posts.delete_tweet, 50, user_only=True),
    _r(
        "GET",
        "/2/tweets/:id/liking_users",
        posts.liking_users,
        75,
        user_only=True,
        params=USER_PARAMS | _PAGED,
    ),
    _r("GET", "/2/tweets/:id/retweeted_by", posts.retweeted_by, 75, params=USER_PARAMS | _PAGED),
    _r(
        "GET",
        "/2/tweets/:id/quote_tweets",
        posts.quote_tweets,
        75,
        params=POST_PARAMS | _PAGED | {"exclude"},
    ),
    _r(
        "POST",
        "/2/users/:id/followed_lists",
        lists.follow_list,
        50,
        user_only=True,
        body=bodies.follow_list,
    ),
    _r("DELETE", "/2/users/:id/followed_lists/:list_id", lists.unfollow_list, 50, user_only=True),
    _r("POST", "/2/lists", lists.create_list, 300, user_only=True, body=bodies.create_list),
    _r("GET", "/2/lists/:id", lists.get_list, 75, params=LIST_PARAMS),
    _r("DELETE", "/2/lists/:id", lists.delete_list, 300, user_only=True),
    _r("GET", "/2/lists/:id/tweets", lists.list_tweets, 900, params=POST_PARAMS | _PAGED),
    _r("GET", "/2/lists/:id/members", lists.list_members, 900, params=USER_PARAMS | _PAGED),
    _r(
        "POST",
        "/2/lists/:id/members",
        lists.add_member,
        300,
        user_only=True,
        body=bodies.add_member,
    ),
    _r("DELETE", "/2/lists/:id/members/:user_id", lists.remove_member, 300, user_only=True),
)


def find_route(method: str, path: str) -> tuple[Route, dict[str, str]] | None:
    parts = path.strip("/").split("/")
    for route in ROUTES:
        if route.method != method:
            continue
        found = route.match(parts)
        if found is not None:
            return route, found
    return None


def methods_at(path: str) -> list[str]:
    """The methods some route answers at ``path`` (empty: no such resource)."""
    parts = path.strip("/").split("/")
    return sorted({route.method for route in ROUTES if route.match(parts) is not None})


def canonical(name: str) -> str:
    """A route name with placeholder names dropped, so ":tweet_id" matches ":source_tweet_id"."""
    method, _, template = name.strip().partition(" ")
    parts = [":" if part.startswith(":") else part for part in template.strip().split("/")]
    return f"{method.upper()} {'/'.join(parts)}"
