"""The `engage sync` report: what a person reads and what a script parses."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from engage_tui.domain import ActionKind, OutboxItem, OutboxState
from engage_tui.platforms.base import RequestUsage
from engage_tui.sync.report import ItemLine, SyncReport, format_report

T0 = datetime(2026, 11, 20, 14, 0, tzinfo=UTC)


def _item(item_id: int, kind: ActionKind, **kw: Any) -> OutboxItem:
    return OutboxItem(
        id=item_id,
        kind=kind,
        state=OutboxState.SENT,
        created_at=T0,
        send_after=T0,
        **{"network": "x", **kw},
    )


def _report() -> SyncReport:
    report = SyncReport(started_at=T0, finished_at=T0, duration_s=1.25)
    report.add_arrivals({"mention": 2, "like": 1})
    report.add_arrivals({"mention": 1, "follow": 0})
    report.add_usage(
        [
            RequestUsage("GET /2/users/:id/mentions", resources=3, cost_usd=0.003),
            RequestUsage("GET /2/users/:id/mentions", resources=0, cost_usd=0.0),
            RequestUsage("POST /2/tweets", resources=1, cost_usd=0.01),
        ]
    )
    report.sent.append(ItemLine.of(_item(1, ActionKind.REPLY, remote_id="99")))
    report.handed.append(
        ItemLine.of(_item(2, ActionKind.LIKE, intent_url="https://x.com/intent/like?tweet_id=5"))
    )
    report.month_to_date_usd = 1.5
    return report


def test_arrivals_add_up_by_kind_and_skip_zeroes() -> None:
    report = _report()
    assert report.arrived == {"mention": 3, "like": 1}
    assert report.new_total == 4


def test_usage_is_summed_per_endpoint() -> None:
    report = _report()
    mentions = report.usage["GET /2/users/:id/mentions"]
    assert (mentions.requests, mentions.resources) == (2, 3)
    assert report.requests == 3
    assert round(report.cost_usd, 6) == 0.013


def test_json_form_is_serialisable_and_complete() -> None:
    data = json.loads(json.dumps(_report().to_json()))
    assert data["ok"] is True
    assert data["arrived"] == {"like": 1, "mention": 3}
    assert data["sent"] == [{"id": 1, "kind": "reply", "remote_id": "99"}]
    assert data["handed_to_x"][0]["intent_url"].startswith("https://x.com/intent/like")
    assert data["usage"]["POST /2/tweets"] == {"requests": 1, "resources": 1, "cost_usd": 0.01}
    assert data["month_to_date_usd"] == 1.5


def test_text_form_names_arrivals_links_and_spend() -> None:
    text = format_report(_report())
    assert "3 mentions, 1 like" in text
    assert "https://x.com/intent/like?tweet_id=5" in text
    assert "month to date: $1.50" in text
    assert "problem" not in text


def test_a_problem_makes_the_report_not_ok_with_a_one_line_reason() -> None:
    report = _report()
    report.problem("Offline: no route to X.")
    report.problem("Offline: no route to X.")
    assert not report.ok
    assert report.reason == "Offline: no route to X."
    assert report.problems == ["Offline: no route to X."]
    assert "problem:       Offline: no route to X." in format_report(report)


def test_empty_report_says_nothing_new() -> None:
    assert "nothing new" in format_report(SyncReport(started_at=T0))
