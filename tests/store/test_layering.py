"""The store is core: importing it must not pull in Textual or Rich."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_the_store_imports_neither_textual_nor_rich() -> None:
    code = (
        "import sys, engage_tui.store, engage_tui.store.store;"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('textual', 'rich', 'tweepy')];"
        "print(bad)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]"
