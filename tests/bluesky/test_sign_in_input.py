"""Where text enters a Bluesky sign-in (the handle typed at the prompt or set
in ENGAGE_BSKY_HANDLE, the URL after --service or in ENGAGE_BSKY_SERVICE):
any input ends in a clean value or one plain line, never a traceback, and
nothing is sent anywhere for input that is not a handle or a server."""

from __future__ import annotations

import io
import os

import httpx
import pytest
from atproto_client.models.string_formats import is_valid_handle
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from engage_tui.cli.main import main
from engage_tui.platforms.bluesky.session import parse_handle, parse_service
from tests.cli_run import run_engage

# Never listened on here: a sign-in that got this far fails as offline.
CLOSED = "http://127.0.0.1:9"
ANY_TEXT = st.text(st.characters(codec="utf-8"), max_size=300)
NASTY = st.sampled_from(
    ["", " ", "@", "\x1b]52;c;aGk=\x07", "\x00", "\u202ehandle.test", "a" * 300, "&amp;.test"]
)


@given(st.one_of(ANY_TEXT, NASTY))
@example("@Alice.Bsky.Social ")
def test_a_handle_is_a_valid_one_in_lower_case_or_refused_plainly(raw: str) -> None:
    try:
        handle = parse_handle(raw)
    except ValueError as err:
        assert str(err).isprintable()
        assert "alice.bsky.social" in str(err)
        return
    assert is_valid_handle(handle)
    assert handle == handle.lower() == handle.strip()
    assert parse_handle(handle) == handle


def test_a_typed_handle_loses_its_at_sign_and_capitals() -> None:
    assert parse_handle(" @Alice.Bsky.Social\n") == "alice.bsky.social"


@given(st.one_of(ANY_TEXT, NASTY, st.from_regex(r"\Ahttps?://[^/?#]{0,40}(:\d{0,6})?/?\Z")))
@example("https://bsky.social/")
@example("http://[::1]:2583")
@example("https://user:pass@pds.example")
def test_a_service_is_a_bare_http_url_or_refused_plainly(raw: str) -> None:
    try:
        service = parse_service(raw)
    except ValueError as err:
        assert str(err).isprintable()
        return
    url = httpx.URL(service)
    assert url.scheme in ("http", "https")
    assert url.host and url.path in ("", "/") and not url.query and not url.userinfo
    assert parse_service(service) == service


def test_a_service_keeps_its_port_and_loses_its_trailing_slash() -> None:
    assert parse_service(" HTTPS://PDS.Example:8443/ ") == "https://pds.example:8443"


def _login(argv: list[str], typed: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    try:
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr("sys.stdin", io.StringIO(typed))
            status = main(["auth", "login", "bluesky", *argv])
    except SystemExit as stopped:
        status = stopped.code if isinstance(stopped.code, int) else 1
    out, err = capsys.readouterr()
    return status, out + err


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(handle=st.one_of(ANY_TEXT.filter(lambda s: "\n" not in s and "\r" not in s), NASTY))
@example(handle="@Alice.Test")  # a good one: it gets as far as the (closed) server
def test_any_typed_handle_ends_in_a_plain_message(
    handle: str, test_keyring, capsys: pytest.CaptureFixture[str]
) -> None:
    status, shown = _login(["--service", CLOSED], f"{handle}\napp-pass-word-here\n", capsys)

    assert status in (1, 2)
    assert "Traceback" not in shown
    assert "\x1b" not in shown and "\x07" not in shown
    assert test_keyring.get_password("engage", f"bluesky:{handle.strip().lower()}") is None


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(service=st.one_of(ANY_TEXT.filter(lambda s: not s.startswith("-")), NASTY))
@example(service=CLOSED)
def test_any_service_url_ends_in_a_plain_message(
    service: str, test_keyring, capsys: pytest.CaptureFixture[str]
) -> None:
    # A bad URL is refused before anything is asked; a good one (nothing
    # listens there, or the name does not resolve) fails as offline.
    status, shown = _login([f"--service={service}"], "alice.test\npass\n", capsys)

    assert status in (1, 2)
    assert "Traceback" not in shown
    assert "\x1b" not in shown and "\x07" not in shown


def test_a_server_that_does_not_answer_is_a_plain_sign_in_failure(
    test_keyring, capsys: pytest.CaptureFixture[str]
) -> None:
    status, shown = _login(["--service", CLOSED], "alice.test\napp-pass-word-here\n", capsys)

    assert status == 1
    assert "engage: sign-in failed:" in shown
    assert "Traceback" not in shown


def test_a_bad_service_url_is_refused_before_the_prompts(
    test_keyring, capsys: pytest.CaptureFixture[str]
) -> None:
    status, shown = _login(["--service", "ftp://pds.example"], "", capsys)

    assert status == 2
    assert shown.startswith("engage: --service: the service must start with https://")
    assert "Handle" not in shown


def test_no_keyring_is_said_before_anything_is_asked() -> None:
    env = {**os.environ, "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
    done = run_engage("auth", "login", "bluesky", env=env, stdin="alice.test\nsecret\n")

    assert done.returncode == 1
    assert "cannot store your tokens or session safely" in done.stderr
    assert "ENGAGE_BSKY_APP_PASSWORD" in done.stderr
    assert "ENGAGE_X_" not in done.stderr  # the variables of the network signed in to
    assert "Handle" not in done.stdout


def test_a_host_httpx_would_percent_encode_is_refused() -> None:
    # Found by the generated test above: '<' came back as %3C, then %3c.
    with pytest.raises(ValueError, match="host name is not valid"):
        parse_service("HTTP://<")
