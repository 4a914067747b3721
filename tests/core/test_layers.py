"""DESIGN.md's layer rules, checked on the code itself."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "engage_tui"
CORE = [
    "engage_tui.domain",
    "engage_tui.text",
    "engage_tui.config",
    "engage_tui.paths",
    "engage_tui.credentials",
    "engage_tui.store",
    "engage_tui.platforms.base",
    "engage_tui.sync",
]


def imported_modules(folder: Path) -> set[tuple[Path, str]]:
    found = set()
    for path in folder.rglob("*.py"):
        tree = ast.parse(path.read_text("utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                found |= {(path, alias.name) for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module:
                prefix = "." * node.level
                found.add((path, prefix + node.module))
    return found


def test_core_imports_neither_textual_nor_rich() -> None:
    code = (
        "import sys\n"
        + "".join(f"import {m}\n" for m in CORE)
        + "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_tui_never_imports_tweepy_or_platforms() -> None:
    bad = {
        (str(path), name)
        for path, name in imported_modules(PACKAGE / "tui")
        if name.split(".")[0] == "tweepy" or name.startswith("engage_tui.platforms.x")
    }
    assert bad == set()


def test_sandbox_imports_nothing_of_engage() -> None:
    sandbox = PACKAGE / "sandbox"
    bad = {
        (str(path), name)
        for path, name in imported_modules(sandbox)
        if (name.startswith("engage_tui") and not name.startswith("engage_tui.sandbox"))
        or name.startswith("..")
    }
    assert bad == set()


def loaded_after(code: str, modules: tuple[str, ...]) -> list[str]:
    """Which of ``modules`` a fresh interpreter holds after running ``code``."""
    probe = f"{code}\nimport sys\nprint(sorted(m for m in {modules!r} if m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return ast.literal_eval(result.stdout.strip())


def test_checking_a_handle_loads_no_network_client() -> None:
    code = (
        "from engage_tui.relations.handles import check_handle\n"
        "assert check_handle('@someone') == 'someone'\n"
        "assert check_handle('@Some.bsky.social', 'bluesky') == 'some.bsky.social'"
    )
    clients = ("tweepy", "requests", "atproto", "atproto_client", "httpx")
    assert loaded_after(code, clients) == []


def test_the_inbox_loads_no_argument_parser_json_or_tweet_counter_before_its_first_frame() -> None:
    # Every module imported before the first frame is start-up time: these
    # serve the CLI (argparse, json) or the composer's counter (twitter-text).
    assert loaded_after("import engage_tui.tui.devrun", ("argparse", "json", "twitter_text")) == []
