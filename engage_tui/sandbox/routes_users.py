"""User routes: lookups, mentions, a user's posts, followers, lists, reposts of me."""

from __future__ import annotations

from collections.abc import Iterable

from engage_tui.sandbox import billing
from engage_tui.sandbox.context import Ctx, Reply, bill
from engage_tui.sandbox.paging import edge_page, paged
from engage_tui.sandbox.params import USERNAME, parse_id
from engage_tui.sandbox.problems import bad_param, not_authorized_item, not_found_item
from engage_tui.sandbox.world import Post, User

MENTIONS_DEPTH = 800
USER_TIMELINE_DEPTH = 3200


def _user_or_error(ctx: Ctx, name: str = "id") -> tuple[User | None, Reply | None]:
    user_id = ctx.path_id(name)
    user = ctx.world.users.get(user_id)
    if user is None:
        return None, Reply(json={"errors": [not_found_item("user", name, str(user_id))]})
    return user, None


def me(ctx: Ctx) -> Reply:
    assert ctx.caller.user_id is not None
    body = ctx.renderer("user").users([ctx.world.users[ctx.caller.user_id]], single=True)
    return Reply(json=body.json, billed=bill(body, billing.USER, data_kind="user"))


def user_by_id(ctx: Ctx) -> Reply:
    renderer = ctx.renderer("user")
    user, error = _user_or_error(ctx)
    if error:
        return error
    assert user is not None
    body = renderer.users([user], single=True)
    return Reply(json=body.json, billed=bill(body, billing.USER, data_kind="user"))


def _check_username(name: str, value: str) -> None:
    if USERNAME.fullmatch(value) is None:
        raise bad_param(
            name,
            value,
            f"The `{name}` query parameter value [{value}] does not match ^[A-Za-z0-9_]{{1,15}}$",
        )


def user_by_username(ctx: Ctx) -> Reply:
    renderer = ctx.renderer("user")
    username = ctx.path["username"]
    _check_username("username", username)
    user = ctx.world.user_named(username)
    if user is None:
        return Reply(json={"errors": [not_found_item("user", "username", username)]})
    body = renderer.users([user], single=True)
    return Reply(json=body.json, billed=bill(body, billing.USER, data_kind="user"))


def _lookup_users(ctx: Ctx, param: str, values: list[str], find: dict[str, User | None]) -> Reply:
    renderer = ctx.renderer("user")
    found: list[User] = []
    errors = []
    for value in values:
        user = find.get(value)
        if user is None:
            errors.append(not_found_item("user", param, value))
        else:
            found.append(user)
    renderer.add_errors(errors)
    body = renderer.users(found)
    return Reply(json=body.json, billed=bill(body, billing.USER, data_kind="user"))


def users_by_ids(ctx: Ctx) -> Reply:
    values = ctx.query.id_list("ids")
    find = {v: ctx.world.users.get(parse_id("ids", v)) for v in values}
    return _lookup_users(ctx, "ids", values, find)


def users_by_usernames(ctx: Ctx) -> Reply:
    values = ctx.query.id_list("usernames")
    for value in values:
        _check_username("usernames", value)
    find = {v: ctx.world.user_named(v) for v in values}
    return _lookup_users(ctx, "usernames", values, find)


def window(ctx: Ctx, posts: Iterable[Post], *, since: bool = True) -> list[Post]:
    """Apply since_id / until_id / start_time / end_time; keep the newest-first order."""
    since_id = ctx.query.post_id("since_id") if since else None
    until_id = ctx.query.post_id("until_id") if since else None
    start = ctx.query.time("start_time")
    end = ctx.query.time("end_time")
    out = []
    for post in posts:
        if since_id is not None and post.id <= since_id:
            continue
        if until_id is not None and post.id >= until_id:
            continue
        if start is not None and post.created_at < start:
            continue
        if end is not None and post.created_at > end:
            continue
        out.append(post)
    return out


def newest_first(ctx: Ctx, ids: list[int], depth: int) -> list[Post]:
    """The newest ``depth`` posts of ``ids`` this caller may see."""
    out: list[Post] = []
    for post_id in reversed(ids):
        post = ctx.world.posts[post_id]
        if ctx.world.can_see(post, ctx.viewer_id):
            out.append(post)
            if len(out) >= depth:
                break
    return out


