"""Same seed, start time and actions give the same world."""

from __future__ import annotations

from datetime import UTC, datetime

from engage_tui.sandbox import WorldSpec, start_sandbox

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
