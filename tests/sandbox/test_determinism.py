"""Same seed, start time and actions give the same world."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from engage_tui.sandbox import Sandbox, WorldSpec, start_sandbox

from .sandbox_support import CLOCK, SMALL, Wire, dumps


def _state_after(seed: int, steps: list[float], clock: datetime = CLOCK) -> str:
    with start_sandbox(seed=seed, clock_start=clock, world=SMALL) as sb:
        wire = Wire(sb)
        for seconds in steps:
            wire.advance(seconds)
        wire.event("mention", "kyoto_roast")
        state = wire.state()
        wire.close()
    return dumps(state)


def test_same_seed_gives_the_same_state() -> None:
    assert _state_after(5, [3600]) == _state_after(5, [3600])


def test_clock_steps_do_not_change_the_outcome() -> None:
    assert _state_after(5, [1800, 1800]) == _state_after(5, [3600])


def test_another_seed_gives_another_world() -> None:
    assert _state_after(5, []) != _state_after(6, [])


def test_start_time_is_part_of_the_world() -> None:
    later = datetime(2026, 12, 1, 9, 30, tzinfo=UTC)
    assert _state_after(5, [], later) != _state_after(5, [])


def test_world_spec_sizes_are_honoured() -> None:
    spec = WorldSpec(followers=120, own_posts=30, prospects=15, influencers=3)
    with start_sandbox(seed=2, clock_start=CLOCK, world=spec) as sb:
        world = sb.world
        roles = [u.role for u in world.users.values()]
        assert len(world.followers[world.owner_id]) == 120
        assert len(world.posts_by_author[world.owner_id]) == 30
        assert roles.count("prospect") == 15
        assert roles.count("influencer") == 3


# --- a rebuilt world (the demo's, at every run) -----------------------------------------
def _people_and_posts(sb: Sandbox) -> tuple[dict[str, int], set[int]]:
    world = sb.world
    return {u.username: u.id for u in world.users.values()}, set(world.posts)


def test_what_the_owner_does_between_events_changes_no_later_id() -> None:
    # The demo's world is rebuilt without the owner's replies and lists of
    # the last run: the people and posts the stream makes after them must
    # keep the ids engage stored, or they arrive again as new.
    with start_sandbox(seed=5, clock_start=CLOCK, world=SMALL) as plain:
        plain.advance(6 * 3600)
        expected = _people_and_posts(plain)
    with start_sandbox(seed=5, clock_start=CLOCK, world=SMALL) as acted:
        wire = Wire(acted)
        wire.advance(3600)
        made = wire.post("/2/lists", {"name": "mine", "private": True})
        assert made.status_code == 201
        acted.advance(5 * 3600)
        people, posts = _people_and_posts(acted)
        wire.close()
    assert people == expected[0]
    assert expected[1] <= posts


def test_a_slow_build_gives_the_stream_the_same_ids(monkeypatch: pytest.MonkeyPatch) -> None:
    # A world that follows real time: how long building it took (a busy
    # machine) must not move the stream's events, whose times make its ids.
    ticks = iter(range(10**9))

    def slow_clock(step: float) -> Callable[[], float]:
        return lambda: next(ticks) * step

    def built(step: float) -> dict[str, int]:
        monkeypatch.setattr("engage_tui.sandbox.clock.time.monotonic", slow_clock(step))
        with start_sandbox(seed=5, clock_start=CLOCK, world=SMALL, follow_real_time=True) as sb:
            sb.advance(6 * 3600)
            return _people_and_posts(sb)[0]

    quick, slow = built(0.0), built(0.25)
    both = quick.keys() & slow.keys()
    assert len(both) > SMALL.followers
    assert {name: quick[name] for name in both} == {name: slow[name] for name in both}
