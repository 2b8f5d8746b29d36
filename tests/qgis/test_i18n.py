"""The Chinese interface is complete and its committed catalogue matches the code (issue 13 #6)."""
from __future__ import annotations

import xml.etree.ElementTree as ET

from build_translations import CONTEXT, I18N, collect_strings
from translations_zh_cn import ZH_CN


def test_every_interface_text_has_a_chinese_translation(qgis_app, plugin_package):
    strings = collect_strings(plugin_package)
    assert len(strings) > 100
    missing = [s for s in strings if s not in ZH_CN]
    assert not missing, f"add to scripts/translations_zh_cn.py, then run scripts/build_translations.py: {missing}"


def test_committed_catalogue_matches_the_code(qgis_app, plugin_package):
    messages = ET.parse(I18N / "uisqgis_zh_CN.ts").getroot().iter("message")
    catalogue = {m.findtext("source"): m.findtext("translation") for m in messages}
    strings = collect_strings(plugin_package)
    assert list(catalogue) == strings, "i18n/uisqgis_zh_CN.ts is stale: run scripts/build_translations.py"
    assert all(catalogue[s] == ZH_CN[s] for s in strings)


def test_compiled_translations_give_the_chinese_text(qgis_app, plugin_package):
    from qgis.PyQt.QtCore import QCoreApplication, QTranslator

    strings = collect_strings(plugin_package)
    translator = QTranslator()
    assert translator.load(str(I18N / "uisqgis_zh_CN.qm"))
    QCoreApplication.installTranslator(translator)
    try:
        stale = [s for s in strings if QCoreApplication.translate(CONTEXT, s) != ZH_CN[s]]
    finally:
        QCoreApplication.removeTranslator(translator)
    assert not stale, "i18n/uisqgis_zh_CN.qm is stale: run scripts/build_translations.py"
