"""engage's own state.toml (who is signed in): whatever its bytes, reading it
never fails; a damaged one is kept aside as state.toml.damaged and engage
starts as if nobody were signed in (the tokens stay in the keyring)."""

from __future__ import annotations

import tempfile
import tomllib
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from engage_tui.state import AppState, SignedInAccount, load_state, save_state

ALICE = SignedInAccount("alice", "11", "alice")


def _readable(raw: bytes) -> bool:
    try:
        tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError):
        return False
    return True


@settings(max_examples=200, deadline=None)
@given(
    st.one_of(
        st.binary(max_size=200),
        st.text(max_size=200).map(lambda t: t.encode("utf-8")),
        st.sampled_from(
            [b"[[accounts]]\nname = 'a'\n", b"accounts = [", b"\xff\xfe", b"", b'default = "a"\r']
        ),
    )
)
def test_any_state_file_is_read_or_kept_aside_never_an_error(raw: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "state.toml"
        path.write_bytes(raw)
        state = load_state(path)
        damaged = path.with_suffix(".toml.damaged")
        if _readable(raw):
            assert path.read_bytes() == raw and not damaged.exists()
        else:
            assert state == AppState()
            assert damaged.read_bytes() == raw and not path.exists()


def test_a_missing_state_file_is_nobody_signed_in(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    assert load_state(folder / "state.toml") == AppState()
    assert list(folder.iterdir()) == []


def test_a_state_file_written_by_engage_reads_back(tmp_path: Path) -> None:
    path = tmp_path / "state.toml"
    save_state(path, AppState(accounts=(ALICE,), default="alice"))
    assert load_state(path) == AppState(accounts=(ALICE,), default="alice")
