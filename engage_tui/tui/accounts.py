"""The accounts as the TUI names them: whose inbox row this is, who replies.

An ``AccountBook`` lists the signed-in accounts (the controller's, first one
first), then any whose rows are stored though they are signed out now. A row
kept from before engage knew whose it was (account "") belongs to the first
account of its network, the one that would send an answer to it; that is
also how the filter and the composer read it.

Every name shown is cleaned: a handle comes from the network or a shared
file, and its control characters must never reach the terminal.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from rich.cells import cell_len

from engage_tui.text.safe import clean_text

if TYPE_CHECKING:
    from engage_tui.store import Store
    from engage_tui.sync.account_info import AccountInfo
    from engage_tui.sync.controller import SyncController
    from engage_tui.tui.compose_request import ComposeRequest
    from engage_tui.tui.context import Services

# The column never grows past this: "X·alice" is 7 cells, a tag at most 9.
TAG_WIDTH_MAX = 10
# What rows of an account engage cannot name are labelled.
UNKNOWN = "no known account"


class AccountBook:
    """The accounts a screen names, and how it names each one."""

    __slots__ = ("_infos", "_signed_in", "_stored")

    def __init__(
        self, signed_in: Sequence[AccountInfo] = (), stored: Sequence[AccountInfo] = ()
    ) -> None:
        self._signed_in = tuple(signed_in)
        self._stored = tuple(stored)
        known = {a.id for a in self._signed_in}
        self._infos = self._signed_in + tuple(a for a in self._stored if a.id not in known)

    @property
    def stored(self) -> tuple[AccountInfo, ...]:
        """The accounts whose rows are stored, as read (signed in or not)."""
        return self._stored

    @property
    def infos(self) -> tuple[AccountInfo, ...]:
        """Every account named, signed-in ones first."""
        return self._infos

    @property
    def several(self) -> bool:
        """More than one account to tell apart: rows then say whose they are."""
        return len(self._infos) > 1

    def owner_of(self, account: str, network: str) -> AccountInfo | None:
        """Whose row this is: its own account, else the first of its network."""
        if account:
            for info in self._infos:
                if info.id == account:
                    return info
        for info in self._infos:
            if info.network == network:
                return info
        return None

    def tag(self, account: str, network: str) -> str:
        """The inbox column's few characters for a row (plain text, cleaned)."""
        info = self.owner_of(account, network)
        if info is None:
            return _network_name(network)
        return clean_text(info.tag if info.handle else info.network_name, single_line=True)

    def tag_width(self) -> int:
        """The column's width in cells; 0 (no column) with only one account."""
        if not self.several:
            return 0
        widest = max(cell_len(self.tag(a.id, a.network)) for a in self._infos)
        return min(max(widest, 2), TAG_WIDTH_MAX)

    def label(self, info: AccountInfo) -> str:
        """ "X @alice", cleaned, and said to be signed out when it is."""
        words = clean_text(info.label, single_line=True)
        return words if info in self._signed_in else f"{words} (signed out)"

    def filter_ids(self, info: AccountInfo) -> frozenset[str]:
        """The store's ``accounts=`` for one account's rows: with the rows of
        unknown account on its network when it is that network's first."""
        first = self.owner_of("", info.network)
        return frozenset({info.id, ""}) if first == info else frozenset({info.id})


def signed_in(controller: SyncController | None) -> tuple[AccountInfo, ...]:
    return controller.accounts() if controller is not None else ()


def book_now(svc: Services) -> AccountBook:
    """The book from what costs nothing to read (on the UI thread, before the
    first frame): the controller's accounts, or without one the owners the
    store remembers, resolved only when there are several."""
    if svc.controller is not None:
        return AccountBook(svc.controller.accounts())
    owners = svc.store.sync_state.known_owners()
    return AccountBook((), stored_accounts(svc.store, owners)) if len(owners) > 1 else AccountBook()


def book_with_stored(svc: Services) -> AccountBook:
    """The book with the accounts whose rows are stored: a read of the whole
    notifications index, so for a worker thread."""
    ids = svc.store.inbox.accounts()
    known = svc.store.sync_state.known_owners() if svc.controller is None else []
    accounts = signed_in(svc.controller)
    return AccountBook(
        accounts, stored_accounts(svc.store, dict.fromkeys([*known, *ids]), accounts)
    )


def stored_accounts(
    store: Store, ids: Iterable[str], signed: Sequence[AccountInfo] = ()
) -> list[AccountInfo]:
    """Accounts named by person id, as the store knows those people. Rows of
    no known account ("", kept from before engage knew whose they were) are
    the first account's of their network; on a network with no account
    named, they are one more account, named by the network alone."""
    from engage_tui.relations.handles import network_label
    from engage_tui.sync.account_info import AccountInfo

    out: list[AccountInfo] = []
    unnamed = False
    for account in ids:
        if not account:
            unnamed = True
            continue
        person = store.people.get(account)
        network = person.network if person is not None else ""
        out.append(
            AccountInfo(
                account,
                network,
                network_label(network) if network else UNKNOWN,
                person.handle if person is not None else "",
            )
        )
    if unnamed:
        # Such rows came from one network (the v7 migration gave the owner's
        # network's rows their account): the newest of them says which.
        newest = store.inbox.window(limit=1, include_done=True, accounts=frozenset({""}))
        network = newest[0].notification.network if newest else ""
        if network and all(a.network != network for a in (*signed, *out)):
            out.append(AccountInfo("", network, network_label(network)))
    return out


def _network_name(network: str) -> str:
    from engage_tui.relations.handles import network_label

    return clean_text(network_label(network), single_line=True)


# --- who answers ------------------------------------------------------------------


def request_network(svc: Services, request: ComposeRequest) -> str:
    """The network the words go to: the post answered's, the person thanked's,
    else the first signed-in account's."""
    if request.target is not None:
        return request.target.network
    if request.person is not None:
        return request.person.network
    owner = svc.controller.owner() if svc.controller is not None else None
    return owner.network if owner is not None else ""


def answering_accounts(svc: Services, request: ComposeRequest) -> list[AccountInfo]:
    """The signed-in accounts that may answer ``request``, the one to use first:
    the request's own (an inbox row's account), else the network's first."""
    network = request_network(svc, request)
    found = [a for a in signed_in(svc.controller) if a.network == network]
    chosen = [a for a in found if request.account and a.id == request.account]
    return chosen + [a for a in found if a not in chosen]


def not_signed_in(svc: Services, request: ComposeRequest) -> str | None:
    """Why nobody can answer ``request`` (no account on its network), or None.
    Offline (no controller) the words are queued as before, to send later."""
    if svc.controller is None or answering_accounts(svc, request):
        return None
    from engage_tui.relations.handles import network_label, sign_in_command

    network = request_network(svc, request)
    name = clean_text(network_label(network), single_line=True) or "that network"
    login = sign_in_command(network)
    return (
        f"No {name} account is signed in, so nobody can answer this from here. "
        f"Run `{login}` to add one; your other accounts are unchanged."
    )


def acting_controller(
    svc: Services, request: ComposeRequest, account: AccountInfo | None
) -> SyncController | None:
    """The controller that acts as ``account``: its network's rules and routes."""
    if svc.controller is None:
        return None
    network = request_network(svc, request)
    return svc.controller.for_account(network, account.id if account is not None else "")
