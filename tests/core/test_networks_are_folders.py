"""A network is a folder: nothing above ``platforms/`` names one, and every
folder the registry lists gives what the rest of engage asks of it.

Adding a network then means its folder and one line in
``platforms/registry.py`` (docs/architecture.md, "Adding another network").
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from engage_tui.platforms import registry
from engage_tui.platforms.network import Network

PACKAGE = Path(__file__).resolve().parents[2] / "engage_tui"
# Below these, naming a network is the point.
OWN_FOLDERS = ("platforms", "sandbox")
# The same letter as X's name, meaning a key: (file, words on its line).
KEYS_NOT_NETWORKS = {
    ("tui/keymap.py", 'Binding("x", "dismiss_notes"'),
    ("tui/app.py", '"app.dismiss_notes", "x"'),
    ("tui/widgets/notices.py", 'lambda: "x"'),
    ("tui/keymap.py", 'Binding("X", "toggle_notes"'),
    ("tui/widgets/notices.py", 'lambda: "X"'),
}
CLIENT_LIBRARIES = ("tweepy", "requests", "atproto", "atproto_client", "mastodon", "httpx")


def _env_prefix(network: Network) -> str:
    """``ENGAGE_BSKY_`` of ENGAGE_BSKY_HANDLE: engage's word and the network's."""
    return "_".join(network.env_variables[0].split("_")[:2]) + "_"


def _docstrings(tree: ast.AST) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                ids.add(id(body[0].value))
    return ids


def offences(package: Path, names: tuple[str, ...], env_prefixes: tuple[str, ...]) -> list[str]:
    """Every line of code above platforms/ with a string that is a network's
    name (in any case: "X" too) or holds one of its ENGAGE_* variables
    (docstrings aside), as file:line."""
    found: list[str] = []
    for path in sorted(package.rglob("*.py")):
        relative = path.relative_to(package).as_posix()
        if relative.split("/")[0] in OWN_FOLDERS:
            continue
        text = path.read_text("utf-8")
        lines = text.splitlines()
        tree = ast.parse(text)
        skip = _docstrings(tree)
        for node in ast.walk(tree):
            if not isinstance(node, ast.Constant) or not isinstance(node.value, str):
                continue
            if id(node) in skip:
                continue
            line = lines[node.lineno - 1]
            named = node.value.strip().lower() in names
            env = any(prefix in node.value for prefix in env_prefixes)
            if named and any(relative == f and words in line for f, words in KEYS_NOT_NETWORKS):
                continue
            offence = f"{relative}:{node.lineno}: {line.strip()}"
            if (named or env) and offence not in found:
                found.append(offence)
    return sorted(found)


def test_nothing_above_platforms_names_a_network() -> None:
    prefixes = tuple(_env_prefix(n) for n in registry.NETWORKS)
    assert offences(PACKAGE, registry.NAMES, prefixes) == []


def test_the_check_finds_a_network_named_above_platforms(tmp_path: Path) -> None:
    (tmp_path / "tui").mkdir()
    (tmp_path / "tui" / "row.py").write_text(
        'def label(network: str) -> str:\n    return "B" if network == "bluesky" else "X"\n'
    )
    (tmp_path / "cli").mkdir()
    (tmp_path / "cli" / "env.py").write_text('HANDLE = "ENGAGE_BSKY_HANDLE"\n')
    (tmp_path / "platforms").mkdir()
    (tmp_path / "platforms" / "ok.py").write_text('NETWORK = "bluesky"\n')
    assert offences(tmp_path, ("x", "bluesky"), ("ENGAGE_BSKY_",)) == [
        'cli/env.py:1: HANDLE = "ENGAGE_BSKY_HANDLE"',
        'tui/row.py:2: return "B" if network == "bluesky" else "X"',
    ]


def test_importing_the_registry_and_the_cli_parser_loads_no_client_library() -> None:
    code = (
        "import sys\n"
        "from engage_tui.platforms import registry\n"
        "from engage_tui.cli.main import build_parser\n"
        "import engage_tui.config, engage_tui.state\n"
        "build_parser()\n"
        "assert [n.check_handle(n.handle_example) for n in registry.NETWORKS]\n"
        f"print(sorted(m for m in {CLIENT_LIBRARIES!r} if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


@pytest.mark.parametrize("network", registry.NETWORKS, ids=registry.NAMES)
def test_a_network_folder_gives_everything_engage_asks_of_it(network: Network) -> None:
    folder = PACKAGE / "platforms" / network.name
    assert (folder / "network.py").is_file()
    connector = network.connect()
    for method in ("from_environment", "from_keyring", "platform", "login", "check", "logout"):
        assert callable(getattr(connector, method, None)), method
    check = network.measure("hello")
    assert check.ok and check.length == 5 and check.limit > 0
    assert network.check_handle(network.handle_example) is not None
    assert network.sign_in.startswith("engage auth login")
    assert network.env_variables and set(network.env_required) <= set(network.env_variables)


def test_networks_are_told_apart_by_name_tag_and_handle() -> None:
    assert len(set(registry.NAMES)) == len(registry.NETWORKS)
    assert len({n.tag for n in registry.NETWORKS}) == len(registry.NETWORKS)
    assert len({n.display_name for n in registry.NETWORKS}) == len(registry.NETWORKS)
    # A pending prospect is known by its handle alone: the rules must not overlap.
    for network in registry.NETWORKS:
        takers = [n.name for n in registry.NETWORKS if n.check_handle(network.handle_example)]
        assert takers == [network.name]
