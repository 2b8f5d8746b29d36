"""Shared base of every UIS-QGIS algorithm (pattern of Gusnet / QuickOSM, see STYLE.md).

It checks the Python dependencies in ``canExecute()``, wraps ``QgsProcessingFeedback`` for the core, routes the
core's ``logging`` to the Processing log, turns the core's ``InputError`` into a ``QgsProcessingException``
naming layer, field and ids, and keeps layer post-processors (styling) referenced until the run is over.
"""
from __future__ import annotations

import logging
from contextlib import contextmanager
from pathlib import Path

from qgis.core import (
    QgsFieldConstraints,
    QgsProcessing,
    QgsProcessingAlgorithm,
    QgsProcessingException,
    QgsProcessingLayerPostProcessorInterface,
    QgsProcessingMultiStepFeedback,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterFile,
    QgsProject,
)
from qgis.PyQt.QtCore import QCoreApplication, QUrl
from qgis.PyQt.QtGui import QIcon

from ..uis_qgis import feedback as core_feedback
from .definitions import MODES, SCENARIOS
from .dependencies import dependency_problem

PLUGIN_DIR = Path(__file__).resolve().parent.parent
STYLES_DIR = PLUGIN_DIR / "resources" / "styles"
ICON_PATH = PLUGIN_DIR / "resources" / "icons" / "uis_qgis.svg"
DOCS_DIR = PLUGIN_DIR / "docs"
METHOD_REFERENCE = ("Ramaswami A., Tong K., Fang A. et al. (2017) Urban cross-sector actions for carbon "
                    "mitigation with local health co-benefits in China. Nature Climate Change 7, 736–742.")


def help_url(anchor: str = "") -> str:
    """``file://`` URL of the shipped user guide (``docs/user_guide.html``, built by scripts/package.py)."""
    guide = DOCS_DIR / "user_guide.html"
    if not guide.exists():
        guide = DOCS_DIR / "user_guide.md"
    return QUrl.fromLocalFile(str(guide)).toString() + (f"#{anchor}" if anchor else "")


def tr(text: str) -> str:
    """The one translation hook of the provider."""
    return QCoreApplication.translate("UisQgis", text)


class QgisFeedback(core_feedback.Feedback):
    """The one feedback of an algorithm run: the core's :class:`Feedback` over a
    ``QgsProcessingMultiStepFeedback`` (the algorithm's ``STEPS``, e.g. model run, then writing outputs).

    Progress within a step never goes back (a sub-task that restarts at 0 % holds the bar), and a progress text
    is passed on only when it changes, so a loop over 150 stacks logs one line, not 150.
    """

    def __init__(self, qgs_feedback, steps: int = 1):
        self.qgs = qgs_feedback
        self.steps = QgsProcessingMultiStepFeedback(steps, qgs_feedback)
        self.percent = 0.0
        self.text = ""

    def step(self, index: int, message: str = "") -> None:
        """Start step ``index`` (0-based) of the algorithm."""
        self.steps.setCurrentStep(index)
        self.percent = 0.0
        if message:
            self.progress(0.0, message)

    def progress(self, fraction: float, message: str = "") -> None:
        if message and message != self.text:
            self.text = message
            self.qgs.setProgressText(message)
        percent = 100.0 * min(max(fraction, 0.0), 1.0)
        if percent > self.percent:
            self.percent = percent
            self.steps.setProgress(percent)

    def is_cancelled(self) -> bool:
        return self.qgs.isCanceled()

    def info(self, message: str) -> None:
        self.qgs.pushInfo(message)

    def warning(self, message: str) -> None:
        self.qgs.pushWarning(message)


class _FeedbackLogHandler(logging.Handler):
    def __init__(self, qgs_feedback):
        super().__init__(logging.INFO)
        self.qgs = qgs_feedback

    def emit(self, record: logging.LogRecord) -> None:
        message = self.format(record)
        if record.levelno >= logging.WARNING:
            self.qgs.pushWarning(message)
        else:
            self.qgs.pushInfo(message)


def core_logger_names() -> list[str]:
    """Loggers the core writes to: the fixed ``uis_qgis`` one and its package's module loggers."""
    package = core_feedback.__name__.rsplit(".", 1)[0]
    return sorted({core_feedback.log.name, package})


