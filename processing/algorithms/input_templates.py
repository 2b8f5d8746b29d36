"""Create input templates: empty, correctly typed input layers to fill in with one's own data."""
from __future__ import annotations

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsField,
    QgsFields,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingParameterFeatureSink,
    QgsWkbTypes,
)

from ..base import INPUT_LAYERS, FieldHelp, UisAlgorithm, tr

# the layers' geometry in a template (the first type each layer accepts, as Multi where parts are possible)
TEMPLATE_GEOMETRY = {"plants": QgsWkbTypes.Point, "cities": QgsWkbTypes.MultiPolygon,
                     "district_heating": QgsWkbTypes.MultiPolygon, "urban_cores": QgsWkbTypes.MultiPolygon,
                     "provinces": QgsWkbTypes.MultiPolygon}
TEMPLATE_TITLE = {"cities": "Cities (polygons)"}  # the template's own geometry; other layers: the input's label
SINK_KIND = {QgsWkbTypes.Point: QgsProcessing.TypeVectorPoint,
             QgsWkbTypes.MultiPolygon: QgsProcessing.TypeVectorPolygon}


def template_fields(schema) -> QgsFields:
    """Every field the model reads from a layer (id and text fields as text, the others as decimals)."""
    from ..adapter import FIELD_TYPES

    fields = QgsFields()
    numeric = set(schema.required_numeric) | set(schema.optional_numeric)
    for name in schema.field_names():
        fields.append(QgsField(name, FIELD_TYPES["double" if name in numeric else "text"]))
    return fields


class InputTemplates(UisAlgorithm):
    NAME = "inputtemplates"
    DISPLAY = "Create input templates"
    GROUP = "1 · Inputs"
    GROUP_ID = "inputs"
    HELP = ("Writes one empty layer per input of the method — plants, cities, district heating, urban cores, "
            "provinces — with every field the model reads, correctly typed (ids and names as text, quantities "
            "as decimals), in EPSG:4326. Fill them in (or paste your features), then run 'Check inputs'. When "
            "loaded, each field shows a readable name with its unit and required fields must not be empty. "
            "Field meanings: user guide, 'Input layers'.")
    OUTPUTS = {layer: f"OUTPUT_{layer.upper()}" for layer in INPUT_LAYERS}

    def initAlgorithm(self, config=None):  # noqa: N802
        for layer, output in self.OUTPUTS.items():
            _param, description, _geometries, help_text = INPUT_LAYERS[layer]
            self.add_parameter(QgsProcessingParameterFeatureSink(
                output, tr(TEMPLATE_TITLE.get(layer, description)), type=SINK_KIND[TEMPLATE_GEOMETRY[layer]]),
                help_text)

    def compute(self, parameters, context, feedback, core_fb):
        from ...uis_qgis.contract import SCHEMAS

        results = {}
        for i, (layer, output) in enumerate(self.OUTPUTS.items()):
            schema = SCHEMAS[layer]
            sink, dest_id = self.parameterAsSink(parameters, output, context, template_fields(schema),
                                                 TEMPLATE_GEOMETRY[layer], QgsCoordinateReferenceSystem("EPSG:4326"))
            if sink is None:
                raise QgsProcessingException(self.invalidSinkError(parameters, output))
            del sink  # nothing to add: the template is the typed, empty layer
            results[output] = dest_id
            required = (schema.id_field, *schema.required_numeric, *schema.required_text)
            self.style_output(dest_id, context, None, tr(TEMPLATE_TITLE.get(layer, INPUT_LAYERS[layer][1])),
                              field_help=FieldHelp(required))
            core_fb.progress((i + 1) / len(self.OUTPUTS))
        return results
