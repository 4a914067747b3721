"""The one pager of every paged route: a newest-first page of posts, users or
lists, its ``meta`` (with ``next_token`` while more are left) and its bill.

Each route builds its renderer where X checks the fields it was asked for
(before or after the lookup it answers with an error), so the pager is given
it rather than making one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any, Literal, TypeVar

from engage_tui.sandbox.context import Ctx, Reply, bill, list_meta, timeline_meta
from engage_tui.sandbox.params import paginate
from engage_tui.sandbox.render import Renderer
from engage_tui.sandbox.world import Edge

T = TypeVar("T")
Kind = Literal["post", "user", "list"]


def _itself(item: Any) -> Any:
    return item


def paged(
    ctx: Ctx,
    renderer: Renderer,
    kind: Kind,
    items: Sequence[T],
    position: Callable[[T], int],
    size: int,
    price: float,
    *,
    shown: Callable[[T], Any] = _itself,
    id_range: bool = False,
) -> Reply:
    """The page of ``items`` (newest first by ``position``) that the request's
    token points at; ``shown`` turns an item into what is rendered. X puts
    newest_id/oldest_id (``id_range``) only in timeline and search metas."""
    page, token = paginate(items, position, size, ctx.query.page_after())
    objects = [shown(item) for item in page]
    if kind == "post":
        body = renderer.posts(objects)
    elif kind == "user":
        body = renderer.users(objects)
    else:
        body = renderer.lists(objects)
    body.json["meta"] = timeline_meta(objects, token) if id_range else list_meta(len(page), token)
    return Reply(json=body.json, billed=bill(body, price, data_kind=kind))


def edge_page(
    ctx: Ctx,
    renderer: Renderer,
    kind: Literal["user", "list"],
    edges: Iterable[tuple[int, Edge]],
    size: int,
    price: float,
) -> Reply:
    """The users (or lists) that edges name, the newest edge first."""
    ordered = sorted(edges, key=lambda item: item[1].seq, reverse=True)
    table: dict[int, Any] = ctx.world.users if kind == "user" else ctx.world.lists
    return paged(
        ctx,
        renderer,
        kind,
        ordered,
        lambda item: item[1].seq,
        size,
        price,
        shown=lambda item: table[item[0]],
    )
