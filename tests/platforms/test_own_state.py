"""The own_posts source's saved state is read strictly and never fails a pull."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from engage_tui.domain.exchange import PullResult
from engage_tui.platforms.x.sources.own_state import (
    METRICS,
    METRICS_KEPT,
    OwnPostsState,
    PostCounts,
    save_metrics,
)

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


class Cursors:
    def __init__(self, cursors: dict[str, str]) -> None:
        self.cursors = cursors

    def cursor(self, key: str) -> str | None:
        return self.cursors.get(key)

    def snapshot(self, name: str) -> frozenset[str]:
        return frozenset()

    def known_posts(self, ids: list[str]) -> set[str]:
        return set()


@given(json_values)
def test_any_stored_metrics_load_as_counts_or_nothing(raw: object) -> None:
    state = OwnPostsState.load(Cursors({METRICS: json.dumps(raw)}))
    if not isinstance(raw, dict):
        assert state.metrics is None
        return
    assert state.metrics is not None
    for post_id, counts in state.metrics.items():
        assert post_id.isdigit()
        assert counts.likes >= 0 and counts.reposts >= 0


def _parses(text: str) -> bool:
    try:
        json.loads(text)
    except ValueError:
        return False
    return True


# Any text, and saved counts cut short (a write that never finished).
not_json = (st.text() | json_values.map(json.dumps).map(lambda saved: saved[:-1])).filter(
    lambda text: not _parses(text)
)


@given(not_json)
def test_a_cursor_that_is_not_json_starts_over(text: str) -> None:
    # None is "before the first sync": every post's counts are then new.
    assert OwnPostsState.load(Cursors({METRICS: text})).metrics is None


def test_counts_saved_before_quotes_were_watched_have_no_quote_history() -> None:
    state = OwnPostsState.load(Cursors({METRICS: json.dumps({"17": [3, 1]})}))
    assert state.metrics == {"17": PostCounts(3, 1, None)}


@given(
    st.dictionaries(
        st.integers(min_value=1, max_value=10**19).map(str),
        st.tuples(*[st.integers(min_value=0, max_value=10**9)] * 3),
        max_size=300,
    )
)
def test_saved_counts_round_trip_keeping_the_newest(counts: dict[str, tuple[int, ...]]) -> None:
    metrics = {k: PostCounts(*v) for k, v in counts.items()}
    out = PullResult()
    save_metrics(out, metrics)
    loaded = OwnPostsState.load(Cursors({METRICS: out.cursors[METRICS] or ""})).metrics
    newest = sorted(metrics, key=int, reverse=True)[:METRICS_KEPT]
    assert loaded == {k: metrics[k] for k in newest}
