"""`engage sync --json` says each account's own month: a Bluesky account's
report carries no X dollars (the file's spend is X's, billed per request)."""

from __future__ import annotations

from engage_tui.domain.exchange import RequestUsage
from engage_tui.store import Store
from tests.tui.mixed_world import ME_BSKY, bluesky_engine
from tests.tui.world import NOW


def test_a_bluesky_accounts_report_says_free_not_xs_dollars(store: Store) -> None:
    store.usage.log_requests(
        [RequestUsage("GET /2/users/:id/mentions", resources=10, cost_usd=2.5)], NOW
    )
    assert store.usage.month_spend(NOW) == 2.5
    report = bluesky_engine(store, ME_BSKY).run_once()
    data = report.to_json()
    assert data["month_to_date_usd"] == 0
    assert data["free_on"] == "Bluesky"
