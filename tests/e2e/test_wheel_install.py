"""The core installs on its own: a wheel built from the repository, installed into a fresh virtual environment,
runs ``uis-qgis run`` on the sample region from outside the repository and gives the golden numbers.

The fresh environment (``python3 -m venv --without-pip``, filled by the outer pip) sees the packages already
installed in the test environment through a ``.pth`` file, so installing the wheel with ``--no-index`` checks
that its declared dependencies are satisfied without downloading them; the wheel itself (code and package
data) is the only copy of ``uis_qgis`` on that interpreter's path.
"""
import ast
import csv
import re
import shutil
import site
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "resources" / "sample" / "sample.gpkg"
GOLDEN_SUMMARY = ROOT / "tests" / "core" / "golden" / "sample__summary.csv"
# top-level import name → distribution name, where they differ
DIST_OF = {"sklearn": "scikit-learn", "yaml": "pyyaml", "PIL": "pillow"}
STDLIB = set(sys.stdlib_module_names)


def _run(cmd, **kw):
    out = subprocess.run([str(c) for c in cmd], capture_output=True, text=True, **kw)
    assert out.returncode == 0, f"{cmd}\n{out.stdout[-3000:]}\n{out.stderr[-3000:]}"
    return out


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The wheel built (with build isolation, as ``pip install .`` does) from a copy of the repository's core."""
    tmp = tmp_path_factory.mktemp("wheel")
    src = tmp / "src"
    src.mkdir()
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy(ROOT / name, src / name)
    shutil.copytree(ROOT / "uis_qgis", src / "uis_qgis", ignore=shutil.ignore_patterns("__pycache__"))
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", tmp / "dist", "./src"], cwd=tmp)
    (built,) = (tmp / "dist").glob("uis_qgis-*.whl")
    return built


def _requires(wheel: Path) -> set[str]:
    with zipfile.ZipFile(wheel) as zf:
        meta = next(n for n in zf.namelist() if n.endswith(".dist-info/METADATA"))
        lines = zf.read(meta).decode().splitlines()
    return {re.match(r"[A-Za-z0-9_.\-]+", line.split(":", 1)[1].strip()).group(0).lower()
            for line in lines if line.startswith("Requires-Dist:") and "extra ==" not in line}


def _third_party_imports() -> set[str]:
    names = set()
    for path in (ROOT / "uis_qgis").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names |= {a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
    return {n for n in names - STDLIB - {"uis_qgis", "__future__"}}


def test_wheel_declares_every_package_the_core_imports_and_ships_its_data(wheel):
    requires = _requires(wheel)
    optional = {"SALib", "distributed"}  # the uncertainty extra, imported only when an analysis runs
    missing = {DIST_OF.get(m, m).lower() for m in _third_party_imports() - optional} - requires
    assert not missing, f"imported by uis_qgis but not in [project] dependencies: {sorted(missing)}"
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
    shipped = {p.relative_to(ROOT).as_posix() for p in (ROOT / "uis_qgis" / "data").rglob("*")
               if p.is_file() and p.suffix in (".toml", ".csv", ".md") and "__pycache__" not in p.parts}
    assert shipped <= names, f"package data missing from the wheel: {sorted(shipped - names)[:5]}"


def test_installed_wheel_runs_the_sample_outside_the_repository(wheel, tmp_path):
    env_dir = tmp_path / "venv"
    _run([Path("/usr/bin/python3") if Path("/usr/bin/python3").exists() else sys.executable, "-m", "venv",
          "--without-pip", env_dir])
    py = env_dir / "bin" / "python"
    purelib = Path(_run([py, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"]).stdout.strip())
    outer = [sysconfig.get_paths()["purelib"], *site.getsitepackages()]
    (purelib / "outer_site_packages.pth").write_text("\n".join(dict.fromkeys(outer)) + "\n", encoding="utf-8")
    _run([sys.executable, "-m", "pip", "--python", py, "install", "--no-index", "-q", wheel])
    where = _run([py, "-c", "import uis_qgis; print(uis_qgis.__file__)"], cwd=tmp_path).stdout.strip()
    assert Path(where).is_relative_to(env_dir), where
    out = tmp_path / "out"
    _run([env_dir / "bin" / "uis-qgis", "run", "--inputs", SAMPLE, "--out", out, "--no-dispersion", "--quiet"],
         cwd=tmp_path)
    assert (out / "results.gpkg").exists() and (out / "parameters_used.csv").exists()
    # the summary does not depend on dispersion: the installed wheel gives the golden numbers
    with open(out / "summary.csv", encoding="utf-8") as fh:
        got = {row["quantity"]: float(row["value"]) for row in csv.DictReader(fh)}
    with open(GOLDEN_SUMMARY, encoding="utf-8") as fh:
        want = {row["quantity"]: float(row["value"]) for row in csv.DictReader(fh)}
    assert got.keys() == want.keys()
    for quantity, value in want.items():
        assert got[quantity] == pytest.approx(value, rel=1e-9, abs=1e-9), quantity
