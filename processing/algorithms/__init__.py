"""One module per UIS-QGIS algorithm; :data:`ALGORITHMS` is what the provider registers."""
from .check_inputs import CheckInputs
from .full_assessment import FullAssessment

ALGORITHMS = (CheckInputs, FullAssessment)
