"""The sandbox speaks only the wire format: it imports nothing else of engage, nor any UI."""

from __future__ import annotations

import json
import subprocess
import sys


def test_sandbox_imports_no_other_engage_layer_and_no_ui() -> None:
    code = (
        "import json, sys\n"
        "import engage_tui.sandbox, engage_tui.sandbox.cli\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    modules = json.loads(result.stdout)
    ours = [
        m for m in modules if m.startswith("engage_tui.") and not m.startswith("engage_tui.sandbox")
    ]
    assert ours == []
    assert not [m for m in modules if m.split(".")[0] in ("textual", "rich")]
