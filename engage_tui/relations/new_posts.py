"""What turning on (or off) a prospect's new posts in the inbox would do, in
the words of the one-line question that asks the user's consent.

A prospect is a person: each of their accounts is asked on its own network,
where the network tells engage for free when someone posts (its registry
entry's ``new_posts`` says how); elsewhere (X, where it would be a paid read)
the prospects pane's schedule stays, and the question says so.
"""

from __future__ import annotations

from dataclasses import dataclass

from engage_tui.domain import Person
from engage_tui.platforms import registry
from engage_tui.store.aggregates.subscriptions import PersonSubscriptions
from engage_tui.text.safe import clean_text


@dataclass(frozen=True, slots=True)
class NewPostsPlan:
    """``accounts`` to ask for (``on``, or off), with the ``question`` that
    asks consent; no accounts means nothing can be done, and ``question``
    then says why."""

    on: bool
    accounts: tuple[Person, ...]
    question: str


def _who(person: Person) -> str:
    return "@" + clean_text(person.handle, single_line=True)


def _words(network: str, attr: str) -> str:
    known = registry.find(network)
    return str(getattr(known, attr)) if known is not None else ""


def _grouped(accounts: list[Person], attr: str) -> list[tuple[str, str]]:
    """("Mastodon and Bluesky", words) for each distinct ``attr`` words."""
    by_words: dict[str, list[str]] = {}
    for account in accounts:
        names = by_words.setdefault(_words(account.network, attr), [])
        name = registry.network_name(account.network)
        if name not in names:
            names.append(name)
    return [(" and ".join(names), words) for words, names in by_words.items() if words]


def plan(found: PersonSubscriptions) -> NewPostsPlan:
    able = [a for a in found.accounts if _words(a.network, "new_posts")]
    unable = [a for a in found.accounts if a not in able]
    who = _who(found.accounts[0]) if found.accounts else "this person"
    cannot = _grouped(unable, "no_new_posts")
    if not able:
        reason = "; ".join(f"on {names}: {words}" for names, words in cannot)
        return NewPostsPlan(
            True, (), f"New posts by {who} cannot come to your inbox {reason or 'here'}."
        )
    why_not = "; ".join(f"not on {names} ({words})" for names, words in cannot)
    if all((s := found.subscriptions.get(a.id)) is not None and s.wanted for a in able):
        kept = "; ".join(f"on {names} {words}" for names, words in _grouped(able, "new_posts_off"))
        return NewPostsPlan(
            False,
            tuple(able),
            f"Stop sending new posts by {who} to your inbox?"
            + (f" {kept[0].upper()}{kept[1:]}." if kept else ""),
        )
    how = "; ".join(f"on {names} this {words}" for names, words in _grouped(able, "new_posts"))
    said = how + (f"; {why_not}" if why_not else "")
    return NewPostsPlan(
        True, tuple(able), f"Send new posts by {who} to your inbox? {said[0].upper()}{said[1:]}."
    )
