"""Whose new posts the owner asked a network to send as notifications
(schema v14, ``post_subscriptions``): the user's wish, and how it went.

The TUI writes the wish (``want``); the sync engine of the account's network
reads what is waiting (``waiting``), asks the network, and records the
answer (``settled`` or ``failed``). A row is one account, never a person: a
person linked across networks has one row per network that can do it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from engage_tui.domain import Person
from engage_tui.store import inbox, links
from engage_tui.store.aggregates.base import Aggregate
from engage_tui.store.timeutil import to_us

TURNING_ON = "turning_on"
ON = "on"
TURNING_OFF = "turning_off"
FAILED = "failed"


@dataclass(frozen=True, slots=True)
class Subscription:
    account_id: str
    network: str
    state: str  # one of the states above
    message: str = ""  # why it failed, or what the network held back

    @property
    def wanted(self) -> bool:
        """Whether the user's last word was "on" (or it is on)."""
        return self.state in (TURNING_ON, ON)


@dataclass(frozen=True, slots=True)
class PersonSubscriptions:
    """A person's accounts (every linked one, in link order) and the
    subscriptions of those that have one."""

    accounts: tuple[Person, ...]
    subscriptions: dict[str, Subscription]


class Subscriptions(Aggregate):
    def of_person(self, account_id: str) -> PersonSubscriptions:
        with self._read() as conn:
            ids = links.accounts_of(conn, account_id)
            people = inbox.people_by_id(conn, ids)
            found = {
                row[0]: Subscription(*row)
                for row in conn.execute(
                    "SELECT account_id, network, state, message FROM post_subscriptions"
                    f" WHERE account_id IN ({', '.join('?' * len(ids))})",
                    ids,
                )
            }
        return PersonSubscriptions(tuple(people[i] for i in ids if i in people), found)

    def want(self, accounts: list[Person], on: bool, at: datetime) -> None:
        """The user asked for ``accounts``' new posts (``on``) or no more; the
        engine of each account's network carries it out at its next pass."""
        state = TURNING_ON if on else TURNING_OFF
        with self._write() as conn:
            conn.executemany(
                "INSERT INTO post_subscriptions(account_id, network, state, asked_us)"
                " VALUES (?, ?, ?, ?) ON CONFLICT(account_id) DO UPDATE SET"
                " state = excluded.state, asked_us = excluded.asked_us, done_us = NULL,"
                " message = ''",
                [(p.id, p.network, state, to_us(at)) for p in accounts],
            )

    def waiting(self, network: str) -> list[tuple[Person, bool]]:
        """What ``network``'s engine has still to ask for, oldest wish first:
        each account, and whether to turn it on (False: off)."""
        with self._read() as conn:
            rows = conn.execute(
                "SELECT account_id, state FROM post_subscriptions"
                " WHERE network = ? AND state IN (?, ?) ORDER BY asked_us, account_id",
                (network, TURNING_ON, TURNING_OFF),
            ).fetchall()
            people = inbox.people_by_id(conn, [r[0] for r in rows])
        return [(people[a], state == TURNING_ON) for a, state in rows if a in people]

    def settled(self, account_id: str, on: bool, at: datetime, message: str = "") -> bool:
        """The network did what was asked: on, or off (the row goes). False
        when the user changed their mind meanwhile (the new wish stays)."""
        asked = TURNING_ON if on else TURNING_OFF
        with self._write() as conn:
            if on:
                done = conn.execute(
                    "UPDATE post_subscriptions SET state = ?, done_us = ?, message = ?"
                    " WHERE account_id = ? AND state = ?",
                    (ON, to_us(at), message, account_id, asked),
                )
            else:
                done = conn.execute(
                    "DELETE FROM post_subscriptions WHERE account_id = ? AND state = ?",
                    (account_id, asked),
                )
            return done.rowcount > 0

    def failed(self, account_id: str, on: bool, at: datetime, message: str) -> None:
        """The network refused: the wish is dropped with its reason (pressing
        the key again asks again). A refused "off" is failed too, never "on":
        engage cannot tell what the network holds then."""
        asked = TURNING_ON if on else TURNING_OFF
        with self._write() as conn:
            conn.execute(
                "UPDATE post_subscriptions SET state = ?, done_us = ?, message = ?"
                " WHERE account_id = ? AND state = ?",
                (FAILED, to_us(at), message, account_id, asked),
            )
