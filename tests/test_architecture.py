"""The layer boundaries in ../shared/docs/architecture.md, checked by import-linter."""

import ast
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_import_contracts_hold():
    exe = shutil.which("lint-imports") or str(Path(sys.executable).with_name("lint-imports"))
    result = subprocess.run([exe, "--config", str(ROOT / "pyproject.toml")], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_headless_commands_do_not_import_qt():
    code = (
        "import sys; from mapapp.cli import main; main(['check-data']); main(['plan', '--new-posts', '2']);"
        "assert 'PySide6' not in sys.modules and 'folium' not in sys.modules"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_briefing_draws_with_qt_gui_only():
    """The exports may use QtGui's PDF writer, never widgets or the web engine (those stay in ui)."""
    for path in (ROOT / "mapapp" / "briefing").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("PySide6"):
                assert node.module in ("PySide6.QtCore", "PySide6.QtGui"), f"{path.name} imports {node.module}"