@contextmanager
def core_logging_to(qgs_feedback):
    """Route the core's log records (INFO and above) to the Processing log while the block runs."""
    handler = _FeedbackLogHandler(qgs_feedback)
    loggers = [logging.getLogger(name) for name in core_logger_names()]
    levels = [lg.level for lg in loggers]
    for lg in loggers:
        lg.addHandler(handler)
        lg.setLevel(logging.INFO)
    try:
        yield
    finally:
        for lg, level in zip(loggers, levels):
            lg.removeHandler(handler)
            lg.setLevel(level)


# Post-processors run after the algorithm instance is gone (a model deletes its child algorithms before the
# dialog loads their layers): the latest ones are kept here, by destination.
LIVE_POST_PROCESSORS = {}
MAX_LIVE_POST_PROCESSORS = 200


class ResultsGroup:
    """The one layer-tree group of a run (e.g. "UIS-QGIS FYP (cascade)"), made when its first layer is loaded.

    Created inside ``processAlgorithm`` as a plain object; it touches the project only from
    :meth:`StyleLoader.postProcessLayer`, which Processing calls in the main thread.
    """

    def __init__(self, name: str):
        self.name = name
        self.node = None

    def add(self, layer, project) -> None:
        root = project.layerTreeRoot()
        node = root.findLayer(layer.id())
        if node is None:
            return
        if self.node is None:
            taken = {child.name() for child in root.children()}
            name, n = self.name, 1
            while name in taken:  # a second run of the same scenario gets its own group
                n += 1
                name = f"{self.name} ({n})"
            self.node = root.insertGroup(0, name)
        self.node.addChildNode(node.clone())
        node.parent().removeChildNode(node)


class FieldHelp:
    """Readable field names with units (the report's labels) as aliases, and required fields not null."""

    def __init__(self, required=()):
        self.required = set(required)

    def apply(self, layer) -> None:
        from ..uis_qgis.report import label

        for index, field in enumerate(layer.fields()):
            layer.setFieldAlias(index, label(field.name()))
            if field.name() in self.required:
                layer.setFieldConstraint(index, QgsFieldConstraints.ConstraintNotNull)


class StyleLoader(QgsProcessingLayerPostProcessorInterface):
    """Applies a shipped ``.qml`` style, a display name, field help and the run's group to an output layer when
    Processing loads it (each part optional)."""

    def __init__(self, qml_name: str | None, display_name: str | None = None, group: ResultsGroup | None = None,
                 field_help: FieldHelp | None = None):
        super().__init__()
        self.qml_path = STYLES_DIR / qml_name if qml_name else None
        self.display_name = display_name
        self.group = group
        self.field_help = field_help

    def postProcessLayer(self, layer, context, feedback):  # noqa: N802 (QGIS API)
        if self.qml_path is not None:
            message, ok = layer.loadNamedStyle(str(self.qml_path))
            if not ok:
                feedback.pushWarning(tr("Style {} not applied: {}").format(self.qml_path.name, message))
        if self.display_name:
            layer.setName(self.display_name)
        if self.field_help is not None:
            self.field_help.apply(layer)
        if self.group is not None:
            self.group.add(layer, context.project() or QgsProject.instance())
        layer.triggerRepaint()


INPUT_LAYERS = {
    "plants": ("PLANTS", "Plants (points)", [QgsProcessing.TypeVectorPoint],
               "Industrial plants and power stations (user guide, 'Input layers'): plant_id (unique), sector "
               "(power, steel, cement, chemical, paper, food, textile, other), fuel_tce (annual non-electric "
               "primary fuel, t coal equivalent); optional production_t, electricity_mwh, generation_mwh, chp, stack "
               "parameters, province, grid_region, fly_ash_t, slag_t. Any CRS."),
    "cities": ("CITIES", "Cities (polygons, or points with an area)",
               [QgsProcessing.TypeVectorPolygon, QgsProcessing.TypeVectorPoint],
               "City territories: city_id (unique), population; optional name, province, grid_region, "
               "core_floor_area_m2, hdd, gdp_primary/secondary/tertiary, observed_pm25. Points need area_km2 "
               "(the city becomes a circle of that area). Any CRS."),
    "district_heating": ("DISTRICT_HEATING", "Existing district heating (polygons or lines)",
                         [QgsProcessing.TypeVectorAnyGeometry],
                         "Optional existing district-heating systems: des_id, heat_supplied_gj (GJ/yr). They "
                         "are sinks of cascade step C (medium-grade heat within the fence line)."),
    "urban_cores": ("URBAN_CORES", "Urban cores (polygons)", [QgsProcessing.TypeVectorPolygon],
                    "Optional built-up urban cores: sinks of cascade step D (new 4th-generation district "
                    "heating); the city polygons are used when absent."),
    "provinces": ("PROVINCES", "Provinces (polygons)", [QgsProcessing.TypeVectorPolygon],
                  "Optional provinces: province (name), cement_production_t, fly_ash_reuse_rate, grid_region; "
                  "used for material exchange and rest-of-province accounting."),
}


