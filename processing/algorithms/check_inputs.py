"""Check inputs: the same checks every algorithm runs first, written out as a report table."""
from __future__ import annotations

from qgis.core import QgsProcessing, QgsProcessingOutputNumber, QgsProcessingParameterFeatureSink, QgsWkbTypes

from ..base import UisAlgorithm, tr

REPORT_COLUMNS = ("severity", "layer", "field", "n_ids", "ids", "message")


def problems_table(problems):
    """One row per problem (severity, layer, field, number of ids, ids, message)."""
    import pandas as pd

    rows = [(p.severity, p.layer, p.field, len(p.ids), ", ".join(str(i) for i in p.ids), p.message)
            for p in problems]
    return pd.DataFrame(rows, columns=list(REPORT_COLUMNS)).astype(
        {"severity": str, "layer": str, "field": str, "n_ids": "int64", "ids": str, "message": str})


class CheckInputs(UisAlgorithm):
    NAME = "checkinputs"
    DISPLAY = "Check inputs"
    GROUP = "1 · Inputs"
    GROUP_ID = "inputs"
    HELP = ("Checks the input layers the way every UIS-QGIS algorithm does before computing anything: "
            "required fields, text in number fields, negative/NaN/infinite values, empty layers, duplicate "
            "ids, empty or invalid geometries, unknown sector codes, missing CRS. Writes one row per problem "
            "(layer, field, ids, what to do); errors stop other algorithms, warnings do not. Never fails on "
            "bad data: it reports.")
    OUTPUT = "OUTPUT"
    N_ERRORS = "N_ERRORS"
    N_WARNINGS = "N_WARNINGS"

    def initAlgorithm(self, config=None):  # noqa: N802
        self.add_input_layers()
        self.add_params_file()
        self.add_parameter(QgsProcessingParameterFeatureSink(self.OUTPUT, tr("Input problems"),
                                                             type=QgsProcessing.TypeVector),
                           "Table of problems found: severity (error/warning), layer, field, n_ids, ids, "
                           "message. Empty when the inputs are fine.")
        self.addOutput(QgsProcessingOutputNumber(self.N_ERRORS, tr("Number of errors")))
        self.addOutput(QgsProcessingOutputNumber(self.N_WARNINGS, tr("Number of warnings")))

    def compute(self, parameters, context, feedback, core_fb):
        from ...uis_qgis import contract
        from ...uis_qgis.validate import InputError

        params = self.load_params(parameters, context)
        layers = self.read_input_layers(parameters, context, feedback)
        core_fb.progress(0.5, tr("checking inputs"))
        try:
            problems = contract.check_inputs(layers, params).warnings
        except InputError as exc:
            problems = exc.problems
        table = problems_table(problems)
        for line in table.itertuples(index=False):
            (feedback.reportError if line.severity == "error" else feedback.pushWarning)(
                f"{line.layer}.{line.field}: {line.message} ({line.ids})")
        dest_id = self.write_sink(parameters, context, self.OUTPUT, table, QgsWkbTypes.NoGeometry, feedback)
        n_errors = int((table["severity"] == "error").sum())
        return {self.OUTPUT: dest_id, self.N_ERRORS: n_errors, self.N_WARNINGS: len(table) - n_errors}
