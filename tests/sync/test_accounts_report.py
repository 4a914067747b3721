"""`engage sync` for several accounts prints each account's words literally:
an account's label (its handle, as the network gave it) can hold anything,
and nothing of it reaches the terminal as a control sequence."""

from __future__ import annotations

import contextlib
import io
import json
from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engage_tui.cli.sync_cmd import _print_reports
from engage_tui.sync.report import SyncReport

T = datetime(2026, 11, 29, 9, 0, tzinfo=UTC)


def _report(**arrived: int) -> SyncReport:
    report = SyncReport(started_at=T, finished_at=T)
    report.add_arrivals(arrived)
    return report


def _labelled(label: str, report: SyncReport) -> tuple[dict[str, str], SyncReport]:
    return {"account": label, "network": "bluesky", "id": "did:plc:x"}, report


def _printed(reports: list[tuple[dict[str, str], SyncReport]], *, as_json: bool) -> tuple[int, str]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = _print_reports(reports, as_json=as_json)
    return code, out.getvalue()


@settings(max_examples=150, deadline=None)
@given(label=st.text(max_size=300))
def test_an_account_label_never_reaches_the_terminal_raw(label: str) -> None:
    code, out = _printed(
        [_labelled(label, _report(like=1)), _labelled("X @alice", _report(follow=2))],
        as_json=False,
    )

    assert code == 0
    assert not any((ord(c) < 32 and c not in "\n\t") or 0x7F <= ord(c) < 0xA0 for c in out)
    assert out.rstrip().endswith("both accounts: 2 new followers, 1 like; 0 requests, $0.0000")


@settings(max_examples=150, deadline=None)
@given(label=st.text(max_size=300))
def test_the_json_report_carries_the_label_exactly_and_stays_one_line(label: str) -> None:
    _, out = _printed([_labelled(label, _report(like=1)), _labelled("b", _report())], as_json=True)

    assert out.count("\n") == 1 and "\x1b" not in out
    parsed = json.loads(out)
    assert parsed["accounts"][0]["account"] == label
    assert parsed["new_total"] == 1


def test_one_accounts_problem_makes_the_run_fail_and_says_why_on_stderr(
    capsys: pytest.CaptureFixture[str],
) -> None:
    broken = _report()
    broken.problem("The Bluesky session has ended: sign in again.")

    code = _print_reports(
        [_labelled("X @alice", _report(like=1)), _labelled("Bluesky @b.test", broken)],
        as_json=False,
    )

    captured = capsys.readouterr()
    assert code == 1
    assert captured.err == "engage: The Bluesky session has ended: sign in again.\n"
    assert "1 problem(s)" in captured.out
