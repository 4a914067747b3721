"""`engage prospects` and `engage export` with X and Bluesky people, as a user
runs them: each handle checked by its own network's rule, each listed with it."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engage_tui.cli.main import build_parser, main
from engage_tui.paths import default_paths
from engage_tui.platforms.handles import NETWORKS
from engage_tui.store import Store
from tests.relations.test_cli import engage
from tests.relations.test_export_networks import BLUE_ANA, _fill


def listed(home: Path) -> list[dict[str, object]]:
    done = engage("prospects", "list", "--json", home=home)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_the_cli_offers_every_network_engage_has_a_rule_for() -> None:
    args = build_parser().parse_args(["prospects", "add", "--network", NETWORKS[-1], "a"])
    assert args.network == NETWORKS[-1]
    for network in NETWORKS:
        assert build_parser().parse_args(["auth", "login", network]).network == network


def test_add_takes_a_bluesky_handle_with_its_network(engage_home: Path) -> None:
    done = engage(
        "prospects", "add", "--network", "bluesky", "@Ana.bsky.social", "--notes", "design",
        home=engage_home,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Added @ana.bsky.social (looked up at the next sync)." in done.stdout
    assert [(r["handle"], r["network"], r["notes"]) for r in listed(engage_home)] == [
        ("ana.bsky.social", "bluesky", "design")
    ]


def test_without_a_network_add_checks_x_handles_and_says_how_to_add_bluesky(
    engage_home: Path,
) -> None:
    done = engage("prospects", "add", "ana.bsky.social", "bo", home=engage_home)
    assert done.returncode == 1
    assert (
        "engage: 'ana.bsky.social' is not an X handle (letters, digits and _, up to 15); "
        "if it is on Bluesky, give the network as bluesky." in done.stdout
    )
    assert [(r["handle"], r["network"]) for r in listed(engage_home)] == [("bo", "x")]


def test_an_unknown_network_is_a_usage_error_and_adds_nothing(engage_home: Path) -> None:
    done = engage("prospects", "add", "--network", "myspace", "ana", home=engage_home)
    assert done.returncode == 2
    assert "invalid choice: 'myspace' (choose from 'x', 'bluesky', 'mastodon')" in done.stderr
    assert "Traceback" not in done.stderr
    assert listed(engage_home) == []


def test_list_labels_each_prospect_with_its_network_in_plain_words(engage_home: Path) -> None:
    with Store.open(default_paths({"ENGAGE_HOME": str(engage_home)}).database) as store:
        _fill(store)
    lines = engage("prospects", "list", "--sort", "name", home=engage_home).stdout.splitlines()
    shown = {line.split()[2]: line.split()[1] for line in lines[:-1]}
    assert shown == {
        "@ana": "X",
        "@ana.bsky.social": "Bluesky",
        "@newface": "X",
        "@new.face.test": "Bluesky",
    }
    by_handle = {r["handle"]: r["network"] for r in listed(engage_home)}
    assert by_handle == {
        "ana": "x",
        "ana.bsky.social": "bluesky",
        "newface": "x",
        "new.face.test": "bluesky",
    }


def test_an_x_and_a_bluesky_prospect_are_two_even_with_one_name(engage_home: Path) -> None:
    with Store.open(default_paths({"ENGAGE_HOME": str(engage_home)}).database) as store:
        _fill(store)
    again = engage("prospects", "add", "--network", "bluesky", BLUE_ANA.handle, home=engage_home)
    assert "@ana.bsky.social is already on your prospects list." in again.stdout
    names = [r["name"] for r in listed(engage_home) if r["name"]]
    assert names == ["Ana Lima", "Ana Lima"]


def test_import_reads_a_network_column_and_a_default_network(
    tmp_path: Path, engage_home: Path
) -> None:
    listing = tmp_path / "people.csv"
    listing.write_text(
        "handle,network,notes\n"
        "@ana,x,met at PyCon\n"
        "ana.bsky.social,bluesky,same talk\n"
        "jay.test,,from the list\n"
        "cy,myspace,\n",
        "utf-8",
    )
    done = engage("prospects", "import", "--network", "bluesky", str(listing), home=engage_home)
    assert done.returncode == 1
    assert (
        "line 5: 'myspace' is not a network engage knows (use x or bluesky or mastodon)"
        in done.stdout
    )
    assert done.stdout.splitlines()[-1] == (
        "Prospects: 3 added (3 to be looked up at the next sync), 1 refused (see above)."
    )
    assert {r["handle"]: (r["network"], r["notes"]) for r in listed(engage_home)} == {
        "ana": ("x", "met at PyCon"),
        "ana.bsky.social": ("bluesky", "same talk"),
        "jay.test": ("bluesky", "from the list"),
    }


def test_a_csv_export_brings_the_watchlist_back_with_its_networks(
    tmp_path: Path, engage_home: Path
) -> None:
    with Store.open(default_paths({"ENGAGE_HOME": str(engage_home)}).database) as store:
        _fill(store)
    out = tmp_path / "memory.csv"
    done = engage("export", "--format", "csv", "--output", str(out), home=engage_home)
    assert done.returncode == 0, done.stderr
    networks = {r["handle"]: r["network"] for r in csv.DictReader(io.StringIO(out.read_text()))}
    assert networks["ana.bsky.social"] == "bluesky" and networks["ana"] == "x"
    other = tmp_path / "other-home"
    imported = engage("prospects", "import", str(out), home=other)
    assert imported.returncode == 0, imported.stdout
    assert {r["handle"]: (r["network"], r["notes"]) for r in listed(other)} == {
        "ana": ("x", ""),
        "ana.bsky.social": ("bluesky", ""),
        "newface": ("x", ""),
        "new.face.test": ("bluesky", "met on Bluesky"),
    }


cells = st.one_of(
    st.sampled_from(["x", "bluesky", "Bluesky", "", "mastodon", "\x1b]52;c;eA==\x07", "x,y"]),
    st.text(max_size=10),
)
handles = st.sampled_from(["ana", "@bo_2", "ana.bsky.social", "new.face.test", "a.1", ""])


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(rows=st.lists(st.tuples(handles, cells), max_size=5), default=st.sampled_from(NETWORKS))
def test_prospects_import_of_any_network_cell_ends_in_a_summary(
    engage_home: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    rows: list[tuple[str, str]],
    default: str,
) -> None:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["handle", "network"])
    writer.writerows(rows)
    path = tmp_path / "list.csv"
    path.write_text(out.getvalue(), "utf-8")
    try:
        status = main(["prospects", "import", "--network", default, str(path)])
    except SystemExit as stopped:
        status = stopped.code if isinstance(stopped.code, int) else 1
    said, err = capsys.readouterr()
    assert status in (0, 1)
    assert "Traceback" not in said + err
    assert "\x1b" not in said + err
    assert said.splitlines()[-1].startswith("Prospects: ")


def test_remove_takes_a_bluesky_handle_as_typed(engage_home: Path) -> None:
    engage("prospects", "add", "--network", "bluesky", "ana.bsky.social", home=engage_home)
    done = engage("prospects", "remove", "@Ana.BSKY.social", home=engage_home)
    assert done.returncode == 0, done.stdout
    assert "Removed @ana.bsky.social." in done.stdout
    assert listed(engage_home) == []
