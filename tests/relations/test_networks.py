"""Handles on two networks: each network's rule, and handle lists that say
(or do not say) which network a row is on."""

from __future__ import annotations

import re

import pytest
from atproto_client.models.string_formats import is_valid_handle
from hypothesis import given, settings
from hypothesis import strategies as st

from engage_tui.relations.handles import (
    check_handle,
    network_label,
    network_of_handle,
    not_a_handle,
    parse_handles,
)

# --- the Bluesky rule -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "kept"),
    [
        ("alice.bsky.social", "alice.bsky.social"),
        ("@Alice.BSKY.Social", "alice.bsky.social"),
        ("  @jay.example.com  ", "jay.example.com"),
        ("a.b", "a.b"),
        ("1.a", "1.a"),
        ("xn--ls8h.test", "xn--ls8h.test"),
        ("me-and.you-too.test", "me-and.you-too.test"),
        ("a" * 63 + ".com", "a" * 63 + ".com"),
        (".".join(["abcdefghi"] * 25) + ".com", ".".join(["abcdefghi"] * 25) + ".com"),  # 253
    ],
)
def test_a_bluesky_handle_is_a_domain_name_kept_lower_case(raw: str, kept: str) -> None:
    assert check_handle(raw, "bluesky") == kept


@pytest.mark.parametrize(
    "raw",
    [
        "alice",  # one label
        "alice.",
        ".alice.test",
        "a..b",
        "a.1",  # the last label all digits
        "a.1b",  # nor starting with one
        "-a.test",
        "a-.test",
        "a" * 64 + ".com",  # a label over 63
        ".".join(["abcdefghi"] * 25) + ".comx",  # 254 in all
        "ali ce.test",
        "alice_b.test",
        "ålice.test",
        "\u212a.com",  # the Kelvin sign lower-cases to an ASCII k
        "alice.test/../x",
        "alice.test\x1b[2J",
        "did:plc:abc",
        "@@alice.test",
        "",
        "@",
    ],
)
def test_what_is_not_a_domain_name_is_no_bluesky_handle(raw: str) -> None:
    assert check_handle(raw, "bluesky") is None


handle_like = st.one_of(
    st.text(max_size=30),
    st.from_regex(r"@?[A-Za-z0-9.\-_]{0,70}", fullmatch=True),
    st.lists(st.from_regex(r"[a-zA-Z0-9\-]{0,64}", fullmatch=True), min_size=1, max_size=6).map(
        ".".join
    ),
    st.lists(st.sampled_from(["a" * 63, "b1", "x-y", "9"]), min_size=2, max_size=6).map(".".join),
)


@settings(max_examples=500)
@given(raw=handle_like)
def test_the_bluesky_rule_agrees_with_the_atproto_sdk(raw: str) -> None:
    bare = raw.strip().removeprefix("@").strip()
    assert (check_handle(raw, "bluesky") is not None) == is_valid_handle(bare)


@given(raw=st.text())
def test_whatever_passes_the_bluesky_rule_is_safe_in_a_url(raw: str) -> None:
    handle = check_handle(raw, "bluesky")
    if handle is not None:
        assert re.fullmatch(r"[a-z0-9.\-]{3,253}", handle)


@given(raw=handle_like)
def test_no_handle_is_taken_by_both_networks(raw: str) -> None:
    assert check_handle(raw, "x") is None or check_handle(raw, "bluesky") is None


def test_a_handles_shape_says_its_network() -> None:
    assert network_of_handle("@ana_b2") == "x"
    assert network_of_handle("ana.bsky.social") == "bluesky"
    assert network_of_handle("not a handle") is None
    assert (network_label("x"), network_label("bluesky")) == ("X", "Bluesky")


def test_a_refusal_names_the_network_and_points_to_the_other_one() -> None:
    assert not_a_handle("alice.bsky.social") == (
        "'alice.bsky.social' is not an X handle (letters, digits and _, up to 15); "
        "if it is on Bluesky, give the network as bluesky"
    )
    assert not_a_handle("alice", "bluesky") == (
        "'alice' is not a Bluesky handle (a domain name like alice.bsky.social); "
        "if it is on X, give the network as x"
    )


# --- handle lists with networks ---------------------------------------------------------


def test_a_network_column_says_each_rows_network() -> None:
    parsed = parse_handles(
        "handle,network,notes\n@ana,x,met at PyCon\n@Ana.bsky.social,Bluesky,same person?\nbo,,\n"
    )
    assert [(r.handle, r.network, r.notes) for r in parsed.rows] == [
        ("ana", "x", "met at PyCon"),
        ("ana.bsky.social", "bluesky", "same person?"),
        ("bo", "x", ""),
    ]
    assert parsed.problems == []


def test_rows_without_a_network_take_the_one_given_and_a_cell_wins() -> None:
    parsed = parse_handles("handle,network\nalice.test,\nbo,x\n", network="bluesky")
    assert [(r.handle, r.network) for r in parsed.rows] == [("alice.test", "bluesky"), ("bo", "x")]


def test_with_no_network_anywhere_the_rows_are_x_handles() -> None:
    parsed = parse_handles("ana\nalice.bsky.social\n")
    assert [(r.handle, r.network) for r in parsed.rows] == [("ana", "x")]
    assert parsed.problems == [
        "line 2: 'alice.bsky.social' is not an X handle (letters, digits and _, up to 15); "
        "if it is on Bluesky, give the network as bluesky"
    ]


def test_an_unknown_network_refuses_its_row_by_line() -> None:
    parsed = parse_handles("handle,network\nana,myspace\nbo,x\ncy,\x1b[31mx\n")
    assert [r.handle for r in parsed.rows] == ["bo"]
    assert parsed.problems == [
        "line 2: 'myspace' is not a network engage knows (use x or bluesky or mastodon)",
        "line 4: '\\x1b[31mx' is not a network engage knows (use x or bluesky or mastodon)",
    ]


def test_the_same_handle_twice_on_one_network_is_listed_twice() -> None:
    parsed = parse_handles("handle,network\nana.test,bluesky\nANA.test,bluesky\n")
    assert [r.handle for r in parsed.rows] == ["ana.test"]
    assert parsed.problems == ["line 3: @ana.test is listed twice; kept the first"]


networks = st.one_of(
    st.sampled_from(["x", "X", " bluesky ", "Bluesky", "", "mastodon", "bsky", "x\x00"]),
    st.text(max_size=12),
)


@settings(max_examples=300)
@given(
    rows=st.lists(
        st.tuples(
            st.one_of(st.from_regex(r"@?[a-z_]{1,8}(\.[a-z]{1,5})?", fullmatch=True), st.text()),
            networks,
        ),
        max_size=8,
    ),
    given_network=st.sampled_from(["x", "bluesky"]),
)
def test_any_network_cell_gives_a_checked_row_or_a_problem_on_its_line(
    rows: list[tuple[str, str]], given_network: str
) -> None:
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["handle", "network"])
    writer.writerows(rows)
    parsed = parse_handles(out.getvalue(), network=given_network)
    for row in parsed.rows:
        assert row.network in ("x", "bluesky")
        assert check_handle(row.handle, row.network) == row.handle
    for problem in parsed.problems:
        assert re.match(r"line \d+: ", problem), problem
        assert "\x00" not in problem and "\x1b" not in problem
    keys = [(r.network, r.handle.lower()) for r in parsed.rows]
    assert len(keys) == len(set(keys))
