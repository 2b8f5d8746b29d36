"""Build the installable plugin zip: ``dist/uis_qgis.zip`` holding one folder ``uisqgis/``.

Only the plugin's runtime files go in (metadata.txt, __init__.py, plugin.py, processing/, uis_qgis/,
resources/, i18n/, docs/, LICENSE, README.md); no tests, caches or build scripts. The Markdown documents of
docs/ are also rendered to HTML (``docs/user_guide.html`` is what each algorithm's Help button opens). The folder name ``uisqgis`` differs from
the core package ``uis_qgis`` inside it on purpose: with a plugin folder named ``uis_qgis``, ``import
uis_qgis`` would be ambiguous between the plugin and its core. Entries are sorted with a fixed timestamp, so
the same tree gives a byte-identical zip.

Usage: ``python scripts/package.py [--out dist/uis_qgis.zip]``
"""
from __future__ import annotations

import argparse
import re
import sys
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PLUGIN_FOLDER = "uisqgis"
RUNTIME_FILES = ("metadata.txt", "__init__.py", "plugin.py", "LICENSE", "README.md")
RUNTIME_DIRS = ("processing", "uis_qgis", "resources", "i18n", "docs")
HTML_PAGE = ('<!DOCTYPE html><html><head><meta charset="utf-8"><title>UIS-QGIS — {title}</title><style>'
             "body{{font-family:system-ui,sans-serif;max-width:1000px;margin:2em auto;line-height:1.45}}"
             "table{{border-collapse:collapse}}td,th{{border:1px solid #ccc;padding:3px 6px}}img{{max-width:100%}}"
             "code{{background:#f3f3f3}}</style></head><body>{body}</body></html>")
EXCLUDED_PARTS = {"__pycache__", ".pytest_cache", ".hypothesis", ".DS_Store"}
EXCLUDED_SUFFIXES = {".pyc", ".pyo", ".tmp"}
ZIP_TIMESTAMP = (2024, 1, 1, 0, 0, 0)  # fixed so that builds are reproducible


def runtime_files(root: Path = REPO) -> list[Path]:
    """Paths (relative to ``root``) of every file the installed plugin needs, sorted."""
    files = [Path(name) for name in RUNTIME_FILES if (root / name).is_file()]
    for folder in RUNTIME_DIRS:
        if not (root / folder).is_dir():
            continue
        for path in (root / folder).rglob("*"):
            rel = path.relative_to(root)
            if path.is_file() and not EXCLUDED_PARTS & set(rel.parts) and path.suffix not in EXCLUDED_SUFFIXES:
                files.append(rel)
    return sorted(files)


def rendered_docs(root: Path = REPO) -> dict[str, bytes]:
    """``docs/<name>.html`` for every ``docs/<name>.md``, links between the documents pointing at the HTML."""
    import markdown

    pages = {}
    for source in sorted((root / "docs").glob("*.md")):
        body = markdown.markdown(source.read_text(encoding="utf-8"), extensions=["tables", "fenced_code", "toc"])
        body = re.sub(r'href="([\w-]+)\.md(#[^"]*)?"', r'href="\1.html\2"', body)
        pages[f"docs/{source.stem}.html"] = HTML_PAGE.format(title=source.stem, body=body).encode("utf-8")
    return pages


def build_zip(out: Path, root: Path = REPO) -> Path:
    """Write the plugin zip to ``out`` (through a temporary file) and return its path."""
    missing = [name for name in ("metadata.txt", "__init__.py") if not (root / name).is_file()]
    if missing:
        raise FileNotFoundError(f"not a plugin folder, missing {missing}: {root}")
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(".zip.tmp")
    entries = {rel.as_posix(): (root / rel).read_bytes() for rel in runtime_files(root)}
    entries.update(rendered_docs(root))
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(entries):
            info = zipfile.ZipInfo(f"{PLUGIN_FOLDER}/{name}", date_time=ZIP_TIMESTAMP)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, entries[name])
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
