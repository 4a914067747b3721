"""A post its author labelled (Bluesky self-labels) arrives with its labels,
from the real PDS and AppView, and keeps them in the store."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from engage_tui.platforms.bluesky import parse
from engage_tui.store import Store

from .bsky_support import (
    ON_NETWORK,
    Accounts,
    MemoryState,
    Network,
    context,
    now,
    platform_for,
    wait_for,
)
from .test_notifications import _mention


@ON_NETWORK
def test_a_self_labelled_mention_arrives_with_its_labels_and_keeps_them(
    accounts: Accounts, bluesky_network: Network, tmp_path: Path
):
    me, them = accounts.create("me"), accounts.create("them")
    record = {
        **_mention(f"look @{me.handle}", me),
        "labels": {
            "$type": "com.atproto.label.defs#selfLabels",
            "values": [{"val": "porn"}, {"val": "graphic-media"}, {"val": "!no-unauthenticated"}],
        },
        "createdAt": now(),
    }
    made = them.create("app.bsky.feed.post", record)
    platform = platform_for(me, bluesky_network.pds)
    owner, state = platform.whoami(), MemoryState()

    def pulled():
        result = platform.pull("notifications", context(owner, state))
        state.apply(result)
        return result if result.posts else None

    result = wait_for(pulled, "the labelled mention")
    store = Store.open(tmp_path / "engage.db")
    try:
        store.sync_state.apply_pull("notifications", result, datetime.now(UTC))
        kept = store.people.post(made["uri"])
    finally:
        store.close()

    [post] = [p for p in result.posts if p.id == made["uri"]]
    assert post.labels == ("porn", "graphic-media")
    assert kept is not None and kept.labels == ("porn", "graphic-media")


_ANY = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=12),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.sampled_from(["val", "values", "labels", "src"]), inner, max_size=3)
    ),
    max_leaves=10,
)


@given(record=_ANY, applied=_ANY)
def test_labels_of_any_json_are_plain_lower_case_words(record: object, applied: object):
    found = parse.labels_of({"labels": record}, applied)

    assert all(re.fullmatch(r"[a-z0-9][a-z0-9-]{0,63}", label) for label in found)
    assert len(set(found)) == len(found)