def post_page(
    ctx: Ctx, posts: list[Post], size: int, price: float, *, id_range: bool = True
) -> Reply:
    """A page of posts; X puts newest_id/oldest_id only in timeline and search metas."""
    renderer = ctx.renderer("post")
    return paged(ctx, renderer, "post", posts, lambda p: p.id, size, price, id_range=id_range)


def mentions(ctx: Ctx) -> Reply:
    size = ctx.query.max_results(5, 100, 10)
    user, error = _user_or_error(ctx)
    if error:
        return error
    assert user is not None
    posts = newest_first(ctx, ctx.world.mentions_of.get(user.id, []), MENTIONS_DEPTH)
    price = billing.OWNED if ctx.owned(user.id) else billing.OTHER_POST
    return post_page(ctx, window(ctx, posts), size, price)


def user_posts(ctx: Ctx) -> Reply:
    size = ctx.query.max_results(5, 100, 10)
    exclude = ctx.query.exclusions()
    user, error = _user_or_error(ctx)
    if error:
        return error
    assert user is not None
    if user.protected and not _may_read(ctx, user):
        return Reply(json={"errors": [not_authorized_item("user", "id", str(user.id))]})
    posts = newest_first(ctx, ctx.world.posts_by_author.get(user.id, []), USER_TIMELINE_DEPTH)
    posts = excluding(posts, exclude)
    price = billing.OWNED if ctx.owned(user.id) else billing.OTHER_POST
    return post_page(ctx, window(ctx, posts), size, price)


def excluding(posts: list[Post], exclude: set[str]) -> list[Post]:
    if "replies" in exclude:
        posts = [p for p in posts if not p.is_reply]
    if "retweets" in exclude:
        posts = [p for p in posts if not p.is_retweet]
    return posts


def _may_read(ctx: Ctx, user: User) -> bool:
    viewer = ctx.viewer_id
    return viewer == user.id or (
        viewer is not None and viewer in ctx.world.followers.get(user.id, {})
    )


def followers(ctx: Ctx) -> Reply:
    size = ctx.query.max_results(1, 1000, 100)
    renderer = ctx.renderer("user")
    user, error = _user_or_error(ctx)
    if error:
        return error
    assert user is not None
    edges = ctx.world.followers.get(user.id, {}).items()
    price = billing.OWNED if ctx.owned(user.id) else billing.USER
    return edge_page(ctx, renderer, "user", edges, size, price)


def list_memberships(ctx: Ctx) -> Reply:
    size = ctx.query.max_results(1, 100, 100)
    renderer = ctx.renderer("list")
    user, error = _user_or_error(ctx)
    if error:
        return error
    assert user is not None
    edges = (
        (lid, edge)
        for lid, edge in ctx.world.memberships.get(user.id, {}).items()
        if not ctx.world.lists[lid].private or ctx.world.lists[lid].owner_id == ctx.viewer_id
    )
    price = billing.OWNED if ctx.owned(user.id) else billing.OTHER_LIST
    return edge_page(ctx, renderer, "list", edges, size, price)


def owned_lists(ctx: Ctx) -> Reply:
    size = ctx.query.max_results(1, 100, 100)
    renderer = ctx.renderer("list")
    user, error = _user_or_error(ctx)
    if error:
        return error
    assert user is not None
    lists = sorted(
        (
            xl
            for xl in ctx.world.lists.values()
            if xl.owner_id == user.id and (not xl.private or ctx.viewer_id == user.id)
        ),
        key=lambda xl: xl.id,
        reverse=True,
    )
    price = billing.OWNED if ctx.owned(user.id) else billing.OTHER_LIST
    return paged(ctx, renderer, "list", lists, lambda xl: xl.id, size, price)


def reposts_of_me(ctx: Ctx) -> Reply:
    size = ctx.query.max_results(1, 100, 100)
    me_id = ctx.caller.user_id
    world = ctx.world
    retweet_ids = sorted(
        rid
        for pid in world.posts_by_author.get(me_id or 0, [])
        for rid in world.retweets.get(pid, {}).values()
        if not world.posts[rid].deleted
    )
    posts = newest_first(ctx, retweet_ids, len(retweet_ids) or 1)
    return post_page(ctx, posts, size, billing.OTHER_POST, id_range=False)
