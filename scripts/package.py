"""Build the installable plugin zip: ``dist/uis_qgis.zip`` holding one folder ``uisqgis/``.

Only the plugin's runtime files go in (metadata.txt, __init__.py, plugin.py, processing/, uis_qgis/,
resources/, LICENSE, README.md); no tests, caches or build scripts. The folder name ``uisqgis`` differs from
the core package ``uis_qgis`` inside it on purpose: with a plugin folder named ``uis_qgis``, ``import
uis_qgis`` would be ambiguous between the plugin and its core. Entries are sorted with a fixed timestamp, so
the same tree gives a byte-identical zip.

Usage: ``python scripts/package.py [--out dist/uis_qgis.zip]``
"""
from __future__ import annotations

import argparse
import sys
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PLUGIN_FOLDER = "uisqgis"
RUNTIME_FILES = ("metadata.txt", "__init__.py", "plugin.py", "LICENSE", "README.md")
RUNTIME_DIRS = ("processing", "uis_qgis", "resources")
EXCLUDED_PARTS = {"__pycache__", ".pytest_cache", ".hypothesis", ".DS_Store"}
EXCLUDED_SUFFIXES = {".pyc", ".pyo", ".tmp"}
ZIP_TIMESTAMP = (2024, 1, 1, 0, 0, 0)  # fixed so that builds are reproducible


def runtime_files(root: Path = REPO) -> list[Path]:
    """Paths (relative to ``root``) of every file the installed plugin needs, sorted."""
    files = [Path(name) for name in RUNTIME_FILES if (root / name).is_file()]
    for folder in RUNTIME_DIRS:
        for path in (root / folder).rglob("*"):
            rel = path.relative_to(root)
            if path.is_file() and not EXCLUDED_PARTS & set(rel.parts) and path.suffix not in EXCLUDED_SUFFIXES:
                files.append(rel)
    return sorted(files)


def build_zip(out: Path, root: Path = REPO) -> Path:
    """Write the plugin zip to ``out`` (through a temporary file) and return its path."""
    missing = [name for name in ("metadata.txt", "__init__.py") if not (root / name).is_file()]
    if missing:
        raise FileNotFoundError(f"not a plugin folder, missing {missing}: {root}")
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(".zip.tmp")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for rel in runtime_files(root):
            info = zipfile.ZipInfo(f"{PLUGIN_FOLDER}/{rel.as_posix()}", date_time=ZIP_TIMESTAMP)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, (root / rel).read_bytes())
    tmp.replace(out)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=REPO / "dist" / "uis_qgis.zip")
    args = parser.parse_args(argv)
    path = build_zip(args.out)
    with zipfile.ZipFile(path) as archive:
        count = len(archive.namelist())
    absent = [name for name in RUNTIME_FILES if not (REPO / name).is_file()]
    print(f"{path}: {count} files, {path.stat().st_size / 1e6:.1f} MB" +
          (f" (not present, skipped: {', '.join(absent)})" if absent else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
