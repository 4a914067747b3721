"""Rules the suite keeps for itself (see tests/conftest.py)."""

from __future__ import annotations

from hypothesis import settings


def test_a_generated_example_has_no_wall_clock_deadline() -> None:
    # A deadline fails a passing test when the shared machine is busy.
    assert settings().deadline is None


def test_the_number_of_generated_examples_is_hypothesis_own_default() -> None:
    # The suite is made quick elsewhere, never by drawing fewer examples.
    assert settings().max_examples == settings.get_profile("default").max_examples
