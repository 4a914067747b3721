"""Mastodon, as engage's registry of networks sees it (plain data: loads no Mastodon.py)."""

from __future__ import annotations

from engage_tui.platforms.mastodon import handles
from engage_tui.platforms.network import LoginOption, Network

# Read without importing Mastodon.py (auth.py holds the same names).
ENV_SERVER = "ENGAGE_MASTODON_SERVER"
ENV_TOKEN = "ENGAGE_MASTODON_TOKEN"

NETWORK = Network(
    name=handles.NETWORK,
    display_name=handles.DISPLAY_NAME,
    tag="M",
    person_id=r"mastodon:[A-Za-z0-9.:\[\]-]{1,300}/accounts/[A-Za-z0-9]{1,64}",  # parse.person_key
    check_handle=handles.check_handle,
    handle_hint=handles.HANDLE_HINT,
    handle_example="ana@mastodon.social",
    sign_in=handles.SIGN_IN,
    signs_in_with="your server's sign-in page (OAuth)",
    login_help=(
        "`engage auth login mastodon --server https://your.server` (or a handle "
        "user@host) registers engage as an app on your server, opens its sign-in page "
        "(or prints it), and asks for the code the page shows. engage never sees your "
        "password; it asks for `read write` only and keeps the token in the OS keyring, "
        "never in a file. Mastodon's API is free."
    ),
    bills_api=False,
    # A reply that names nobody is seen by nobody when it is followers-only
    # or direct (it takes the answered status's visibility, outbox.py).
    reply_names_author=True,
    new_posts="follows them with notifications on (they see the follow)",
    new_posts_off="you keep following them; unfollow there if you wish",
    env_variables=(ENV_SERVER, ENV_TOKEN),
    env_required=(ENV_SERVER, ENV_TOKEN),
    connector="engage_tui.platforms.mastodon.account",
    measurer="engage_tui.platforms.mastodon.measure:measure_text",
    login_options=(
        LoginOption(
            "--server",
            "Mastodon: your server, https://example.social (a handle user@host names it too)",
            metavar="URL",
        ),
    ),
)
