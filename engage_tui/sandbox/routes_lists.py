"""List routes: create, look up, delete, members, and the members' posts."""

from __future__ import annotations

from engage_tui.sandbox import billing
from engage_tui.sandbox.context import Ctx, Reply, bill
from engage_tui.sandbox.ids import snowflake
from engage_tui.sandbox.paging import edge_page
from engage_tui.sandbox.params import parse_id
from engage_tui.sandbox.problems import forbidden, not_authorized_item, not_found_item
from engage_tui.sandbox.routes_users import newest_first, post_page
from engage_tui.sandbox.world import XList

LIST_TWEETS_DEPTH = 800


def _readable_list(ctx: Ctx) -> tuple[XList | None, Reply | None]:
    list_id = ctx.path_id()
    xlist = ctx.world.lists.get(list_id)
    if xlist is None:
        return None, Reply(json={"errors": [not_found_item("list", "id", str(list_id))]})
    if xlist.private and xlist.owner_id != ctx.viewer_id:
        return None, Reply(json={"errors": [not_authorized_item("list", "id", str(list_id))]})
    return xlist, None


def _owned_list(ctx: Ctx) -> XList:
    list_id = ctx.path_id()
    xlist = ctx.world.lists.get(list_id)
    if xlist is None or (xlist.private and xlist.owner_id != ctx.caller.user_id):
        raise forbidden(f"Could not find list with id: [{list_id}].")
    if xlist.owner_id != ctx.caller.user_id:
        raise forbidden("You are not allowed to change this list.")
    return xlist


def create_list(ctx: Ctx) -> Reply:
    # bodies.create_list has checked the name, description and private flag.
    body = ctx.json_body()
    name: str = body["name"]
    description: str = body.get("description", "")
    private: bool = body.get("private", False)
    owner_id = ctx.caller.user_id
    assert owner_id is not None
    xlist = ctx.world.add_list(
        XList(
            id=snowflake(ctx.now, ctx.world.next_seq()),
            name=name,
            owner_id=owner_id,
            created_at=ctx.now,
            description=description,
            private=private,
        )
    )
    return Reply(status=201, json={"data": {"id": str(xlist.id), "name": xlist.name}})


def get_list(ctx: Ctx) -> Reply:
    renderer = ctx.renderer("list")
    xlist, error = _readable_list(ctx)
    if error:
        return error
    assert xlist is not None
    body = renderer.lists([xlist], single=True)
    price = billing.OWNED if xlist.owner_id == ctx.world.owner_id else billing.OTHER_LIST
    return Reply(json=body.json, billed=bill(body, price, data_kind="list"))


def delete_list(ctx: Ctx) -> Reply:
    xlist = _owned_list(ctx)
    for user_id in list(xlist.members):
        ctx.world.remove_member(xlist.id, user_id)
    del ctx.world.lists[xlist.id]
    return Reply(json={"data": {"deleted": True}})


def add_member(ctx: Ctx) -> Reply:
    xlist = _owned_list(ctx)
    user_id = ctx.body_id("user_id")
    if user_id not in ctx.world.users:
        raise forbidden(f"Could not find user with id: [{user_id}].")
    ctx.world.add_member(xlist.id, user_id, ctx.now)
    return Reply(json={"data": {"is_member": True}})


def remove_member(ctx: Ctx) -> Reply:
    xlist = _owned_list(ctx)
    ctx.world.remove_member(xlist.id, parse_id("user_id", ctx.path["user_id"]))
    return Reply(json={"data": {"is_member": False}})


def list_tweets(ctx: Ctx) -> Reply:
    size = ctx.query.max_results(1, 100, 100)
    xlist, error = _readable_list(ctx)
    if error:
        return error
    assert xlist is not None
    world = ctx.world
    ids = sorted(pid for uid in xlist.members for pid in world.posts_by_author.get(uid, []))
    posts = newest_first(ctx, ids, LIST_TWEETS_DEPTH)
    return post_page(ctx, posts, size, billing.OTHER_POST, id_range=False)


def list_members(ctx: Ctx) -> Reply:
    size = ctx.query.max_results(1, 100, 100)
    renderer = ctx.renderer("user")
    xlist, error = _readable_list(ctx)
    if error:
        return error
    assert xlist is not None
    return edge_page(ctx, renderer, "user", xlist.members.items(), size, billing.USER)


def follow_list(ctx: Ctx) -> Reply:
    user_id = ctx.path_id()
    if user_id != ctx.caller.user_id:
        raise forbidden("You are not allowed to act on behalf of another user.")
    list_id = ctx.body_id("list_id")
    xlist = ctx.world.lists.get(list_id)
    if xlist is None or (xlist.private and xlist.owner_id != user_id):
        raise forbidden(f"Could not find list with id: [{list_id}].")
    if ctx.world.follow_list(user_id, list_id):
        xlist.follower_count += 1
    return Reply(json={"data": {"following": True}})


def unfollow_list(ctx: Ctx) -> Reply:
    user_id = ctx.path_id()
    if user_id != ctx.caller.user_id:
        raise forbidden("You are not allowed to act on behalf of another user.")
    list_id = parse_id("list_id", ctx.path["list_id"])
    xlist = ctx.world.lists.get(list_id)
    if xlist is not None and ctx.world.unfollow_list(user_id, list_id):
        xlist.follower_count -= 1
    return Reply(json={"data": {"following": False}})
