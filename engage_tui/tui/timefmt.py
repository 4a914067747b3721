"""Short relative times for rows and the status bar ("3m", "2h", "4d")."""

from __future__ import annotations

from datetime import datetime, tzinfo


def ago(then: datetime | None, now: datetime) -> str:
    """A compact age: ``now``, ``42s`` is shown as ``now``; then ``5m``, ``3h``, ``4d``,
    ``6w``, and for anything over a year the date.

    A time ahead of this clock by more than a minute (a post from a phone whose
    clock is fast) is never "now": ``+5m``, ``+3h``, ``+4d``, then the date."""
    if then is None:
        return "never"
    seconds = (now - then).total_seconds()
    if seconds < -60:
        ahead = _span(-seconds)
        return f"+{ahead}" if ahead else then.strftime("%Y-%m-%d")
    if seconds < 60:
        return "now"
    return _span(seconds) or (
        f"{int(seconds // 86400) // 7}w" if seconds < 365 * 86400 else then.strftime("%Y-%m-%d")
    )


def _span(seconds: float) -> str:
    """``5m``, ``3h`` or ``4d`` for under two weeks, else ""."""
    minutes = int(seconds // 60)
    if minutes < 60:
        return f"{minutes}m"
    hours = minutes // 60
    if hours < 24:
        return f"{hours}h"
    days = hours // 24
    return f"{days}d" if days < 14 else ""


def ago_words(then: datetime | None, now: datetime) -> str:
    """The same age for prose: "4d ago", "just now", "never", and for a time
    ahead of this clock "in 5m (dated ahead of this clock)"."""
    short = ago(then, now)
    if short == "never":
        return short
    if short == "now":
        return "just now"
    if then is not None and then > now:
        when = f"in {short[1:]}" if short.startswith("+") else f"on {short}"
        return f"{when} (dated ahead of this clock)"
    if short[0].isdigit() and not short.count("-"):
        return f"{short} ago"
    return short


# "Today" is the user's local day, everywhere it is counted (status bar, Today).
def local_tz(now: datetime) -> tzinfo:
    tz = now.astimezone().tzinfo
    assert tz is not None
    return tz


def day_start(now: datetime, tz: tzinfo) -> datetime:
    local = now.astimezone(tz)
    return local.replace(hour=0, minute=0, second=0, microsecond=0)
