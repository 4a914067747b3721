"""engage's own small record of signed-in accounts (state.toml in the data dir).

Written with tomli-w because engage owns this file; the user's config.toml
is never written. No secrets here: every network keeps its tokens or session
in the keyring. Sits above ``platforms/``: it reads the registry of networks.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import NamedTuple

from engage_tui.paths import create_private_file, ensure_dir
from engage_tui.platforms.registry import ORIGINAL


# NamedTuples, not frozen dataclasses: `engage` builds both classes before
# its first frame, and a dataclass costs about ten times more to create.
class SignedInAccount(NamedTuple):
    """One signed-in account in state.toml (its secrets are in the keyring)."""

    name: str  # the keyring entry's name
    user_id: str
    handle: str
    api_base: str | None = None  # another X API base, or the Bluesky server (PDS)
    network: str = ORIGINAL  # its network's name, as the registry lists it


class AppState(NamedTuple):
    """state.toml: the signed-in accounts, and which one `engage` opens."""

    accounts: tuple[SignedInAccount, ...] = ()
    default: str | None = None

    def account(self, name: str | None) -> SignedInAccount | None:
        name = name or self.default
        for acc in self.accounts:
            if acc.name == name:
                return acc
        return self.accounts[0] if self.accounts and name is None else None


def load_state(path: Path) -> AppState:
    try:
        # Bytes, as tomllib reads a file: read_text would turn a lone carriage
        # return (not TOML) into a line break and read a damaged file as good.
        text = path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        return AppState()
    except UnicodeDecodeError:
        return _damaged(path)
    # As in config.py: tomllib loads only when there is a file to read.
    import tomllib

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return _damaged(path)
    accounts = tuple(
        SignedInAccount(
            name=str(a["name"]),
            user_id=str(a["user_id"]),
            handle=str(a["handle"]),
            api_base=a.get("api_base"),
            network=str(a.get("network", ORIGINAL)),
        )
        for a in data.get("accounts", [])
        if isinstance(a, dict) and {"name", "user_id", "handle"} <= a.keys()
    )
    return AppState(accounts=accounts, default=data.get("default"))


def _damaged(path: Path) -> AppState:
    # Our own file, damaged: the tokens are safe in the keyring, so the
    # worst case is signing in again. Keep a copy for the curious.
    path.replace(path.with_suffix(".toml.damaged"))
    return AppState()


def save_state(path: Path, state: AppState) -> None:
    import tomli_w  # only signing in and out write: opening the app reads

    ensure_dir(path.parent)
    doc: dict[str, object] = {
        "accounts": [{k: v for k, v in vars_(a).items() if v is not None} for a in state.accounts]
    }
    if state.default:
        doc["default"] = state.default
    tmp = path.with_suffix(".tmp")
    tmp.unlink(missing_ok=True)  # a leftover may have been made under another umask
    create_private_file(tmp)
    tmp.write_text(tomli_w.dumps(doc), "utf-8")
    os.replace(tmp, path)


def vars_(acc: SignedInAccount) -> dict[str, str | None]:
    return {
        "name": acc.name,
        "user_id": acc.user_id,
        "handle": acc.handle,
        "api_base": acc.api_base,
        # Files written before Bluesky name no network: those are the original
        # network's (X's) accounts, and its accounts are still written so.
        "network": acc.network if acc.network != ORIGINAL else None,
    }
