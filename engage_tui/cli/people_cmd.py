"""`engage people link|unlink|show`: one person across networks, from the shell.

Accounts are named ``NETWORK:HANDLE`` (see ``relations.accounts``) and must
be people engage has cached (met in an inbox, a search or a prospect's
look-up): a link is between accounts engage knows, never a guess. Works
offline and on this machine only: nothing here touches a network.
"""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from engage_tui.cli.common import fail, load, open_store, say
from engage_tui.relations.accounts import BadAccount, parse_account
from engage_tui.relations.handles import network_label

if TYPE_CHECKING:
    from engage_tui.domain import Person
    from engage_tui.store import Store

EXIT_UNKNOWN = 1
EXIT_USAGE = 2
TIMELINE_SHOWN = 10


def run_people(args: argparse.Namespace) -> int:
    refs = []
    for raw in args.accounts:
        try:
            refs.append(parse_account(raw))
        except BadAccount as err:
            fail(f"{err}.", EXIT_USAGE)
    paths, _config = load()
    database = paths.demo_dir / "engage.db" if getattr(args, "demo", False) else None
    store = open_store(paths, database)
    try:
        people = [_known(store, ref.network, ref.handle, str(ref)) for ref in refs]
        if args.people_command == "link":
            return _link(store, people[0], people[1])
        if args.people_command == "unlink":
            return _unlink(store, people[0])
        return _show(store, people[0])
    finally:
        store.close()


def _known(store: Store, network: str, handle: str, typed: str) -> Person:
    person = store.people.person_on(network, handle)
    if person is None:
        fail(
            f"engage does not know {typed} yet. It knows the people in your inbox, "
            "your prospects and your searches: look them up there (or add them with "
            "`engage prospects add` and sync) and try again.",
            EXIT_UNKNOWN,
        )
    return person


def account_line(person: Person) -> str:
    """``Bluesky  @alice.bsky.social  Alice``: an account with its network label."""
    name = f"  {person.name}" if person.name else ""
    return f"{network_label(person.network)}  @{person.handle}{name}"


def _link(store: Store, first: Person, second: Person) -> int:
    if first.id == second.id:
        fail(f"@{first.handle} is the same account twice: name two accounts to link.", EXIT_USAGE)
    already = second.id in store.people.accounts_of(first.id)
    store.people.link_accounts(first.id, second.id)
    accounts = store.people.by_ids(store.people.accounts_of(first.id))
    verb = "were already" if already else "are now"
    say(f"{_names(first, second)} {verb} one person, on this machine only:")
    for person in accounts:
        say(f"  {account_line(person)}")
    return 0


def _names(first: Person, second: Person) -> str:
    return (
        f"@{first.handle} ({network_label(first.network)}) and "
        f"@{second.handle} ({network_label(second.network)})"
    )


def _unlink(store: Store, person: Person) -> int:
    if store.people.accounts_of(person.id) == [person.id]:
        say(f"@{person.handle} ({network_label(person.network)}) is not linked to anyone.")
        return 0
    store.people.unlink_account(person.id)
    say(
        f"@{person.handle} ({network_label(person.network)}) is a person of its own again; "
        "its notes, tags and history stay with it."
    )
    return 0


def _show(store: Store, person: Person) -> int:
    now = datetime.now(UTC)
    summary = store.prospects.person_summary(person.id, now)
    say(person.name or f"@{person.handle}")
    for account in summary.linked:
        say(f"  {account_line(account)}")
    engaged = summary.last_engaged_at
    say(f"Last engaged: {engaged:%Y-%m-%d %H:%M} UTC" if engaged else "Last engaged: never")
    if summary.is_prospect:
        say("A prospect.")
    say(f"Tags: {', '.join(summary.tags)}" if summary.tags else "Tags: none")
    if summary.notes:
        say("Notes:")
        for line in summary.notes.splitlines():
            say(f"  {line}")
    else:
        say("Notes: none")
    if summary.timeline:
        say("History (newest first):")
        labels = {p.id: network_label(p.network) for p in summary.linked}
        for entry in summary.timeline[:TIMELINE_SHOWN]:
            item = entry.interaction
            where = labels.get(item.person_id, "")
            say(f"  {item.at:%Y-%m-%d %H:%M}  {where:<9} {item.direction.value} {item.kind}")
    return 0
