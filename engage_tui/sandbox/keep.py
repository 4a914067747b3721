"""What the owner made through the API, kept between runs of a rebuilt world.

The demo rebuilds its world from a seed and a start time at every run, so
the private list engage created for the prospects would be gone the next
time, and engage would make a new one at every other sync ("the list was
gone", then "created a private list"). The demo keeps the owner's lists in
its profile folder as plain JSON and hands them back to the rebuilt world.
"""

from __future__ import annotations

from typing import Any

from engage_tui.sandbox.ids import iso_ms, parse_iso
from engage_tui.sandbox.world import World, XList


def owner_lists(world: World) -> list[dict[str, Any]]:
    """The lists the owner owns, with their members and when each was added."""
    with world.lock:
        return [
            {
                "id": str(xlist.id),
                "name": xlist.name,
                "description": xlist.description,
                "private": xlist.private,
                "created_at": iso_ms(xlist.created_at),
                "members": [
                    [str(user_id), iso_ms(edge.at)]
                    for user_id, edge in sorted(xlist.members.items(), key=lambda m: m[1].seq)
                ],
            }
            for xlist in world.lists.values()
            if xlist.owner_id == world.owner_id
        ]


def restore_owner_lists(world: World, kept: object) -> int:
    """Give the owner back the lists ``owner_lists`` returned; returns how
    many. A list the world holds already, a member it does not know, or a
    record of the wrong shape is passed over: the file is the demo's own,
    and the worst a bad one does is a list made again."""
    if not isinstance(kept, list):
        return 0
    restored = 0
    with world.lock:
        for record in kept:
            xlist = _list_of(record, world.owner_id)
            if xlist is None or xlist.id in world.lists:
                continue
            world.add_list(xlist)
            for member in record["members"]:
                if _member_ok(member) and int(member[0]) in world.users:
                    world.add_member(xlist.id, int(member[0]), parse_iso(member[1]))
            restored += 1
    return restored


def _list_of(record: object, owner_id: int) -> XList | None:
    if not isinstance(record, dict):
        return None
    try:
        return (
            XList(
                id=int(str(record["id"])),
                name=str(record["name"]),
                owner_id=owner_id,
                created_at=parse_iso(str(record["created_at"])),
                description=str(record.get("description", "")),
                private=bool(record.get("private", False)),
            )
            if isinstance(record.get("members"), list)
            else None
        )
    except (KeyError, ValueError, OverflowError):
        return None


def _member_ok(member: object) -> bool:
    if not (isinstance(member, list) and len(member) == 2):
        return False
    user_id, at = member
    if not (isinstance(user_id, str) and user_id.isdigit() and isinstance(at, str)):
        return False
    try:
        parse_iso(at)
    except (ValueError, OverflowError):
        return False
    return True
