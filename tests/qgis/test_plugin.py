"""The plugin package: loading, provider registration, and that nothing shadows QGIS's ``processing``."""
import ast
import sys
from pathlib import Path

from qgis.core import QgsApplication, QgsProcessingModelAlgorithm

REPO = Path(__file__).resolve().parents[2]


def test_import_processing_is_qgis_framework_while_plugin_loaded(provider):
    import processing

    assert Path(processing.__file__).resolve().parent == Path("/usr/share/qgis/python/plugins/processing")
    assert hasattr(processing, "run") and hasattr(processing, "createAlgorithmDialog")
    plugin_processing = sys.modules["uisqgis.processing"]
    assert Path(plugin_processing.__file__).resolve().parent == REPO / "processing"
    assert plugin_processing is not processing


def test_core_is_imported_inside_the_plugin_package(provider):
    from uisqgis.processing import base

    assert base.core_feedback.__name__ == "uisqgis.uis_qgis.feedback"


def test_provider_registered_with_algorithms(provider):
    registered = QgsApplication.processingRegistry().providerById("uisqgis")
    assert registered is provider
    ids = {alg.id() for alg in provider.algorithms()}
    assert {"uisqgis:checkinputs", "uisqgis:fullassessment"} <= ids


def test_every_algorithm_and_parameter_has_help(provider):
    for alg in provider.algorithms():
        assert alg.name() == alg.name().lower() and alg.name().isalnum()
        assert "Ramaswami" in alg.shortHelpString()
        model_help = alg.helpContent() if isinstance(alg, QgsProcessingModelAlgorithm) else {}
        for definition in alg.parameterDefinitions():
            assert definition.help() or model_help.get(definition.name()), \
                f"{alg.id()} parameter {definition.name()} has no help"


def _absolute_self_imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    bad = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and (node.module or "").split(".")[0] in (
                "uis_qgis", "processing"):
            bad.append(f"{path.name}:{node.lineno}")
        if isinstance(node, ast.Import) and any(a.name.split(".")[0] in ("uis_qgis", "processing")
                                                  for a in node.names):
            bad.append(f"{path.name}:{node.lineno}")
    return bad


def test_plugin_and_core_import_themselves_only_relatively():
    """Installed as ``uisqgis/``, an absolute ``import uis_qgis`` or ``import processing`` inside the plugin
    would miss the core or pick the wrong framework; only ``__main__``/``cli`` entry points may be absolute."""
    files = [REPO / "__init__.py", REPO / "plugin.py", *sorted((REPO / "processing").rglob("*.py")),
             *sorted(p for p in (REPO / "uis_qgis").rglob("*.py") if p.name != "__main__.py")]
    offenders = [hit for f in files for hit in _absolute_self_imports(f)]
    assert offenders == []


def test_shipped_model_is_registered_and_chains_check_then_assessment(provider):
    model = QgsApplication.processingRegistry().algorithmById("uisqgis:assessmentchain")
    assert model is not None
    children = model.childAlgorithms()
    assert {c.algorithmId() for c in children.values()} == {"uisqgis:checkinputs", "uisqgis:fullassessment"}
    assert [d.childId for d in children["assess"].dependencies()] == ["check"]


def test_gui_menu_opens_the_sample_project(qgis_iface, plugin_package):
    from qgis.core import QgsProject

    plugin = plugin_package.classFactory(qgis_iface)
    plugin.initGui()
    try:
        assert [a.text() for a in plugin.actions] == ["Open sample project"]
        plugin.actions[0].trigger()
        names = {layer.name() for layer in QgsProject.instance().mapLayers().values()}
        assert {"Plants", "Cities", "Provinces"} <= names
    finally:
        QgsProject.instance().clear()
        plugin.unload()
    assert plugin.actions == []
    assert QgsApplication.processingRegistry().providerById("uisqgis") is not None  # the session one stays


def test_missing_python_packages_disable_algorithms_with_a_clear_message(provider, monkeypatch):
    from uisqgis.processing import base

    monkeypatch.setattr(base.importlib.util, "find_spec",
                        lambda name: None if name in ("geopandas", "rasterio") else object())
    ok, message = provider.algorithm("fullassessment").canExecute()
    assert not ok and "geopandas, rasterio" in message
    monkeypatch.undo()
    assert provider.algorithm("fullassessment").canExecute() == (True, "")
