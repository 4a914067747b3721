"""`engage prospects ...`, `engage export`, `engage import` as a user runs them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from engage_tui.paths import default_paths
from engage_tui.store import Store
from tests.cli_run import run_engage
from tests.relations.conftest import ANA, NOW, K, event, pull


def engage(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    return run_engage(*args, home=home)


def real_engage(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    """The real entry point, in a process of its own."""
    env = {**os.environ, "ENGAGE_HOME": str(home)}
    return subprocess.run(
        [sys.executable, "-m", "engage_tui.cli.main", *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


def test_import_adds_good_rows_and_reports_bad_ones_by_line(
    tmp_path: Path, engage_home: Path
) -> None:
    listing = tmp_path / "people.csv"
    listing.write_text("\ufeffhandle,notes\n@ana,met at PyCon\n\nnot valid!,x\nbo\n", "utf-8")
    done = real_engage("prospects", "import", str(listing), home=engage_home)
    assert done.returncode == 1
    assert done.stdout.splitlines()[-1] == (
        "Prospects: 2 added (2 to be looked up at the next sync), 1 refused (see above)."
    )
    assert "line 4: 'not valid!' is not an X handle" in done.stdout
    shown = json.loads(engage("prospects", "list", "--json", home=engage_home).stdout)
    assert {r["handle"]: r["notes"] for r in shown} == {"ana": "met at PyCon", "bo": ""}
    assert all(r["pending"] and r["stale"] for r in shown)


def test_add_list_and_remove(engage_home: Path) -> None:
    with Store.open(default_paths({"ENGAGE_HOME": str(engage_home)}).database) as store:
        pull(store, [event(K.FOLLOW, ANA, NOW)])
    added = engage(
        "prospects", "add", "@ana", "newbie", "--notes", "from the CLI", home=engage_home
    )
    assert added.returncode == 0, added.stderr
    assert "Added @ana." in added.stdout
    assert "Added @newbie (looked up at the next sync)." in added.stdout
    again = engage("prospects", "add", "ANA", home=engage_home)
    assert "already on your prospects list" in again.stdout
    listed = engage("prospects", "list", home=engage_home).stdout
    assert "@ana" in listed and "from the CLI" in listed and "pending" in listed
    removed = engage("prospects", "remove", "ana", "nobody", home=engage_home)
    assert removed.returncode == 1
    assert "Removed @ana (your notes about them are kept)." in removed.stdout
    assert "@nobody is not on your prospects list" in removed.stdout
    handles = [
        r["handle"]
        for r in json.loads(engage("prospects", "list", "--json", home=engage_home).stdout)
    ]
    assert handles == ["newbie"]


def test_export_then_import_elsewhere_gives_the_same_json(
    tmp_path: Path, engage_home: Path
) -> None:
    with Store.open(default_paths({"ENGAGE_HOME": str(engage_home)}).database) as store:
        pull(store, [event(K.FOLLOW, ANA, NOW)])
        store.prospects.set_notes(ANA.id, "kind words")
    out = tmp_path / "memory.json"
    done = real_engage("export", "--format", "json", "--output", str(out), home=engage_home)
    assert done.returncode == 0, done.stderr
    other = tmp_path / "other-home"
    imported = real_engage("import", str(out), home=other)
    assert imported.returncode == 0 and "Imported 1 interactions, 1 notes" in imported.stdout
    assert engage("export", home=other).stdout == out.read_text("utf-8")


def test_export_csv_since_a_date_and_bad_dates(engage_home: Path) -> None:
    with Store.open(default_paths({"ENGAGE_HOME": str(engage_home)}).database) as store:
        pull(store, [event(K.FOLLOW, ANA, NOW)])
    later = engage("export", "--format", "csv", "--since", "2026-12-01", home=engage_home)
    assert later.stdout.splitlines()[0].startswith("record,person_id,handle")
    assert "interaction" not in later.stdout
    assert "interaction,11,ana" in engage("export", "--format", "csv", home=engage_home).stdout
    bad = engage("export", "--since", "last tuesday", home=engage_home)
    assert bad.returncode == 2 and "YYYY-MM-DD" in bad.stderr


def test_importing_a_file_that_is_not_an_export_changes_nothing(
    tmp_path: Path, engage_home: Path
) -> None:
    junk = tmp_path / "junk.json"
    junk.write_text('{"hello": 1}', "utf-8")
    done = engage("import", str(junk), home=engage_home)
    assert done.returncode == 1
    assert "not an engage export" in done.stderr and "Nothing was imported" in done.stderr
    assert "Traceback" not in done.stderr
