"""Build the plugin's Qt translations: ``i18n/uisqgis_zh_CN.ts`` (source) and ``i18n/uisqgis_zh_CN.qm`` (compiled).

The strings are collected from the loaded plugin itself — every text that passes through its one ``tr()``
while the provider builds its algorithms (names, groups, parameter labels, help) and the plugin builds its
menu — so the catalogue always matches the code. Their Chinese text is :data:`ZH_CN` in
``scripts/translations_zh_cn.py``; strings without a translation stay English (marked unfinished). The ``.qm``
is compiled with Qt's ``lrelease`` (Debian: qttools5-dev-tools) and committed, so neither users nor CI need it.

Usage: ``QT_QPA_PLATFORM=offscreen python scripts/build_translations.py``
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from xml.sax.saxutils import escape

from plugin_package import load_plugin_package
from translations_zh_cn import ZH_CN

REPO = Path(__file__).resolve().parent.parent
I18N = REPO / "i18n"
CONTEXT = "UisQgis"


def collect_strings(package) -> list[str]:
    """Every source text the plugin passes to its ``tr()`` while building algorithms and menu, in order."""
    from qgis.PyQt.QtCore import QCoreApplication

    from importlib import import_module

    base = import_module(f"{package.__name__}.processing.base")
    seen: dict[str, None] = {}
    original = QCoreApplication.translate

    def record(context, text, *args):
        if context == CONTEXT:
            seen.setdefault(text, None)
        return original(context, text, *args)

    QCoreApplication.translate = record
    try:
        algorithms = import_module(f"{package.__name__}.processing.algorithms")
        for cls in algorithms.ALGORITHMS:
            alg = cls()
            alg.initAlgorithm()
            alg.displayName(), alg.group(), alg.shortHelpString()
        for text in import_module(f"{package.__name__}.plugin").MENU_TEXTS:
            base.tr(text)
    finally:
        QCoreApplication.translate = original
    return list(seen)


def write_ts(strings: list[str], path: Path) -> int:
    """Write the Qt Linguist catalogue; returns the number of translated strings."""
    rows, done = [], 0
    for text in strings:
        zh = ZH_CN.get(text)
        done += zh is not None
        translation = (f"<translation>{escape(zh)}</translation>" if zh is not None
                       else '<translation type="unfinished"></translation>')
        rows.append(f"    <message>\n        <source>{escape(text)}</source>\n        {translation}\n    </message>")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n<TS version="2.1" language="zh_CN">\n'
                    f"<context>\n    <name>{CONTEXT}</name>\n" + "\n".join(rows) + "\n</context>\n</TS>\n",
                    encoding="utf-8")
    return done


def main() -> int:
    from qgis.core import QgsApplication

    app = QgsApplication([], False)
    app.initQgis()
    package = load_plugin_package()
    strings = collect_strings(package)
    ts = I18N / "uisqgis_zh_CN.ts"
    done = write_ts(strings, ts)
    subprocess.run(["lrelease", "-silent", str(ts), "-qm", str(ts.with_suffix(".qm"))], check=True)
    print(f"{ts.relative_to(REPO)}: {done} of {len(strings)} strings translated")
    app.exitQgis()
    return 0


if __name__ == "__main__":
    sys.exit(main())
