"""X, as engage's registry of networks sees it (plain data: loads no tweepy)."""

from __future__ import annotations

from engage_tui.platforms.network import LoginOption, Network, Setting
from engage_tui.platforms.x import handles

# The four OAuth 1.0a values of the user's own developer app, for headless
# use and the sandbox; the API base and an app bearer token are optional.
ENV_KEYS = {
    "consumer_key": "ENGAGE_X_CONSUMER_KEY",
    "consumer_secret": "ENGAGE_X_CONSUMER_SECRET",
    "access_token": "ENGAGE_X_ACCESS_TOKEN",
    "access_token_secret": "ENGAGE_X_ACCESS_TOKEN_SECRET",
}
ENV_API_BASE = "ENGAGE_X_API_BASE"
ENV_BEARER = "ENGAGE_X_BEARER_TOKEN"
# The developer plans config.toml's [x] plan (and an account's plan) may name.
PLANS = ("pay-per-use", "basic", "pro")

NETWORK = Network(
    name=handles.NETWORK,
    display_name=handles.DISPLAY_NAME,
    tag="X",
    person_id=r"[0-9]{1,20}",  # X's numeric user ids
    check_handle=handles.check_handle,
    handle_hint=handles.HANDLE_HINT,
    handle_example="ana_b",
    sign_in=handles.SIGN_IN,
    signs_in_with="your own developer app",
    login_help=(
        "`engage auth login` signs in with your own X developer app. By default runs "
        "X's PIN flow: you give the app's consumer key and secret, open the link, "
        "approve, and paste the PIN. With --keys, paste the four keys from X's "
        "developer console instead. Tokens go to the OS keyring, never to a file."
    ),
    bills_api=True,
    no_new_posts=(
        "X bills every read of someone's posts, so engage checks them on the "
        "prospects schedule instead"
    ),
    env_variables=(*ENV_KEYS.values(), ENV_API_BASE, ENV_BEARER),
    env_required=tuple(ENV_KEYS.values()),
    connector="engage_tui.platforms.x.account",
    measurer="engage_tui.platforms.x.measure:measure_text",
    login_options=(
        LoginOption("--keys", "paste all four keys instead", switch=True),
        LoginOption("--api-base", "another X API base (e.g. the sandbox)"),
    ),
    settings=(Setting("plan", "plan", PLANS),),
)