# key fields a user may pick under another name: layer → {parameter: (model's field name, field kind, label)}.
# Parameter names are public (saved models): never rename.
FIELD_PICKERS = {
    "plants": {"PLANTS_SECTOR_FIELD": ("sector", QgsProcessingParameterField.String, "Plant sector field"),
               "PLANTS_FUEL_FIELD": ("fuel_tce", QgsProcessingParameterField.Numeric,
                                     "Plant fuel field (t coal equivalent per year)")},
    "cities": {"CITIES_POPULATION_FIELD": ("population", QgsProcessingParameterField.Numeric,
                                           "City population field")},
    "district_heating": {"DISTRICT_HEATING_HEAT_FIELD": ("heat_supplied_gj", QgsProcessingParameterField.Numeric,
                                                         "Heat supplied field (GJ per year)")},
}


class UisAlgorithm(QgsProcessingAlgorithm):
    """Base of every UIS-QGIS algorithm: subclasses set ``NAME``, ``DISPLAY``, ``GROUP``/``GROUP_ID``, ``HELP``
    and implement ``initAlgorithm`` and ``compute(parameters, context, feedback, core_fb)``."""

    NAME = ""
    DISPLAY = ""
    GROUP = ""
    GROUP_ID = ""
    HELP = ""
    STEPS = 1  # steps of compute() for the progress bar (QgisFeedback.step)
    PARAMS_FILE = "PARAMS_FILE"
    SCENARIO = "SCENARIO"  # add_scenario_and_mode
    MODE = "MODE"

    def __init__(self):
        super().__init__()

    def name(self):
        return self.NAME

    def displayName(self):  # noqa: N802
        return tr(self.DISPLAY)

    def group(self):
        return tr(self.GROUP)

    def groupId(self):  # noqa: N802
        return self.GROUP_ID

    def shortHelpString(self):  # noqa: N802
        return tr(self.HELP) + "<p><i>" + tr("Method: ") + METHOD_REFERENCE + "</i></p>"

    def icon(self):
        return QIcon(str(ICON_PATH))

    def helpUrl(self):  # noqa: N802
        """This algorithm's entry in the user guide shipped in the plugin (HTML in the zip, Markdown in a checkout)."""
        return help_url(f"alg-{self.NAME}")

    def createInstance(self):  # noqa: N802
        return type(self)()

    def canExecute(self):  # noqa: N802
        problem = dependency_problem()
        return (False, problem) if problem else (True, "")

    # --- parameter helpers -------------------------------------------------------------------------------
    def add_parameter(self, parameter, help_text: str, advanced: bool = False):
        """Add a parameter with its help text (every parameter has one)."""
        parameter.setHelp(tr(help_text))
        if advanced:
            parameter.setFlags(parameter.flags() | parameter.FlagAdvanced)
        self.addParameter(parameter)

    def add_input_layers(self, required=("plants", "cities")):
        """The input layers (user guide; only ``required`` ones mandatory), as feature sources, each followed by
        pickers for its key fields (:data:`FIELD_PICKERS`) so a user's own column names work unrenamed."""
        for layer, (param, description, geometries, help_text) in INPUT_LAYERS.items():
            self.add_parameter(QgsProcessingParameterFeatureSource(
                param, tr(description), geometries, optional=layer not in required), help_text)
            for picker, (field, kind, label) in FIELD_PICKERS.get(layer, {}).items():
                self.add_parameter(QgsProcessingParameterField(
                    picker, tr(label), parentLayerParameterName=param, type=kind, optional=True),
                    f"Field of this layer holding '{field}' (user guide, 'Input layers'). Empty: the field named "
                    f"{field}.")

    def read_input_layers(self, parameters, context, feedback) -> dict:
        """``{layer name: GeoDataFrame | None}`` for the core, in each layer's own CRS; fields chosen in the
        pickers are given the names the model reads."""
        from .adapter import source_to_gdf

        layers = {}
        for layer, (param, *_rest) in INPUT_LAYERS.items():
            source = self.parameterAsSource(parameters, param, context)
            layers[layer] = None if source is None else source_to_gdf(source, feedback)
            if layers[layer] is not None:
                layers[layer] = self.picked_fields(layers[layer], layer, parameters, context)
            if feedback.isCanceled():
                raise core_feedback.Cancelled("run cancelled by the user")
        return layers

    def picked_fields(self, gdf, layer: str, parameters, context):
        """``gdf`` with each picked field renamed to the model's name (a field already holding that name is
        set aside as ``<name>_unused``); the layer itself is never modified."""
        renames = {}
        for picker, (field, _kind, _label) in FIELD_PICKERS.get(layer, {}).items():
            if self.parameterDefinition(picker) is None:
                continue
            chosen = self.parameterAsString(parameters, picker, context)
            if chosen and chosen != field:
                renames.update({field: f"{field}_unused", chosen: field})
        return gdf.rename(columns=renames) if renames else gdf

    def add_scenario_and_mode(self, scenario_help: str, mode_help: str):
        """The *Scenario* and *Heat allocation* choices of :mod:`.definitions` (public names SCENARIO, MODE)."""
        self.add_parameter(QgsProcessingParameterEnum(
            self.SCENARIO, tr("Scenario"), options=[tr(choice[1]) for choice in SCENARIOS], defaultValue=0),
            scenario_help)
        self.add_parameter(QgsProcessingParameterEnum(
            self.MODE, tr("Heat allocation"), options=[tr(choice[1]) for choice in MODES], defaultValue=0),
            mode_help, advanced=True)

    def scenario_and_mode(self, parameters, context) -> tuple:
        """The chosen (code, label, short name) entries of SCENARIOS and MODES."""
        return (SCENARIOS[self.parameterAsEnum(parameters, self.SCENARIO, context)],
                MODES[self.parameterAsEnum(parameters, self.MODE, context)])

    def add_params_file(self):
        self.add_parameter(
            QgsProcessingParameterFile(self.PARAMS_FILE, tr("Parameter override file (TOML)"),
                                       extension="toml", optional=True),
            "Optional TOML file overriding default parameters by dotted path, e.g. [cascade] "
            "fence_line_m = 20000. Unknown names are an error. Defaults: uis_qgis/data/params/*.toml.",
            advanced=True)

    def load_params(self, parameters, context):
        from ..uis_qgis.params import ParameterError, load_params

        path = self.parameterAsFile(parameters, self.PARAMS_FILE, context)
        try:
            return load_params(path or None)
        except (ParameterError, OSError) as exc:
            raise QgsProcessingException(tr("Parameter file: {}").format(exc)) from exc

    def style_output(self, dest_id: str, context, qml_name: str | None, display_name: str | None = None,
                     group: ResultsGroup | None = None, field_help: FieldHelp | None = None):
        """Style, name and group ``dest_id`` when Processing loads it; keeps the post-processor alive."""
        if context.willLoadLayerOnCompletion(dest_id):
            loader = StyleLoader(qml_name, display_name, group, field_help)
            LIVE_POST_PROCESSORS.pop(dest_id, None)
            LIVE_POST_PROCESSORS[dest_id] = loader
            while len(LIVE_POST_PROCESSORS) > MAX_LIVE_POST_PROCESSORS:
                LIVE_POST_PROCESSORS.pop(next(iter(LIVE_POST_PROCESSORS)))
            context.layerToLoadOnCompletionDetails(dest_id).setPostProcessor(loader)

    def write_sink(self, parameters, context, name: str, df, default_wkb, feedback) -> str:
        """Create the feature sink ``name`` typed from ``df`` and write every row; returns its destination id."""
        from .adapter import fields_for, qgis_crs, wkb_type_for, write_gdf

        fields, wkb_type = fields_for(df), wkb_type_for(df, default_wkb)
        crs = qgis_crs(getattr(df, "crs", None))
        sink, dest_id = self.parameterAsSink(parameters, name, context, fields, wkb_type, crs)
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, name))
        write_gdf(sink, df, fields, wkb_type, feedback)
        return dest_id

    # --- running --------------------------------------------------------------------------------------------
    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        problem = dependency_problem()  # every entry point runs this: dialog, processing.run, models, qgis_process
        if problem:
            raise QgsProcessingException(problem)
        from ..uis_qgis.validate import InputError

        core_fb = QgisFeedback(feedback, self.STEPS)
        try:
            with core_logging_to(feedback):
                return self.compute(parameters, context, feedback, core_fb)
        except InputError as exc:
            raise QgsProcessingException(str(exc)) from exc
        except core_feedback.Cancelled as exc:
            raise QgsProcessingException(tr("Cancelled by the user; no output was written.")) from exc

    def compute(self, parameters, context, feedback, core_fb):
        raise NotImplementedError

