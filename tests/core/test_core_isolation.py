"""The core never imports qgis: checked in a fresh interpreter that has no QGIS on its path."""
import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_core_modules_import_without_qgis():
    modules = sorted(p.stem for p in (ROOT / "uis_qgis").glob("*.py") if p.stem not in ("__main__",))
    code = (
        "import sys, importlib\n"
        "class Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'qgis' or name.startswith('qgis.'):\n"
        "            raise ImportError('core imported ' + name)\n"
        "sys.meta_path.insert(0, Block())\n"
        f"for m in {modules!r}:\n"
        "    importlib.import_module('uis_qgis.' + m if m != '__init__' else 'uis_qgis')\n"
        "assert not any(k == 'qgis' or k.startswith('qgis.') for k in sys.modules)\n"
        "print('ok', len(sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("ok")


def _absolute_imports(path: Path) -> set[str]:
    """Top-level package names imported absolutely anywhere in a module (also inside functions)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_no_qgis_import_statement_in_core_source():
    offenders = [p.name for p in (ROOT / "uis_qgis").rglob("*.py") if "qgis" in _absolute_imports(p)]
    assert offenders == []


def test_core_imports_itself_relatively_only():
    # The plugin loads the core as a subpackage (uisqgis.uis_qgis): an absolute 'uis_qgis' import inside the
    # core would load a second copy, or fail, in QGIS.
    offenders = [p.name for p in (ROOT / "uis_qgis").rglob("*.py") if "uis_qgis" in _absolute_imports(p)]
    assert offenders == []
