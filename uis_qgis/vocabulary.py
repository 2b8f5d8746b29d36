"""The model's vocabulary in one place: scenarios, modes, layer names, sector codes, strategies, unit constants
and province names (as QuickOSM keeps its definitions apart from the code that uses them)."""
from __future__ import annotations

# ------------------------------------------------------------------------------------------------ runs
SCENARIOS = ("base", "fyp", "high")  # single-sector efficiency before symbiosis (SPEC §2)
MODES = ("cascade", "optimal")  # heat allocation: the paper's cascade A–E or the joint CO2-maximising LP

# ------------------------------------------------------------------------------------------------ layers
INPUT_LAYERS = ("plants", "cities", "district_heating", "urban_cores", "provinces")  # SPEC §1
REQUIRED_LAYERS = ("plants", "cities")
