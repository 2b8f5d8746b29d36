"""Build the Graphical Modeler model shipped with the plugin: ``resources/models/uis_assessment_chain.model3``.

The chain: Check inputs (report table) → Full assessment (heat links, plant and city results, summary, PM2.5
grids), sharing the same five input layers. The provider registers every ``resources/models/*.model3`` as
an algorithm, so the model shows in the toolbox and can be opened and edited in the Modeler.

Usage: ``QT_QPA_PLATFORM=offscreen python scripts/build_model.py``
"""
from __future__ import annotations

import sys
from pathlib import Path

from qgis.core import (
    QgsApplication,
    QgsProcessingModelAlgorithm,
    QgsProcessingModelChildAlgorithm,
    QgsProcessingModelChildDependency,
    QgsProcessingModelChildParameterSource,
    QgsProcessingModelOutput,
    QgsProcessingModelParameter,
    QgsProcessingParameterFeatureSource,
)
from qgis.PyQt.QtCore import QPointF

from plugin_package import load_plugin_package

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "resources" / "models" / "uis_assessment_chain.model3"
MODEL_NAME = "assessmentchain"  # public id uisqgis:assessmentchain; never rename
MODEL_GROUP = "0 · Full assessment"
CANVAS_STEP_X, CANVAS_STEP_Y = 260.0, 90.0  # layout of the boxes on the Modeler canvas, pixels
CHECK_OUTPUTS = {"OUTPUT": "Input problems"}
ASSESSMENT_OUTPUTS = {"OUTPUT_HEAT_LINKS": "Heat links", "OUTPUT_PLANTS": "Plants (results)",
                      "OUTPUT_CITIES": "Cities (results)", "OUTPUT_SUMMARY": "Summary",
                      "OUTPUT_PM25_BASE": "PM2.5 base", "OUTPUT_PM25_SCENARIO": "PM2.5 scenario",
                      "OUTPUT_PM25_DIFFERENCE": "PM2.5 difference"}
# choices of the assessment the model's user makes (model inputs); the rest are fixed at their defaults
MODEL_CHOICES = ("SCENARIO", "MODE", "DISPERSION", "HEALTH", "PARAMS_FILE")


def _child(algorithm_id: str, child_id: str, description: str, inputs, outputs: dict, x: float,
           static: dict | None = None):
    child = QgsProcessingModelChildAlgorithm(algorithm_id)
    child.setChildId(child_id)
    child.setDescription(description)
    child.setPosition(QPointF(x, CANVAS_STEP_Y * 3))
    for name in inputs:
        child.addParameterSources(name, [QgsProcessingModelChildParameterSource.fromModelParameter(name)])
    for name, value in (static or {}).items():
        child.addParameterSources(name, [QgsProcessingModelChildParameterSource.fromStaticValue(value)])
    model_outputs = {}
    for i, (name, label) in enumerate(outputs.items()):
        out = QgsProcessingModelOutput(label, label)
        out.setChildOutputName(name)
        out.setChildId(child_id)
        out.setPosition(QPointF(x + CANVAS_STEP_X / 2, CANVAS_STEP_Y * (4 + i / 2)))
        model_outputs[label] = out
    child.setModelOutputs(model_outputs)
    return child


def build(out: Path = OUT) -> QgsProcessingModelAlgorithm:
    """Create the model from the registered UIS-QGIS algorithms and write it to ``out``."""
    model = QgsProcessingModelAlgorithm(MODEL_NAME, MODEL_GROUP)
    registry = QgsApplication.processingRegistry()
    assessment = registry.algorithmById("uisqgis:fullassessment")
    help_content = {"ALG_DESC": "Check the input layers, then run the full UIS assessment "
                                "(Ramaswami et al. 2017) with default parameters.",
                    "ALG_CREATOR": "UIS-QGIS"}
    layer_inputs = []
    for i, definition in enumerate(d for d in assessment.parameterDefinitions()
                                   if isinstance(d, QgsProcessingParameterFeatureSource) or d.name() in MODEL_CHOICES):
        model.addModelParameter(definition.clone(), QgsProcessingModelParameter(definition.name()))
        model.parameterComponent(definition.name()).setPosition(QPointF(CANVAS_STEP_X * i / 2 + 80, 60))
        layer_inputs.append(definition.name())
    check = _child("uisqgis:checkinputs", "check", "Check inputs",
                   [n for n in layer_inputs if registry.algorithmById("uisqgis:checkinputs").parameterDefinition(n)],
                   CHECK_OUTPUTS, 120)
    # every other input of the assessment gets its default, so the model validates when opened
    static = {d.name(): d.defaultValue() for d in assessment.parameterDefinitions()
              if d.name() not in layer_inputs and not d.isDestination() and d.defaultValue() is not None}
    full = _child("uisqgis:fullassessment", "assess", "Full assessment", layer_inputs,
                  ASSESSMENT_OUTPUTS, 120 + CANVAS_STEP_X * 2, static)
    full.setDependencies([QgsProcessingModelChildDependency("check")])
    model.addChildAlgorithm(check)
    model.addChildAlgorithm(full)
    model.updateDestinationParameters()
    # the Modeler keeps parameter help in the model's help content (shown in the dialog's help panel)
    sources = {d.name(): d.help() for d in assessment.parameterDefinitions()}
    sources.update({f"check:{label}": registry.algorithmById("uisqgis:checkinputs").parameterDefinition(name).help()
                    for name, label in CHECK_OUTPUTS.items()})
    sources.update({f"assess:{label}": assessment.parameterDefinition(name).help()
                    for name, label in ASSESSMENT_OUTPUTS.items()})
    for definition in model.parameterDefinitions():
        help_content[definition.name()] = sources[definition.name()]
    model.setHelpContent(help_content)
    out.parent.mkdir(parents=True, exist_ok=True)
    if not model.toFile(str(out)):
        raise RuntimeError(f"could not write {out}")
    return model


def main() -> int:
    sys.path.insert(0, "/usr/share/qgis/python/plugins")
    app = QgsApplication([], False)
    app.initQgis()
    from processing.core.Processing import Processing

    Processing.initialize()
    plugin = load_plugin_package().classFactory(None)
    plugin.initProcessing()
    model = build()
    print(f"{OUT.relative_to(REPO)}: {len(model.childAlgorithms())} steps, "
          f"{len(model.parameterDefinitions())} parameters")
    plugin.unload()
    app.exitQgis()
    return 0


if __name__ == "__main__":
    sys.exit(main())
