"""The sandbox speaks only the wire format: it imports nothing else of engage, nor any UI."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path


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


def test_a_started_sandbox_loads_twitter_text_only_at_its_first_post() -> None:
    # twitter-text costs most of a second to load: every sandbox a test
    # starts, and every `engage --demo`, would pay it before anything is posted.
    code = (
        "import sys\n"
        "from engage_tui.sandbox import start_sandbox\n"
        "server = start_sandbox(seed=1, port=0)\n"
        "server.stop()\n"
        "print('twitter_text' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def _sandbox_imports() -> dict[str, set[str]]:
    """Each sandbox module's imports of other sandbox modules, wherever they are written
    (inside functions and under TYPE_CHECKING too)."""
    package = Path(__file__).resolve().parents[2] / "engage_tui" / "sandbox"
    graph: dict[str, set[str]] = {}
    for path in sorted(package.glob("*.py")):
        name = path.stem
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module:
                if node.module == "engage_tui.sandbox":
                    found |= {alias.name for alias in node.names}
                elif node.module.startswith("engage_tui.sandbox."):
                    found.add(node.module.split(".")[2])
            elif isinstance(node, ast.Import):
                found |= {
                    a.name.split(".")[2]
                    for a in node.names
                    if a.name.startswith("engage_tui.sandbox.")
                }
        graph[name] = found - {name}
    return graph


def test_sandbox_modules_import_one_another_without_a_cycle() -> None:
    graph = _sandbox_imports()
    done: set[str] = set()

    def visit(name: str, path: list[str]) -> None:
        assert name not in path, " -> ".join([*path, name])
        if name in done or name not in graph:
            return
        for child in sorted(graph[name]):
            visit(child, [*path, name])
        done.add(name)

    for module in graph:
        visit(module, [])


def test_sandbox_modules_import_one_another_at_the_top_of_each_module() -> None:
    # Where one sandbox module imports another inside a function, the cycle
    # check above cannot see it. A library may load late (twitter-text, at the
    # first post: it costs most of a second at every start otherwise).
    package = Path(__file__).resolve().parents[2] / "engage_tui" / "sandbox"
    late = []
    for path in sorted(package.glob("*.py")):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                for inner in ast.walk(node):
                    if isinstance(inner, ast.ImportFrom):
                        ours = bool(inner.level) or (inner.module or "").startswith("engage_tui")
                    elif isinstance(inner, ast.Import):
                        ours = any(a.name.startswith("engage_tui") for a in inner.names)
                    else:
                        continue
                    if ours:
                        late.append(f"{path.name}:{inner.lineno}")
    assert late == []
