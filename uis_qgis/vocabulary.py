"""The model's vocabulary in one place: scenarios, modes, layer names, sector codes, strategies, unit constants
and province names (as QuickOSM keeps its definitions apart from the code that uses them)."""
from __future__ import annotations

# ------------------------------------------------------------------------------------------------ runs
SCENARIOS = ("base", "fyp", "high")  # single-sector efficiency before symbiosis (SPEC §2)
MODES = ("cascade", "optimal")  # heat allocation: the paper's cascade A–E or the joint CO2-maximising LP

# ------------------------------------------------------------------------------------------------ layers
INPUT_LAYERS = ("plants", "cities", "district_heating", "urban_cores", "provinces")  # SPEC §1
REQUIRED_LAYERS = ("plants", "cities")

# ------------------------------------------------------------------------------------------ strategies
# CO2 / PM2.5 reductions are booked by these steps of the method (Ramaswami et al. 2017, Fig. 2 and Table 2)
STRATEGIES = ("efficiency", "heat_A_orc", "heat_B_industry", "heat_C_des", "heat_C_orc", "heat_D_new_dh",
              "material")
ELECTRIC_STRATEGIES = ("efficiency", "heat_A_orc", "heat_C_orc", "material")  # booked as grid electricity
ROP = "ROP"  # rest of province: emitters outside every city polygon
