"""One module per UIS-QGIS algorithm; :data:`ALGORITHMS` is what the provider registers."""
from .check_inputs import CheckInputs
from .eco_efficiency import EcoEfficiency
from .full_assessment import FullAssessment
from .waste_heat import WasteHeat

ALGORITHMS = (CheckInputs, FullAssessment, WasteHeat, EcoEfficiency)
