"""The one place engage calls tweepy.

Every call signs as the user (OAuth 1.0a, ``user_auth=True``): owned reads
are then billed at the owner's price and no app bearer token is needed.
Each call is metered (endpoint template, resources, estimated dollars,
rate headers) and every failure leaves as one of engage's errors.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

import tweepy

from engage_tui.platforms.x.credentials import XCredentials
from engage_tui.platforms.x.failures import map_exception
from engage_tui.platforms.x.parse import Page, page_from_response, raw
from engage_tui.platforms.x.redact import install_log_redaction, register_secret
from engage_tui.platforms.x.session import DEFAULT_TIMEOUT, ApiSession, RateInfo
from engage_tui.platforms.x.usage import POST_READ, USER_READ, XMeter, unit_price

POST_FIELDS = [
    "created_at",
    "author_id",
    "conversation_id",
    "in_reply_to_user_id",
    "referenced_tweets",
    "entities",
    "public_metrics",
]
# url and entities carry the person's website and the addresses behind the
# t.co links in the bio: the evidence for a link suggestion.
USER_FIELDS = [
    "username",
    "name",
    "description",
    "url",
    "entities",
    "public_metrics",
    "protected",
]
# Every expanded object is billed on its own (a user $0.010, a post $0.005),
# so reads expand only the author: the referenced posts' ids are on the post
# itself (``referenced_tweets``), which is all engage needs to classify it.
AUTHOR_ONLY = ["author_id"]
LIST_FIELDS = ["name", "owner_id", "private"]

_REPOSTS_OF_ME_PARAMS = (
    "expansions",
    "max_results",
    "media.fields",
    "pagination_token",
    "place.fields",
    "poll.fields",
    "tweet.fields",
    "user.fields",
)


class XClient:
    def __init__(
        self,
        credentials: XCredentials,
        api_base: str | None = None,
        timeout: tuple[float, float] = DEFAULT_TIMEOUT,
    ) -> None:
        install_log_redaction()
        register_secret(*credentials.secrets())
        self.credentials = credentials
        self.session = ApiSession(api_base, timeout)
        self.api = tweepy.Client(
            bearer_token=credentials.bearer_token,
            consumer_key=credentials.consumer_key,
            consumer_secret=credentials.consumer_secret,
            access_token=credentials.access_token,
            access_token_secret=credentials.access_token_secret,
            wait_on_rate_limit=False,
            # The answer's JSON as it came: tweepy's models parse dates their
            # own strict way, and one odd date failed the whole answer.
            return_type=dict,
        )
        self.api.session = self.session
        self.meter = XMeter()
        self.owner_id = credentials.user_id

    # -- the choke point ---------------------------------------------------

    def _invoke(
        self, endpoint: str, write: bool, fn: Callable[..., Any], *args: Any, **kwargs: Any
    ) -> Any:
        try:
            return fn(*args, **kwargs)
        except Exception as exc:
            self.meter.answered(endpoint, 0, 0.0, self._rate_of(exc))
            raise map_exception(exc, endpoint, write) from exc

    def _rate_of(self, exc: BaseException) -> RateInfo | None:
        response = getattr(exc, "response", None)
        if response is not None and getattr(response, "headers", None) is not None:
            return RateInfo.from_headers(response.headers)
        return self.session.last_rate()

    def read(
        self,
        endpoint: str,
        method: str | Callable[..., Any],
        *args: Any,
        kind: str = "posts",
        owned: bool = False,
        **params: Any,
    ) -> Page:
        fn = getattr(self.api, method) if isinstance(method, str) else method
        response = self._invoke(endpoint, False, fn, *args, user_auth=True, **params)
        page = page_from_response(response, kind)
        people, posts = len(page.included_people), len(page.included_posts)
        resources = len(page.raw_items) + people + posts
        cost = (
            len(page.raw_items) * unit_price(endpoint, owned)
            + people * USER_READ
            + posts * POST_READ
        )
        self.meter.answered(endpoint, resources, cost, self.session.last_rate())
        return page

    def write(self, endpoint: str, price: float, method: str, *args: Any, **params: Any) -> dict:
        fn = getattr(self.api, method)
        response = self._invoke(endpoint, True, fn, *args, user_auth=True, **params)
        self.meter.answered(endpoint, 1, price, self.session.last_rate())
        data = response.get("data") if isinstance(response, dict) else None
        return raw(data) if data is not None else {}

    # -- reads -------------------------------------------------------------

    def me(self) -> Page:
        return self.read("GET /2/users/me", "get_me", kind="users", user_fields=USER_FIELDS)

    def user_by_handle(self, handle: str) -> Page:
        return self.read(
            "GET /2/users/by/username/:username",
            "get_user",
            username=handle,
            kind="users",
            user_fields=USER_FIELDS,
        )

    def users_by_ids(self, ids: list[str]) -> Page:
        return self.read(
            "GET /2/users", "get_users", ids=ids, kind="users", user_fields=USER_FIELDS
        )

    def _is_owner(self, user_id: str) -> bool:
        return self.owner_id is not None and str(user_id) == self.owner_id

    def mentions(self, user_id: str, **params: Any) -> Page:
        return self.read(
            "GET /2/users/:id/mentions",
            "get_users_mentions",
            user_id,
            owned=self._is_owner(user_id),
            expansions=AUTHOR_ONLY,
            tweet_fields=POST_FIELDS,
            user_fields=USER_FIELDS,
            **params,
        )

    def user_posts(self, user_id: str, **params: Any) -> Page:
        return self.read(
            "GET /2/users/:id/tweets",
            "get_users_tweets",
            user_id,
            owned=self._is_owner(user_id),
            tweet_fields=POST_FIELDS,
            **params,
        )

    def followers(self, user_id: str, **params: Any) -> Page:
        return self.read(
            "GET /2/users/:id/followers",
            "get_users_followers",
            user_id,
            kind="users",
            owned=self._is_owner(user_id),
            user_fields=USER_FIELDS,
            **params,
        )

    def list_memberships(self, user_id: str, **params: Any) -> Page:
        return self.read(
            "GET /2/users/:id/list_memberships",
            "get_list_memberships",
            user_id,
            kind="lists",
            owned=self._is_owner(user_id),
            list_fields=LIST_FIELDS,
            **params,
        )

    def liking_users(self, post_id: str, max_results: int) -> Page:
        return self.read(
            "GET /2/tweets/:id/liking_users",
            "get_liking_users",
            post_id,
            kind="users",
            max_results=max(1, min(100, max_results)),
            user_fields=USER_FIELDS,
        )

    def retweeted_by(self, post_id: str, max_results: int) -> Page:
        return self.read(
            "GET /2/tweets/:id/retweeted_by",
            "get_retweeters",
            post_id,
            kind="users",
            max_results=max(1, min(100, max_results)),
            user_fields=USER_FIELDS,
        )

    def posts_by_ids(self, ids: list[str]) -> Page:
        return self.read(
            "GET /2/tweets",
            "get_tweets",
            ids,
            tweet_fields=POST_FIELDS,
        )

    def list_posts(self, list_id: str, **params: Any) -> Page:
        # No author expansion: a list's members are people engage already
        # holds, and expanding them would bill each one as a user every day.
        return self.read(
            "GET /2/lists/:id/tweets",
            "get_list_tweets",
            list_id,
            tweet_fields=POST_FIELDS,
            **params,
        )

    def quote_tweets(self, post_id: str, max_results: int) -> Page:
        return self.read(
            "GET /2/tweets/:id/quote_tweets",
            "get_quote_tweets",
            post_id,
            max_results=max(10, min(100, max_results)),
            expansions=AUTHOR_ONLY,
            tweet_fields=POST_FIELDS,
            user_fields=USER_FIELDS,
        )

    def reposts_of_me(self, max_results: int, pagination_token: str | None = None) -> Page:
        # tweepy has no method for this route; its request machinery still
        # signs it and sends it through our session.
        params: dict[str, Any] = {
            "max_results": max(1, min(100, max_results)),
            "expansions": AUTHOR_ONLY,
            "tweet_fields": POST_FIELDS,
            "user_fields": USER_FIELDS,
        }
        if pagination_token:
            params["pagination_token"] = pagination_token
        return self.read("GET /2/users/reposts_of_me", partial(_reposts_of_me, self.api), **params)

    # -- writes ------------------------------------------------------------

    def create_post(self, text: str, in_reply_to: str | None, price: float) -> dict:
        return self.write(
            "POST /2/tweets", price, "create_tweet", text=text, in_reply_to_tweet_id=in_reply_to
        )

    def like(self, post_id: str, price: float) -> dict:
        return self.write("POST /2/users/:id/likes", price, "like", post_id)

    def unlike(self, post_id: str, price: float) -> dict:
        return self.write("DELETE /2/users/:id/likes/:tweet_id", price, "unlike", post_id)

    def repost(self, post_id: str, price: float) -> dict:
        return self.write("POST /2/users/:id/retweets", price, "retweet", post_id)

    def create_list(self, name: str, description: str, price: float) -> dict:
        return self.write(
            "POST /2/lists", price, "create_list", name, description=description, private=True
        )

    def add_list_member(self, list_id: str, user_id: str, price: float) -> dict:
        return self.write("POST /2/lists/:id/members", price, "add_list_member", list_id, user_id)

    def remove_list_member(self, list_id: str, user_id: str, price: float) -> dict:
        return self.write(
            "DELETE /2/lists/:id/members/:user_id", price, "remove_list_member", list_id, user_id
        )


def _reposts_of_me(self: tweepy.Client, *, user_auth: bool = True, **params: Any) -> Any:
    return self._make_request(
        "GET",
        "/2/users/reposts_of_me",
        params=params,
        endpoint_parameters=_REPOSTS_OF_ME_PARAMS,
        data_type=tweepy.Tweet,
        user_auth=user_auth,
    )
