"""Post routes: lookups, who liked or reposted, quotes, search, and the writes."""

from __future__ import annotations

from datetime import timedelta

from engage_tui.sandbox import billing, entities
from engage_tui.sandbox.context import SELF_SERVE, Ctx, Reply, bill
from engage_tui.sandbox.ids import iso_ms
from engage_tui.sandbox.paging import paged
from engage_tui.sandbox.params import parse_id
from engage_tui.sandbox.problems import (
    DUPLICATE,
    NOT_FOUND,
    REPLY_NOT_ALLOWED,
    ApiError,
    bad_param,
    forbidden,
    not_authorized_item,
    not_found_item,
    problem,
)
from engage_tui.sandbox.render import x_text
from engage_tui.sandbox.routes_users import excluding, newest_first, post_page, window
from engage_tui.sandbox.search import QueryError, compile_query
from engage_tui.sandbox.world import Post

# "At most 100 users per post, ever" for likes; the 100 most recent for reposts.
LIKERS_CAP = 100
REPOSTERS_CAP = 100
SEARCH_DAYS = 7
LIKES_FORBIDDEN = (
    "Liking posts through the API is not available on the pay-per-use plan. "
    "Like it on x.com instead."
)


def _visible_or_error(ctx: Ctx, post_id: int, parameter: str) -> tuple[Post | None, dict | None]:
    post = ctx.world.posts.get(post_id)
    if post is None or post.deleted:
        return None, not_found_item("tweet", parameter, str(post_id))
    if not ctx.world.can_see(post, ctx.viewer_id):
        return None, not_authorized_item("tweet", parameter, str(post_id))
    return post, None


def tweet_by_id(ctx: Ctx) -> Reply:
    renderer = ctx.renderer("post")
    post, error = _visible_or_error(ctx, ctx.path_id(), "id")
    if error:
        return Reply(json={"errors": [error]})
    assert post is not None
    body = renderer.posts([post], single=True)
    return Reply(json=body.json, billed=bill(body, billing.OTHER_POST, data_kind="post"))


def tweets_by_ids(ctx: Ctx) -> Reply:
    renderer = ctx.renderer("post")
    values = ctx.query.id_list("ids")
    found: list[Post] = []
    errors = []
    for value in values:
        post, error = _visible_or_error(ctx, parse_id("ids", value), "ids")
        if error:
            errors.append(error)
        elif post is not None:
            found.append(post)
    renderer.add_errors(errors)
    body = renderer.posts(found)
    return Reply(json=body.json, billed=bill(body, billing.OTHER_POST, data_kind="post"))


def _user_page(ctx: Ctx, user_ids: list[int], size: int) -> Reply:
    renderer = ctx.renderer("user")
    # Position = index from the end, so tokens survive nothing but this ordering.
    positioned = list(zip(range(len(user_ids), 0, -1), user_ids, strict=True))
    users = ctx.world.users
    return paged(
        ctx,
        renderer,
        "user",
        positioned,
        lambda item: item[0],
        size,
        billing.USER,
        shown=lambda item: users[item[1]],
    )


def liking_users(ctx: Ctx) -> Reply:
    size = ctx.query.max_results(1, 100, 100)
    post, error = _visible_or_error(ctx, ctx.path_id(), "id")
    if error:
        return Reply(json={"errors": [error]})
    assert post is not None
    likers = ctx.world.likes.get(post.id, {})
    ordered = sorted(likers, key=lambda uid: likers[uid].seq, reverse=True)[:LIKERS_CAP]
    return _user_page(ctx, ordered, size)


def retweeted_by(ctx: Ctx) -> Reply:
    size = ctx.query.max_results(1, 100, 100)
    post, error = _visible_or_error(ctx, ctx.path_id(), "id")
    if error:
        return Reply(json={"errors": [error]})
    assert post is not None
    by_user = ctx.world.retweets.get(post.id, {})
    ordered = sorted(by_user, key=lambda uid: by_user[uid], reverse=True)[:REPOSTERS_CAP]
    return _user_page(ctx, ordered, size)


