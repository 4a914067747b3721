"""`engage people link|unlink|show`: one person across networks from the
shell, with plain words for an account engage does not know or cannot read."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engage_tui.cli.main import build_parser, main
from engage_tui.domain import Direction, Interaction, Person
from engage_tui.paths import default_paths
from engage_tui.platforms.handles import NETWORKS
from engage_tui.relations.accounts import AccountRef, BadAccount, parse_account
from engage_tui.store import Store

X_ALICE = Person("101", "alice", "Alice Ames", network="x")
BSKY_ALICE = Person("did:plc:alice", "alice.bsky.social", "Alice Ames", network="bluesky")
MASTO_ALICE = Person(
    "mastodon:example.social/accounts/7", "alice@example.social", "Alice", network="mastodon"
)
AT = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


@pytest.fixture
def known(engage_home: Path) -> Path:
    """engage's database with Alice's three accounts cached, each with a note."""
    path = default_paths().database
    path.parent.mkdir(parents=True, exist_ok=True)
    with Store.open(path) as store:
        store.people.upsert([X_ALICE, BSKY_ALICE, MASTO_ALICE])
        store.prospects.set_notes(X_ALICE.id, "asked about pricing", AT)
        store.prospects.set_tags(BSKY_ALICE.id, ["customer"])
        store.prospects.add_interaction(Interaction(MASTO_ALICE.id, Direction.INBOUND, "like", AT))
    return path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    try:
        status = main(list(args))
    except SystemExit as stop:
        status = int(stop.code or 0)
    out = capsys.readouterr()
    return status, out.out, out.err


def accounts_of(path: Path, account: str) -> list[str]:
    with Store.open(path) as store:
        return store.people.accounts_of(account)


def test_link_makes_two_networks_one_person(
    known: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = run(capsys, "people", "link", "x:@alice", "bluesky:alice.bsky.social")
    assert status == 0
    assert "are now one person, on this machine only" in out
    assert "X  @alice  Alice Ames" in out and "Bluesky  @alice.bsky.social" in out
    assert accounts_of(known, X_ALICE.id) == [X_ALICE.id, BSKY_ALICE.id]


def test_linking_again_says_so_and_changes_nothing(
    known: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, "people", "link", "x:@alice", "bluesky:alice.bsky.social")
    status, out, _ = run(capsys, "people", "link", "bluesky:alice.bsky.social", "x:@alice")
    assert status == 0 and "were already one person" in out
    assert accounts_of(known, X_ALICE.id) == [X_ALICE.id, BSKY_ALICE.id]


def test_show_reads_notes_tags_and_history_across_networks(
    known: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, "people", "link", "x:@alice", "bluesky:alice.bsky.social")
    run(capsys, "people", "link", "mastodon:alice@example.social", "x:@alice")
    status, out, _ = run(capsys, "people", "show", "bluesky:alice.bsky.social")
    assert status == 0
    assert "Mastodon  @alice@example.social" in out
    assert "Tags: customer" in out
    assert "  asked about pricing" in out
    assert "Mastodon  inbound like" in out


def test_unlink_gives_the_account_back_with_its_own(
    known: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, "people", "link", "x:@alice", "bluesky:alice.bsky.social")
    status, out, _ = run(capsys, "people", "unlink", "bluesky:alice.bsky.social")
    assert status == 0 and "a person of its own again" in out
    assert accounts_of(known, BSKY_ALICE.id) == [BSKY_ALICE.id]
    status, out, _ = run(capsys, "people", "show", "bluesky:alice.bsky.social")
    assert "Tags: customer" in out and "Notes: none" in out


def test_unlinking_an_account_alone_says_there_is_nothing_to_do(
    known: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = run(capsys, "people", "unlink", "x:@alice")
    assert status == 0 and "is not linked to anyone" in out


def test_an_unknown_person_is_a_plain_message_and_nothing_changes(
    known: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = run(capsys, "people", "link", "x:@alice", "bluesky:bob.bsky.social")
    assert status == 1
    assert err.startswith("engage: engage does not know bluesky:bob.bsky.social yet.")
    assert "Traceback" not in err + out
    assert accounts_of(known, X_ALICE.id) == [X_ALICE.id]


def test_a_handle_on_the_wrong_network_is_a_usage_error(
    known: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, _, err = run(capsys, "people", "show", "x:alice.bsky.social")
    assert status == 2
    assert "'alice.bsky.social' is not an X handle" in err
    assert "if it is on Bluesky, give the network as bluesky" in err


def test_a_word_that_names_no_account_says_how_to_write_one(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, _, err = run(capsys, "people", "show", "friendster:alice")
    assert status == 2
    assert "'friendster' is not a network engage knows" in err
    assert "NETWORK:HANDLE, like x:@alice" in err


def test_linking_an_account_to_itself_is_refused(
    known: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, _, err = run(capsys, "people", "link", "x:@alice", "x:@ALICE")
    assert status == 2 and "the same account twice" in err


def test_the_parser_takes_the_three_forms_the_docs_give() -> None:
    assert parse_account("x:@alice") == AccountRef("x", "alice")
    assert parse_account("bluesky:alice.bsky.social") == AccountRef("bluesky", "alice.bsky.social")
    assert parse_account("mastodon:alice@example.social") == AccountRef(
        "mastodon", "alice@example.social"
    )
    assert parse_account("mastodon:alice@localhost:3000").handle == "alice@localhost:3000"


def test_a_bare_handle_is_taken_when_its_shape_names_the_network() -> None:
    assert parse_account("alice.bsky.social") == AccountRef("bluesky", "alice.bsky.social")
    assert parse_account("@alice@example.social").network == "mastodon"


def test_link_needs_exactly_two_accounts() -> None:
    with pytest.raises(SystemExit):
        build_parser().parse_args(["people", "link", "x:@alice"])


@given(st.text(max_size=60))
def test_any_typed_text_is_an_account_or_a_plain_refusal(raw: str) -> None:
    try:
        ref = parse_account(raw)
    except BadAccount as err:
        message = str(err)
        assert "\x1b" not in message and "\n" not in message
        assert "Traceback" not in message
        return
    assert ref.network in NETWORKS
    assert parse_account(str(ref)) == ref


@settings(
    suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=40, deadline=None
)
@given(
    network=st.sampled_from(NETWORKS),
    handle=st.text(alphabet="abcdefghij_.@0123456789", min_size=1, max_size=20),
)
def test_generated_arguments_never_end_in_a_traceback(
    network: str, handle: str, capsys: pytest.CaptureFixture[str], engage_home: Path
) -> None:
    status, out, err = run(capsys, "people", "show", f"{network}:{handle}")
    assert status in (1, 2)
    assert err.startswith("engage: ") and "Traceback" not in out + err
