"""docs/privacy.md says where a Bluesky account's requests go: the sign-in to
the server the user named, then everything to the PDS the account's DID
document names. Here the named server is a proxy in front of the real PDS,
and the DID document names the PDS itself."""

from __future__ import annotations

from engage_tui.platforms.bluesky import sign_in
from tests.http_proxy import Proxy

from .bsky_support import (
    ON_NETWORK,
    Accounts,
    MemoryState,
    MemoryStore,
    Network,
    context,
    platform_for,
)

pytestmark = ON_NETWORK


def test_after_sign_in_requests_go_to_the_pds_the_did_document_names(
    accounts: Accounts, bluesky_network: Network
):
    me = accounts.create("me")
    named = Proxy(bluesky_network.pds)
    kept = MemoryStore()
    try:
        sign_in(me.login(named.url), kept)
        at_sign_in = list(named.paths)
        platform = platform_for(me, named.url, kept)
        platform.pull("notifications", context(platform.whoami(), MemoryState()))
    finally:
        named.close()

    assert "/xrpc/com.atproto.server.createSession" in at_sign_in
    assert named.paths == at_sign_in  # nothing after the sign-in went to the named server
    assert kept.value is not None and kept.value.endswith(bluesky_network.pds.rstrip("/"))
