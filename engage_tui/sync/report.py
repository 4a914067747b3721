"""What one `engage sync` did, for people (``format_report``) and scripts (``to_json``)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from engage_tui.domain import NotificationKind, OutboxItem
from engage_tui.platforms.base import RequestUsage
from engage_tui.text.counting import all_of

_KIND_WORDS = {
    NotificationKind.MENTION.value: ("mention", "mentions"),
    NotificationKind.REPLY.value: ("reply", "replies"),
    NotificationKind.QUOTE.value: ("quote", "quotes"),
    NotificationKind.FOLLOW.value: ("new follower", "new followers"),
    NotificationKind.LIKE.value: ("like", "likes"),
    NotificationKind.REPOST.value: ("repost", "reposts"),
    NotificationKind.LIST_ADD.value: ("list add", "list adds"),
    NotificationKind.NEW_POST.value: ("new post by a prospect", "new posts by prospects"),
}


@dataclass(frozen=True, slots=True)
class ItemLine:
    """One outbox item as the report shows it."""

    id: int
    kind: str
    target_post_id: str | None = None
    remote_id: str | None = None
    intent_url: str | None = None
    reason: str | None = None

    @classmethod
    def of(cls, item: OutboxItem, reason: str | None = None) -> ItemLine:
        return cls(
            id=item.id,
            kind=item.kind.value,
            target_post_id=item.target_post_id,
            remote_id=item.remote_id,
            intent_url=item.intent_url,
            reason=reason if reason is not None else item.error,
        )

    def to_json(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v is not None}


@dataclass(slots=True)
class EndpointUsage:
    requests: int = 0
    resources: int = 0
    cost_usd: float = 0.0

    def to_json(self) -> dict[str, Any]:
        return {
            "requests": self.requests,
            "resources": self.resources,
            "cost_usd": round(self.cost_usd, 6),
        }


@dataclass(slots=True)
class SyncReport:
    started_at: datetime
    finished_at: datetime | None = None
    duration_s: float = 0.0  # wall time, whatever clock the engine runs on
    online: bool = True
    arrived: dict[str, int] = field(default_factory=dict)  # notification kind -> new
    posts_stored: int = 0
    sources_pulled: list[str] = field(default_factory=list)
    sources_waiting: dict[str, datetime] = field(default_factory=dict)  # paused until
    # When each source not pulled this time may next be pulled (its interval).
    sources_next: dict[str, datetime] = field(default_factory=dict)
    sent: list[ItemLine] = field(default_factory=list)
    handed: list[ItemLine] = field(default_factory=list)
    failed: list[ItemLine] = field(default_factory=list)
    retrying: list[ItemLine] = field(default_factory=list)
    usage: dict[str, EndpointUsage] = field(default_factory=dict)
    month_to_date_usd: float = 0.0
    # The network's name when it charges nothing for its API: no dollars then.
    free_on: str | None = None
    notes: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    # --- filled while the sync runs ----------------------------------------
    def add_usage(self, usage: list[RequestUsage]) -> None:
        for entry in usage:
            line = self.usage.setdefault(entry.endpoint, EndpointUsage())
            line.requests += entry.requests
            line.resources += entry.resources
            line.cost_usd += entry.cost_usd

    def add_arrivals(self, by_kind: dict[str, int]) -> None:
        for kind, count in by_kind.items():
            if count:
                self.arrived[kind] = self.arrived.get(kind, 0) + count

    def problem(self, message: str) -> None:
        if message not in self.problems:
            self.problems.append(message)

    # --- read by the CLI ---------------------------------------------------
    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def reason(self) -> str | None:
        """One line saying why the sync was not complete, or None."""
        return self.problems[0] if self.problems else None

    @property
    def new_total(self) -> int:
        return sum(self.arrived.values())

    @property
    def requests(self) -> int:
        return sum(u.requests for u in self.usage.values())

    @property
    def resources(self) -> int:
        return sum(u.resources for u in self.usage.values())

    @property
    def cost_usd(self) -> float:
        return sum(u.cost_usd for u in self.usage.values())

    def to_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "online": self.online,
            "started_at": self.started_at.isoformat(),
            "finished_at": self.finished_at.isoformat() if self.finished_at else None,
            "duration_s": round(self.duration_s, 3),
            "arrived": dict(sorted(self.arrived.items())),
            "new_total": self.new_total,
            "posts_stored": self.posts_stored,
            "sources_pulled": list(self.sources_pulled),
            "sources_waiting": {k: v.isoformat() for k, v in self.sources_waiting.items()},
            "sources_next": {k: v.isoformat() for k, v in self.sources_next.items()},
            "sent": [i.to_json() for i in self.sent],
            "handed_to_x": [i.to_json() for i in self.handed],
            "failed": [i.to_json() for i in self.failed],
            "retrying": [i.to_json() for i in self.retrying],
            "usage": {k: v.to_json() for k, v in sorted(self.usage.items())},
            "requests": self.requests,
            "resources": self.resources,
            "cost_usd": round(self.cost_usd, 6),
            "month_to_date_usd": round(self.month_to_date_usd, 6),
            "free_on": self.free_on,
            "notes": list(self.notes),
            "problems": list(self.problems),
        }


def _count(n: int, words: tuple[str, str]) -> str:
    return f"{n} {words[0] if n == 1 else words[1]}"


def _arrivals_line(arrived: dict[str, int]) -> str:
    if not arrived:
        return "nothing new"
    parts = []
    for kind, count in sorted(arrived.items(), key=lambda kv: (-kv[1], kv[0])):
        words = _KIND_WORDS.get(kind, (kind, kind))
        parts.append(_count(count, words))
    return ", ".join(parts)


def _items_line(items: list[ItemLine]) -> str:
    kinds: dict[str, int] = {}
    for item in items:
        kinds[item.kind] = kinds.get(item.kind, 0) + 1
    return ", ".join(f"{n} {kind}{'' if n == 1 else 's'}" for kind, n in sorted(kinds.items()))


def format_report(report: SyncReport) -> str:
    when = report.started_at.strftime("%Y-%m-%d %H:%M UTC")
    lines = [f"engage sync at {when} ({report.duration_s:.1f} s)"]
    lines.append(f"  arrived:       {_arrivals_line(report.arrived)}")
    if report.sent:
        lines.append(f"  sent:          {_items_line(report.sent)}")
    for item in report.handed:
        lines.append(f"  finish in your browser ({item.kind} #{item.id}): {item.intent_url}")
    for item in report.failed:
        lines.append(f"  not sent ({item.kind} #{item.id}): {item.reason}")
    if report.retrying:
        lines.append(f"  will retry:    {_items_line(report.retrying)}")
    for name, until in sorted(report.sources_waiting.items()):
        lines.append(f"  waiting:       {name} until {until.strftime('%H:%M:%S UTC')}")
    if report.sources_next and not report.sources_pulled:
        soonest = ", ".join(
            f"{name} at {at.strftime('%H:%M UTC')}"
            for name, at in sorted(report.sources_next.items(), key=lambda item: item[1])
        )
        lines.append(f"  not due yet:   {soonest} (each source keeps its own interval)")
    for note in report.notes:
        lines.append(f"  note:          {note}")
    free = report.free_on is not None
    price = "free" if free else f"${report.cost_usd:.4f}"
    lines.append(f"  requests:      {report.requests} ({report.resources} resources, {price})")
    if report.usage:
        width = max(len(name) for name in report.usage)
        for name, usage in sorted(report.usage.items()):
            lines.append(
                f"    {name:<{width}}  {usage.requests:>4} req  {usage.resources:>5} res"
                + ("" if free else f"  ${usage.cost_usd:.4f}")
            )
    if free:
        lines.append(f"  month to date: free ({report.free_on} does not charge for its API)")
    else:
        lines.append(f"  month to date: ${report.month_to_date_usd:.2f}")
    for problem in report.problems:
        lines.append(f"  problem:       {problem}")
    return "\n".join(lines)


def combine_reports(reports: list[SyncReport]) -> SyncReport:
    """Several accounts' reports as one: what arrived, was sent and cost, added up."""
    first = reports[0]
    total = SyncReport(started_at=min(r.started_at for r in reports))
    finished = [r.finished_at for r in reports if r.finished_at is not None]
    total.finished_at = max(finished) if finished else None
    total.duration_s = sum(r.duration_s for r in reports)
    total.online = all(r.online for r in reports)
    for report in reports:
        total.add_arrivals(report.arrived)
        total.posts_stored += report.posts_stored
        total.sources_pulled += [s for s in report.sources_pulled if s not in total.sources_pulled]
        total.sent += report.sent
        total.handed += report.handed
        total.failed += report.failed
        total.retrying += report.retrying
        for name, usage in report.usage.items():
            line = total.usage.setdefault(name, EndpointUsage())
            line.requests += usage.requests
            line.resources += usage.resources
            line.cost_usd += usage.cost_usd
        total.notes += report.notes
        for problem in report.problems:
            total.problem(problem)
    # The month's spend is the database's, whichever account asked.
    total.month_to_date_usd = max(r.month_to_date_usd for r in reports)
    free = {r.free_on for r in reports}
    total.free_on = first.free_on if len(free) == 1 else None
    return total


def accounts_json(labelled: list[tuple[dict[str, str], SyncReport]]) -> dict[str, Any]:
    """`engage sync --json` for several accounts: the totals at the top level
    (as for one account), and each account's own report under ``accounts``."""
    total = combine_reports([report for _, report in labelled])
    out = total.to_json()
    out["accounts"] = [{**who, **report.to_json()} for who, report in labelled]
    return out


def format_reports(labelled: list[tuple[str, SyncReport]]) -> str:
    """The text report for several accounts: one block each, then the totals."""
    blocks = []
    for label, report in labelled:
        blocks.append(f"{label}\n" + format_report(report))
    total = combine_reports([report for _, report in labelled])
    blocks.append(
        f"{all_of(len(labelled), 'accounts')}: {_arrivals_line(total.arrived)};"
        f" {total.requests} requests"
        + (", free" if total.free_on else f", ${total.cost_usd:.4f}")
        + ("" if total.ok else f"; {len(total.problems)} problem(s)")
    )
    return "\n\n".join(blocks)