def quote_tweets(ctx: Ctx) -> Reply:
    size = ctx.query.max_results(10, 100, 10)
    post, error = _visible_or_error(ctx, ctx.path_id(), "id")
    if error:
        return Reply(json={"errors": [error]})
    assert post is not None
    quotes = sorted(ctx.world.quotes.get(post.id, []))
    posts = excluding(newest_first(ctx, quotes, len(quotes) or 1), ctx.query.exclusions())
    return post_page(ctx, posts, size, billing.OTHER_POST, id_range=False)


def search_recent(ctx: Ctx) -> Reply:
    size = ctx.query.max_results(10, 100, 10)
    text = ctx.query.get("query")
    if not text or not text.strip():
        raise bad_param("query", text or "", "The `query` query parameter can not be empty")
    if len(text) > 512:
        raise bad_param("query", text, "The `query` query parameter value is too long")
    sort_order = ctx.query.get("sort_order")
    if sort_order not in (None, "recency", "relevancy"):
        raise bad_param(
            "sort_order",
            sort_order,
            f"The `sort_order` query parameter value [{sort_order}] "
            "is not one of [recency,relevancy]",
        )
    _check_search_window(ctx)
    try:
        matches = compile_query(text, ctx.world)
    except QueryError as exc:
        raise bad_param(
            "query", text, f"There were errors processing your request: {exc}"
        ) from None
    oldest = ctx.now - timedelta(days=SEARCH_DAYS)
    posts = []
    for post_id in reversed(ctx.world.all_post_ids):
        post = ctx.world.posts[post_id]
        if post.created_at < oldest:
            break
        # Reposts left search results in May 2026.
        if post.is_retweet or not ctx.world.can_see(post, ctx.viewer_id):
            continue
        if matches(post):
            posts.append(post)
    return post_page(ctx, window(ctx, posts), size, billing.OTHER_POST)


def _check_search_window(ctx: Ctx) -> None:
    """X's limits on a recent search: the last 7 days, ending at least 10 s ago, in order."""
    query = ctx.query
    start, end = query.time("start_time"), query.time("end_time")
    oldest = ctx.now - timedelta(days=SEARCH_DAYS)
    if start is not None and start < oldest:
        raise bad_param(
            "start_time",
            query.get("start_time") or "",
            f"Invalid 'start_time':'{query.get('start_time')}'. 'start_time' must be on or "
            f"after {iso_ms(oldest)}",
        )
    if end is not None and end > ctx.now - timedelta(seconds=10):
        raise bad_param(
            "end_time",
            query.get("end_time") or "",
            f"Invalid 'end_time':'{query.get('end_time')}'. 'end_time' must be a minimum of "
            "10 seconds prior to the request time.",
        )
    if start is not None and end is not None and end <= start:
        raise bad_param(
            "end_time",
            query.get("end_time") or "",
            f"Invalid 'end_time':'{query.get('end_time')}'. 'end_time' must be after 'start_time'.",
        )
    since, until = query.post_id("since_id"), query.post_id("until_id")
    if since is not None and until is not None and since >= until:
        raise bad_param(
            "since_id",
            query.get("since_id") or "",
            f"Invalid 'since_id':'{since}'. 'since_id' must be less than 'until_id'.",
        )


# -- writes ---------------------------------------------------------------


def _summons(ctx: Ctx, target: Post, me_id: int) -> bool:
    """Does ``target`` mention or quote the caller (X's 2026 self-serve reply rule)?"""
    world = ctx.world
    me = world.users[me_id]
    if target.author_id == me_id:
        return True  # continuing one's own thread
    if target.in_reply_to_user_id == me_id:
        return True
    for mention in target.entities.get("mentions", []):
        if str(mention["username"]).lower() == me.username.lower():
            return True
    quoted = target.referenced_id("quoted")
    return quoted is not None and quoted in world.posts and world.posts[quoted].author_id == me_id


