"""What a route handler receives and returns."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from engage_tui.sandbox import billing
from engage_tui.sandbox.auth import Caller
from engage_tui.sandbox.params import Query, is_id, parse_id
from engage_tui.sandbox.problems import invalid_body
from engage_tui.sandbox.render import Body, Renderer
from engage_tui.sandbox.world import Post, World

SELF_SERVE = "pay-per-use"
PLANS = (SELF_SERVE, "basic", "pro")


@dataclass(slots=True)
class Reply:
    status: int = 200
    json: dict[str, Any] = field(default_factory=dict)
    # Resources returned, for the meter: (kind, id, dollars).
    billed: list[tuple[str, int, float]] = field(default_factory=list)
    write_price: float | None = None


@dataclass(slots=True)
class Ctx:
    world: World
    query: Query
    caller: Caller
    path: dict[str, str]
    body: Any
    now: datetime
    plan: str

    @property
    def viewer_id(self) -> int | None:
        return self.caller.user_id

    def renderer(self, kind: str) -> Renderer:
        return Renderer(self.world, self.query, self.viewer_id, kind=kind)

    def path_id(self, name: str = "id") -> int:
        return parse_id(name, self.path[name])

    def owned(self, user_id: int) -> bool:
        """Own-data prices: the id is the owner's and the caller is the owner (or its app)."""
        return user_id == self.world.owner_id and self.caller.user_id in (None, user_id)

    def json_body(self) -> dict[str, Any]:
        if not isinstance(self.body, dict):
            raise invalid_body("$: object expected")
        return self.body

    def body_id(self, name: str) -> int:
        value = self.json_body().get(name)
        if not isinstance(value, str) or not is_id(value):
            raise invalid_body(f"$.{name}: does not match the regex pattern ^[0-9]{{1,19}}$")
        return int(value)


def bill(
    body: Body, data_price: float | Callable[[int], float], *, data_kind: str
) -> list[tuple[str, int, float]]:
    """Price the data items at ``data_price`` and the includes at list prices."""
    items: list[tuple[str, int, float]] = []
    ids = {"post": body.data_posts, "user": body.data_users, "list": body.data_lists}[data_kind]
    for item_id in ids:
        price = data_price(item_id) if callable(data_price) else data_price
        items.append((data_kind, item_id, price))
    items += [("user", uid, billing.USER) for uid in body.include_users]
    items += [("post", pid, billing.OTHER_POST) for pid in body.include_posts]
    return items


def timeline_meta(page: list[Post], next_token: str | None) -> dict[str, Any]:
    meta: dict[str, Any] = {"result_count": len(page)}
    if page:
        meta["newest_id"] = str(page[0].id)
        meta["oldest_id"] = str(page[-1].id)
    if next_token:
        meta["next_token"] = next_token
    return meta


def list_meta(count: int, next_token: str | None) -> dict[str, Any]:
    meta: dict[str, Any] = {"result_count": count}
    if next_token:
        meta["next_token"] = next_token
    return meta
