"""Rewrite docs/keybindings.md from the bindings in the code."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from engage_tui.tui.keydocs import render_markdown  # noqa: E402

if __name__ == "__main__":
    argparse.ArgumentParser(description=__doc__).parse_args()
    target = ROOT / "docs" / "keybindings.md"
    target.write_text(render_markdown(), "utf-8")
    print(target)
