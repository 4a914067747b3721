"""A user's bio and website as X's v2 shows them: every address in the bio is
a t.co link, and ``entities.description.urls`` gives what each one expands to;
``/_sandbox/profile`` is the user editing their own profile."""

from __future__ import annotations

from typing import Any

from .sandbox_support import Wire


def _someone(wire: Wire) -> dict[str, Any]:
    return next(u for u in wire.state()["users"] if str(u["id"]) != wire.owner_id)


def test_a_bio_address_is_wrapped_in_t_co_and_expanded_in_the_entities(wire: Wire) -> None:
    user = _someone(wire)
    wire.control(
        "POST",
        "profile",
        {"username": user["username"], "description": "shop at https://noor.example/shop today"},
    )

    answer = wire.get(
        f"/2/users/by/username/{user['username']}", **{"user.fields": "description,entities"}
    ).json()["data"]

    [link] = answer["entities"]["description"]["urls"]
    assert answer["description"] == f"shop at {link['url']} today"
    assert link["url"].startswith("https://t.co/")
    assert link["expanded_url"] == "https://noor.example/shop"
    assert answer["description"][link["start"] : link["end"]] == link["url"]


def test_a_profile_edit_names_its_fields_plainly_when_wrong(wire: Wire) -> None:
    answer = wire.session.post(
        f"{wire.base_url}/_sandbox/profile",
        json={"username": "nobody_here", "url": "x"},
        timeout=30,
    )
    assert answer.status_code == 400
    assert answer.json() == {"error": "no user @nobody_here"}
