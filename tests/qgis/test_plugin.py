"""The plugin package: loading, provider registration, and that nothing shadows QGIS's ``processing``."""
import ast
import subprocess
import sys
from pathlib import Path

import pytest
from qgis.core import QgsApplication, QgsProcessingException, QgsProcessingFeedback, QgsProcessingModelAlgorithm

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
        assert [a.text() for a in plugin.actions] == ["Open sample project", "Install missing Python packages…"]
        plugin.actions[0].trigger()
        names = {layer.name() for layer in QgsProject.instance().mapLayers().values()}
        assert {"Plants", "Cities", "Provinces"} <= names
    finally:
        QgsProject.instance().clear()
        plugin.unload()
    assert plugin.actions == []
    assert QgsApplication.processingRegistry().providerById("uisqgis") is not None  # the session one stays


@pytest.mark.parametrize("answer, opened", [("Cancel", False), ("Discard", True)])
def test_open_sample_project_asks_before_discarding_unsaved_work(qgis_iface, plugin_package, monkeypatch,
                                                                 answer, opened):
    """Issue 13 #3: a modified project is replaced only when the user says so."""
    from qgis.core import QgsProject, QgsVectorLayer
    from qgis.PyQt.QtWidgets import QMessageBox

    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *args: asked.append(args) or getattr(QMessageBox, answer))
    plugin = plugin_package.classFactory(qgis_iface)
    try:
        QgsProject.instance().addMapLayer(QgsVectorLayer("Point?crs=EPSG:4326", "my unsaved work", "memory"))
        QgsProject.instance().setDirty(True)  # what QGIS's window does on any change
        assert plugin.open_sample_project() is opened
        names = {layer.name() for layer in QgsProject.instance().mapLayers().values()}
        assert len(asked) == 1 and ("my unsaved work" in names) is not opened and ("Plants" in names) is opened
        QgsProject.instance().clear()
        assert plugin.open_sample_project() is True and len(asked) == 1  # nothing unsaved: no question
    finally:
        QgsProject.instance().clear()


def test_installer_dialog_shows_the_command_and_logs_its_output(qgis_app, plugin_package):
    """Issue 13 #2: the installer runs one command for QGIS's Python and shows every line it prints."""
    from uisqgis.processing.installer import InstallerDialog

    command = [sys.executable, "-c", "print('Successfully installed geopandas-1.2.0')"]
    dialog = InstallerDialog(command=command)
    assert dialog.log.toPlainText().startswith("$ " + " ".join(command))
    dialog.start()
    assert dialog.process.waitForFinished(30000)
    for _ in range(50):  # deliver the queued finished signal
        if dialog.exit_code is not None:
            break
        qgis_app.processEvents()
    assert dialog.exit_code == 0 and "Successfully installed geopandas-1.2.0" in dialog.log.toPlainText()
    assert "every package imports" in dialog.log.toPlainText()


def _hide(monkeypatch, *names):
    """Make ``import name`` fail as it does where the package is not installed (every required package is
    imported first, so none caches the absence of another, as pyogrio does for geopandas)."""
    from uisqgis.processing.dependencies import REQUIRED

    for name in REQUIRED:
        __import__(name)
    for name in names:
        monkeypatch.setitem(sys.modules, name, None)


def test_missing_python_packages_disable_algorithms_with_a_clear_message(provider, monkeypatch):
    _hide(monkeypatch, "geopandas", "rasterio")
    ok, message = provider.algorithm("fullassessment").canExecute()
    assert not ok and "geopandas, rasterio." in message
    monkeypatch.undo()
    assert provider.algorithm("fullassessment").canExecute() == (True, "")