def create_tweet(ctx: Ctx) -> Reply:
    body = ctx.json_body()
    me_id = ctx.caller.user_id
    assert me_id is not None
    world = ctx.world
    # bodies.create_post has checked the shape and measured the text, outside the lock.
    text: str = body["text"]
    reply = body.get("reply")
    reply_to = None if reply is None else int(reply["in_reply_to_tweet_id"])
    quote_of = None if body.get("quote_tweet_id") is None else int(body["quote_tweet_id"])
    summoned = False
    if reply_to is not None:
        target = world.posts.get(reply_to)
        if target is None or not world.can_see(target, me_id):
            raise forbidden(
                "You attempted to reply to a Tweet that is deleted or not visible to you."
            )
        summoned = _summons(ctx, target, me_id)
        if ctx.plan == SELF_SERVE and not summoned:
            raise forbidden(REPLY_NOT_ALLOWED)
    if quote_of is not None:
        quoted = world.posts.get(quote_of)
        if quoted is None or not world.can_see(quoted, me_id):
            raise forbidden("You attempted to quote a Tweet that is deleted or not visible to you.")
    for post_id in world.posts_by_author.get(me_id, []):
        existing = world.posts[post_id]
        if not existing.deleted and not existing.is_retweet and existing.source_text == text:
            raise forbidden(DUPLICATE)
    post = world.add_post(me_id, text, ctx.now, reply_to=reply_to, quote_of=quote_of)
    if entities.has_link(text):
        price = billing.POST_WITH_URL
    elif reply_to is not None and summoned and world.posts[reply_to].author_id != me_id:
        price = billing.SUMMONED_REPLY
    else:
        price = billing.POST
    data = {"id": str(post.id), "text": x_text(post.text), "edit_history_tweet_ids": [str(post.id)]}
    return Reply(status=201, json={"data": data}, write_price=price)


def delete_tweet(ctx: Ctx) -> Reply:
    post_id = ctx.path_id()
    post = ctx.world.posts.get(post_id)
    if post is None or post.deleted:
        raise problem(
            404, "Not Found Error", f"Could not find tweet with id: [{post_id}].", NOT_FOUND
        )
    if post.author_id != ctx.caller.user_id:
        raise forbidden("You are not allowed to delete this Tweet.")
    ctx.world.delete_post(post_id)
    return Reply(json={"data": {"deleted": True}})


def _acting_as_self(ctx: Ctx) -> int:
    user_id = ctx.path_id()
    if user_id != ctx.caller.user_id:
        raise forbidden("You are not allowed to act on behalf of another user.")
    return user_id


def _target(ctx: Ctx, post_id: int) -> Post:
    post = ctx.world.posts.get(post_id)
    if post is None or not ctx.world.can_see(post, ctx.caller.user_id):
        raise forbidden("You cannot act on a Tweet that is deleted or not visible to you.")
    return post


def like(ctx: Ctx) -> Reply:
    me_id = _acting_as_self(ctx)
    if ctx.plan == SELF_SERVE:
        raise forbidden(LIKES_FORBIDDEN)
    post = _target(ctx, ctx.body_id("tweet_id"))
    ctx.world.like(me_id, post.id, ctx.now)
    return Reply(json={"data": {"liked": True}})


def unlike(ctx: Ctx) -> Reply:
    me_id = _acting_as_self(ctx)
    if ctx.plan == SELF_SERVE:
        raise forbidden(LIKES_FORBIDDEN)
    ctx.world.unlike(me_id, parse_id("tweet_id", ctx.path["tweet_id"]))
    return Reply(json={"data": {"liked": False}})


def retweet(ctx: Ctx) -> Reply:
    me_id = _acting_as_self(ctx)
    post = _target(ctx, ctx.body_id("tweet_id"))
    if post.is_retweet:
        raise forbidden("You cannot repost a repost.")
    already = me_id in ctx.world.retweets.get(post.id, {})
    repost = ctx.world.add_retweet(me_id, post.id, ctx.now)
    price = None if already else billing.REPOST
    return Reply(json={"data": {"id": str(repost.id), "retweeted": True}}, write_price=price)


def unretweet(ctx: Ctx) -> Reply:
    me_id = _acting_as_self(ctx)
    ctx.world.remove_retweet(me_id, parse_id("source_tweet_id", ctx.path["source_tweet_id"]))
    return Reply(json={"data": {"retweeted": False}})


__all__ = ["ApiError"]
