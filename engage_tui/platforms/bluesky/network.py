"""Bluesky, as engage's registry of networks sees it (plain data: loads no atproto)."""

from __future__ import annotations

from engage_tui.platforms.bluesky import handles
from engage_tui.platforms.network import LoginOption, Network

# Read without importing the SDK (session.py holds the same names).
ENV_HANDLE = "ENGAGE_BSKY_HANDLE"
ENV_APP_PASSWORD = "ENGAGE_BSKY_APP_PASSWORD"
ENV_SERVICE = "ENGAGE_BSKY_SERVICE"

NETWORK = Network(
    name=handles.NETWORK,
    display_name=handles.DISPLAY_NAME,
    tag="B",
    person_id=r"did:[a-z]{1,32}:[A-Za-z0-9._:%-]{1,2000}",  # a DID
    check_handle=handles.check_handle,
    handle_hint=handles.HANDLE_HINT,
    handle_example="ana.bsky.social",
    sign_in=handles.SIGN_IN,
    signs_in_with="an app password",
    login_help=(
        "`engage auth login bluesky` asks for your handle and an app password (never "
        "your account password: make one in the Bluesky app under Settings > Privacy "
        "and security > App passwords). engage signs in once and keeps the session in "
        "the OS keyring, never in a file; the app password itself is not kept."
    ),
    bills_api=False,
    new_posts="asks Bluesky to notify you of their posts (private: they are not told)",
    env_variables=(ENV_HANDLE, ENV_APP_PASSWORD, ENV_SERVICE),
    env_required=(ENV_HANDLE,),
    connector="engage_tui.platforms.bluesky.account",
    measurer="engage_tui.platforms.bluesky.measure:measure_text",
    login_options=(
        LoginOption(
            "--service",
            "Bluesky: your server if you host your own (default: https://bsky.social)",
            metavar="URL",
        ),
    ),
)
