"""One module per UIS-QGIS algorithm; :data:`ALGORITHMS` is what the provider registers."""
from .check_inputs import CheckInputs
from .dispersion_step import Dispersion
from .eco_efficiency import EcoEfficiency
from .full_assessment import FullAssessment
from .health_step import Health
from .input_templates import InputTemplates
from .symbiosis_step import Symbiosis
from .uncertainty import Uncertainty
from .waste_heat import WasteHeat

ALGORITHMS = (CheckInputs, InputTemplates, FullAssessment, WasteHeat, Symbiosis, Dispersion, Health, EcoEfficiency,
              Uncertainty)
