"""Weighted length against twitter-text's own conformance suite."""

from __future__ import annotations

import pytest
import yaml
from twitter_text import parse_tweet
from twitter_text.config import config as tt_config

from engage_tui.text import validate_reply, weighted_length
from tests.conftest import REFERENCE

SUITE = REFERENCE / "twitter-text-conformance-validate.yml"
SECTIONS = {
    "WeightedTweetsCounterTest": "version2",
    "WeightedTweetsWithDiscountedEmojiCounterTest": "version3",
    "UnicodeDirectionalMarkerCounterTest": "version3",
}


def conformance_cases() -> list[tuple[str, str, dict]]:
    if not SUITE.exists():
        return []
    tests = yaml.safe_load(SUITE.read_text("utf-8"))["tests"]
    return [
        (section, case["text"], case["expected"]) for section in SECTIONS for case in tests[section]
    ]


CASES = conformance_cases()


@pytest.mark.skipif(not CASES, reason=f"conformance suite not found at {SUITE}")
@pytest.mark.parametrize(("section", "text", "expected"), CASES)
def test_port_matches_twitter_text_conformance(section: str, text: str, expected: dict) -> None:
    options = dict(tt_config[SECTIONS[section]])
    options.setdefault("emoji_parsing_enabled", False)  # v2 predates emoji discounting
    result = parse_tweet(text, options)
    assert result.weightedLength == expected["weightedLength"]
    assert result.valid == expected["valid"]
    assert result.permillage == expected["permillage"]


def test_conformance_suite_is_complete() -> None:
    if not SUITE.exists():
        pytest.skip(f"conformance suite not found at {SUITE}")
    assert len(CASES) == 44


# Representative cases, so the rules hold even where the suite file is absent.
@pytest.mark.parametrize(
    ("text", "length"),
    [
        ("hello", 5),
        ("Hi http://test.co", 26),  # any URL weighs 23
        ("日本語", 6),  # CJK weighs 2
        ("👍🏽", 2),  # emoji with a skin-tone modifier is one emoji
        ("👨‍👩‍👧‍👦", 2),  # a ZWJ family sequence is one emoji
        ("e\u0301", 1),  # NFC folds the combining accent into é
        ("שלום", 4),  # Hebrew is in the weight-1 range
    ],
)
def test_weighted_length_of_representative_text(text: str, length: int) -> None:
    assert weighted_length(text) == length


def test_reply_of_exactly_280_is_accepted() -> None:
    check = validate_reply("a" * 280)
    assert check.ok
    assert check.length == 280


def test_reply_over_the_limit_is_refused_in_plain_words() -> None:
    check = validate_reply("日" * 141)
    assert not check.ok
    assert check.length == 282
    assert check.reason is not None and "2 characters over" in check.reason


def test_empty_reply_is_refused() -> None:
    check = validate_reply("  \n ")
    assert not check.ok
    assert check.reason is not None and "empty" in check.reason


def test_reply_with_a_link_is_flagged_because_it_costs_more() -> None:
    assert validate_reply("see example.com/pricing").has_url
    assert not validate_reply("no link here").has_url
