from __future__ import annotations

import pytest

from engage_tui import credentials
from engage_tui.credentials import Secret
from engage_tui.platforms.x import tokens
from engage_tui.platforms.x.tokens import StoredCredentials

CREDS = StoredCredentials(
    consumer_key=Secret("ck"),
    consumer_secret=Secret("cs-very-secret"),
    access_token=Secret("1000000000000000001-tok"),
    access_token_secret=Secret("ats-very-secret"),
    api_base="http://127.0.0.1:1",
)


def test_secret_never_shows_in_repr() -> None:
    assert "very-secret" not in repr(CREDS)
    assert repr(Secret("abc")) == "'***'"


def test_user_id_comes_from_the_access_token_prefix() -> None:
    assert CREDS.user_id == "1000000000000000001"


def test_tokens_round_trip_through_the_keyring(test_keyring) -> None:
    tokens.save("shop", CREDS)
    loaded = tokens.load("shop")
    assert loaded == CREDS
    assert credentials.delete("shop")
    assert tokens.load("shop") is None


def test_environment_describes_an_account(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in {
        "ENGAGE_X_CONSUMER_KEY": "ck",
        "ENGAGE_X_CONSUMER_SECRET": "cs",
        "ENGAGE_X_ACCESS_TOKEN": "42-t",
        "ENGAGE_X_ACCESS_TOKEN_SECRET": "ts",
        "ENGAGE_X_API_BASE": "http://127.0.0.1:9",
    }.items():
        monkeypatch.setenv(name, value)
    creds = tokens.from_environment()
    assert creds is not None
    assert creds.user_id == "42"
    assert creds.api_base == "http://127.0.0.1:9"


def test_partial_environment_is_not_an_account(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ENGAGE_X_CONSUMER_KEY", "ck")
    assert tokens.from_environment() is None


def test_no_keyring_backend_is_said_plainly(monkeypatch: pytest.MonkeyPatch) -> None:
    import keyring
    from keyring.backends import fail

    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        with pytest.raises(credentials.NoKeyring, match="ENGAGE_X_CONSUMER_KEY"):
            tokens.save("shop", CREDS)
    finally:
        keyring.set_keyring(previous)


def test_plaintext_backend_is_never_a_silent_fallback(
    monkeypatch: pytest.MonkeyPatch, tmp_path
) -> None:
    import keyring
    from keyrings.alt.file import PlaintextKeyring

    monkeypatch.delenv("PYTHON_KEYRING_BACKEND", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "no-keyringrc"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    previous = keyring.get_keyring()
    keyring.set_keyring(PlaintextKeyring())
    try:
        with pytest.raises(credentials.NoKeyring):
            tokens.save("shop", CREDS)
        assert not list((tmp_path / "data").rglob("*.cfg"))
    finally:
        keyring.set_keyring(previous)
