"""Every script and benchmark answers --help with its purpose, and does nothing else."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPTS = sorted(
    p
    for folder in ("scripts", "bench")
    for p in (ROOT / folder).rglob("*.py")
    if 'if __name__ == "__main__"' in p.read_text("utf-8")
)


def _purpose(script: Path) -> str:
    doc = ast.get_docstring(ast.parse(script.read_text("utf-8")))
    assert doc, f"{script.name} has no docstring to explain itself"
    return " ".join(doc.split("\n\n")[0].split())


def _written_files() -> dict[Path, int]:
    watched = [ROOT / "docs" / "keybindings.md", *sorted((ROOT / "screenshots").glob("*"))]
    return {p: p.stat().st_mtime_ns for p in watched if p.exists()}


def test_every_script_is_found() -> None:
    names = {p.name for p in SCRIPTS}
    assert {"stack.py", "two_networks.py", "bluesky_sync.py", "tui_bench.py"} <= names


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: str(p.relative_to(ROOT)))
def test_help_states_the_whole_purpose_and_exits_0(script: Path, tmp_path: Path) -> None:
    before = _written_files()
    done = subprocess.run(
        [sys.executable, str(script), "--help"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("usage:")
    assert _purpose(script) in " ".join(done.stdout.split())
    assert _written_files() == before