@pytest.mark.parametrize("algorithm", ["fullassessment", "checkinputs", "assessmentchain"])
def test_missing_packages_stop_processing_run_and_models_with_install_instructions(provider, monkeypatch,
                                                                                   synthetic_gpkg, algorithm):
    """processing.run, batch and models call processAlgorithm directly, never canExecute (issue 13 #2)."""
    import processing
    from conftest import layer_uri

    _hide(monkeypatch, "geopandas", "pyogrio", "matplotlib")
    alg = provider.algorithm(algorithm)
    params = {"PLANTS": layer_uri(synthetic_gpkg, "plants"), "CITIES": layer_uri(synthetic_gpkg, "cities")}
    params.update({d.name(): "TEMPORARY_OUTPUT" for d in alg.destinationParameterDefinitions()
                   if not d.flags() & d.FlagOptional})
    feedback = QgsProcessingFeedback()
    with pytest.raises(QgsProcessingException) as caught:
        processing.run(alg.id(), params, feedback=feedback)
    message = str(caught.value) + feedback.textLog()  # a model logs its child's message
    assert "geopandas, pyogrio, matplotlib." in message and "ModuleNotFoundError" not in message
    for system in ("Windows", "macOS", "Linux", "OSGeo4W Shell", "pip install --user geopandas pyogrio matplotlib",
                   "apt install python3-geopandas python3-matplotlib"):
        assert system in message


def test_pip_command_targets_the_interpreter_qgis_runs(plugin_package):
    from uisqgis.processing import dependencies

    command = dependencies.pip_command(["geopandas", "rasterio"])
    assert Path(command[0]).is_file() and command[1:5] == ["-m", "pip", "install", "--user"]
    assert command[-2:] == ["geopandas", "rasterio"]
    done = subprocess.run([command[0], "-c", "import sys; print(sys.prefix)"], capture_output=True, text=True)
    assert done.stdout.strip() == sys.prefix  # the same Python as the one QGIS (here: the tests) runs


def test_metadata_has_no_placeholders_and_declares_range_tags_changelog():
    """Issue 13 #9: plugins.qgis.org checks every URL it is given; leave out what the project does not have."""
    import configparser

    meta = configparser.ConfigParser(interpolation=None)
    meta.read(REPO / "metadata.txt", encoding="utf-8")
    general = meta["general"]
    text = (REPO / "metadata.txt").read_text(encoding="utf-8")
    assert "example" not in text and "invalid" not in text and "noreply" not in text
    assert general["qgisMinimumVersion"] == "3.22" and general["qgisMaximumVersion"].startswith("3.")
    assert len(general["tags"].split(",")) >= 8 and general["changelog"].strip()
    assert general["hasProcessingProvider"] == "yes"


def test_every_algorithm_help_opens_its_entry_in_the_shipped_guide(provider):
    from qgis.PyQt.QtCore import QUrl

    guide = (REPO / "docs" / "user_guide.md").read_text(encoding="utf-8")
    for alg in provider.algorithms():
        url = QUrl(alg.helpUrl())
        assert url.isLocalFile() and Path(url.toLocalFile()).exists(), alg.id()
        assert f'<a id="{url.fragment()}"></a>' in guide, alg.id()


def test_fields_are_typed_without_qvariant_where_qgis_allows_it(plugin_package):
    """Qt6-ready: QGIS 3.38+ gets QMetaType field types; 3.22 (tested here) needs QVariant.Type."""
    from qgis.core import Qgis, QgsField
    from qgis.PyQt.QtCore import QVariant

    from uisqgis.processing import adapter

    kinds = [QgsField("x", t).type() for t in adapter.FIELD_TYPES.values()]
    assert kinds == [QVariant.Bool, QVariant.LongLong, QVariant.Double, QVariant.String]
    assert (type(adapter.FIELD_TYPES["double"]) is type(QVariant.Double)) is (Qgis.QGIS_VERSION_INT < 33800)


@pytest.mark.parametrize("locale", ["zh-Hans", "zh_CN"])
def test_chinese_translation_loads_for_menu_algorithms_and_parameters(plugin_package, provider, locale):
    """Issue 13 #7: in a Chinese QGIS the menu, algorithm names, groups and parameter labels are Chinese."""
    from qgis.PyQt.QtCore import QCoreApplication

    from uisqgis.plugin import install_translator

    translator = install_translator(locale)
    assert translator is not None
    try:
        alg = provider.algorithm("fullassessment").create()
        alg.initAlgorithm()
        assert (alg.displayName(), alg.group()) == ("完整评估", "0 · 完整评估")
        assert alg.parameterDefinition("SCENARIO").description() == "情景"
        assert "围栏" in alg.shortHelpString()
        assert plugin_package.processing.base.tr("Open sample project") == "打开示例项目"
    finally:
        QCoreApplication.removeTranslator(translator)
    assert provider.algorithm("fullassessment").create().displayName() == "Full assessment"
    assert install_translator("de") is None
