"""The model's vocabulary in one place: scenarios, modes, layer names, sector codes, strategies, unit constants
and province names (as QuickOSM keeps its definitions apart from the code that uses them).

Used by the core, the command line, the build scripts and the Processing provider; nothing here is a
parameter (those live in ``uis_qgis/data/params/*.toml`` with value, unit and source).
"""
from __future__ import annotations

import re
import unicodedata

# ------------------------------------------------------------------------------------------------ runs
SCENARIOS = ("base", "fyp", "high")  # single-sector efficiency before symbiosis (SPEC §2)
MODES = ("cascade", "optimal")  # heat allocation: the paper's cascade A–E or the joint CO2-maximising LP

# ------------------------------------------------------------------------------------------------ layers
INPUT_LAYERS = ("plants", "cities", "district_heating", "urban_cores", "provinces")  # SPEC §1
REQUIRED_LAYERS = ("plants", "cities")

# ------------------------------------------------------------------------------------------------ sectors
# codes of the plants layer's ``sector`` field (SPEC §1; Ramaswami et al. 2017, Methods (c))
SECTORS = ("power", "steel", "cement", "chemical", "paper", "food", "textile", "other")

# ------------------------------------------------------------------------------------------ strategies
# CO2 / PM2.5 reductions are booked by these steps of the method (Ramaswami et al. 2017, Fig. 2 and Table 2)
STRATEGIES = ("efficiency", "heat_A_orc", "heat_B_industry", "heat_C_des", "heat_C_orc", "heat_D_new_dh",
              "material")
ELECTRIC_STRATEGIES = ("efficiency", "heat_A_orc", "heat_C_orc", "material")  # booked as grid electricity
# the three strategies of Fig. 2 and the steps each sums
STRATEGY_GROUPS = {"efficiency": ("efficiency",),
                   "heat_exchange": ("heat_A_orc", "heat_B_industry", "heat_C_des", "heat_C_orc", "heat_D_new_dh"),
                   "material_exchange": ("material",)}
ROP = "ROP"  # rest of province: emitters outside every city polygon


def group_field(group: str) -> str:
    """The ``city_results`` field of a strategy group's CO2 reduction (t/yr): the step's own field
    (``co2_red_efficiency_t``, ``co2_red_material_t``) for a one-step group, else ``co2_red_<group>_t``."""
    steps = STRATEGY_GROUPS[group]
    return f"co2_red_{steps[0] if len(steps) == 1 else group}_t"

# ------------------------------------------------------------------------------------------ unit constants
# exact conversions between units of the same quantity (factors between quantities are parameters)
G_PER_T = 1.0e6
UG_PER_G = 1.0e6
T_PER_MT = 1.0e6
KWH_PER_MWH = 1.0e3
MJ_PER_GJ = 1.0e3
GJ_PER_TJ = 1.0e3
PERCENT = 100.0

# ------------------------------------------------------------------------------------------------ provinces
# OCHA ADM1_EN names without their administrative suffix (the data contract), with the grid region
# of each in ``grid.province_region``
PROVINCES = ("Beijing", "Tianjin", "Hebei", "Shanxi", "Inner Mongolia", "Liaoning", "Jilin", "Heilongjiang",
             "Shanghai", "Jiangsu", "Zhejiang", "Anhui", "Fujian", "Jiangxi", "Shandong", "Henan", "Hubei",
             "Hunan", "Guangdong", "Guangxi", "Hainan", "Chongqing", "Sichuan", "Guizhou", "Yunnan", "Tibet",
             "Shaanxi", "Gansu", "Qinghai", "Ningxia", "Xinjiang", "Hong Kong", "Macao", "Taiwan")
# other spellings (pinyin, Wade–Giles / postal, Chinese) → contract name
PROVINCE_ALIASES = {
    "xizang": "Tibet", "nei mongol": "Inner Mongolia", "nei menggu": "Inner Mongolia", "neimenggu": "Inner Mongolia",
    "neimongol": "Inner Mongolia", "innermongolia": "Inner Mongolia", "peking": "Beijing", "tientsin": "Tianjin",
    "macau": "Macao", "hongkong": "Hong Kong", "shensi": "Shaanxi", "shansi": "Shanxi",
    "kwangtung": "Guangdong", "kwangsi": "Guangxi", "sinkiang": "Xinjiang", "szechwan": "Sichuan",
    "北京": "Beijing", "天津": "Tianjin", "河北": "Hebei", "山西": "Shanxi", "内蒙古": "Inner Mongolia",
    "辽宁": "Liaoning", "吉林": "Jilin", "黑龙江": "Heilongjiang", "上海": "Shanghai", "江苏": "Jiangsu",
    "浙江": "Zhejiang", "安徽": "Anhui", "福建": "Fujian", "江西": "Jiangxi", "山东": "Shandong", "河南": "Henan",
    "湖北": "Hubei", "湖南": "Hunan", "广东": "Guangdong", "广西": "Guangxi", "海南": "Hainan", "重庆": "Chongqing",
    "四川": "Sichuan", "贵州": "Guizhou", "云南": "Yunnan", "西藏": "Tibet", "陕西": "Shaanxi", "甘肃": "Gansu",
    "青海": "Qinghai", "宁夏": "Ningxia", "新疆": "Xinjiang", "香港": "Hong Kong", "澳门": "Macao", "台湾": "Taiwan",
}
_ADMIN_SUFFIX = re.compile(
    r"(\s+(special administrative region|autonomous region|municipality|province|sar|shi|sheng|zizhiqu)"
    r"|\s+(hui|uygur|uyghur|uighur|zhuang)"
    r"|(特别行政区|自治区|维吾尔|壮族|回族|省|市))+$", re.IGNORECASE)


def _key(text: str) -> str:
    return re.sub(r"[\s\-_']", "", text.lower())


_BY_KEY = {_key(name): name for name in PROVINCES}


def normalise_province(name) -> str | None:
    """The data-contract province name (OCHA ``ADM1_EN`` without its suffix) for any common spelling.

    ``"Hebei Province"``, ``"hebei"``, ``"河北省"`` → ``"Hebei"``; ``"Xizang Autonomous Region"``, ``"Tibet"`` →
    ``"Tibet"``; ``"Nei Mongol"`` → ``"Inner Mongolia"``; ``"Guangxi Zhuang Autonomous Region"`` →
    ``"Guangxi"``. A name it does not know comes back without its suffix; missing values (None, NaN, empty
    text) give None.
    """
    if name is None or (isinstance(name, float) and name != name):
        return None
    text = unicodedata.normalize("NFKC", str(name)).strip()
    if not text or text.lower() in ("nan", "none", "<na>"):
        return None
    base = _ADMIN_SUFFIX.sub("", text).strip()
    key = _key(base)
    return _BY_KEY.get(key) or PROVINCE_ALIASES.get(key) or PROVINCE_ALIASES.get(base) or base
