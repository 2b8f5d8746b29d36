"""Sectoral carbon footprints and eco-efficiency by environmentally extended input–output analysis (SPEC §9).

An n-sector input–output table holds the intermediate matrix Z (row i sells to column j), final demand f,
total output x and value added v, all in one money unit, plus the direct (scope-1) CO2 of each sector. From it:

* technical coefficients A = Z diag(x)⁻¹ and x = (I − A)⁻¹ f (seed 002, Eq. 2–3),
* direct intensities E_j = CO2_j / x_j,
* carbon footprints by sector of final demand e_j = [E (I − A)⁻¹]_j f_j (Eq. 4 with f diagonalised),
* eco-efficiency_j = value added_j (or output_j) / e_j (Eq. 1).

Every Leontief quantity is obtained by solving a linear system with I − A (dense LU or sparse LU), never by
forming the inverse. UIS options are process balances (Eq. 5–6): resource saving R_ij = S_j × M_ij, waste
reduction W_ij; their CO2 effect changes the inventories of named sectors, hence E and every footprint.

References
----------
Seed 002: "A Sectoral Eco-Efficiency Analysis on Urban-Industrial Symbiosis", Sustainability 2020, 12(9),
3650, doi:10.3390/su12093650, Eq. 1–6 and Table 2; its supplementary Table 1 (seed 000) for the Guiyang options.
Miller, R.E. & Blair, P.D. (2009) Input–Output Analysis, 2nd ed., Cambridge UP, §2.2 and §9.2.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd
import scipy.linalg
import scipy.sparse as sp
import scipy.sparse.linalg as spla

from .data import DATA_DIR
from .feedback import Feedback
from . import emissions
from .params import Params, load_params
from .validate import InputError, Problem
from .vocabulary import PERCENT, T_PER_MT

SECTORS_13 = ("AGR", "MIN", "IN_FD", "IN_LIG", "IN_PAP", "IN_CHEM", "IN_NMMI", "IN_MMI", "IN_OTHMNUF",
              "PP", "CON", "TRNS", "RES-SERV")
RESOURCES = DATA_DIR / "eeio"
GUIYANG_OPTIONS = RESOURCES / "guiyang_uis_options.toml"
MAP_SEED002_42 = RESOURCES / "map_seed002_42_to_13.csv"
MAP_NBS2017_42 = RESOURCES / "map_nbs2017_42_to_13.csv"
MAP_NBS2012_139 = RESOURCES / "map_nbs2012_139_to_13.csv"
MAP_CEADS = RESOURCES / "map_ceads_to_13.csv"
CHINA_2012_13 = RESOURCES / "china_2012_13sector.csv"
CHINA_2012_13_SOURCE = ("NBS China 2012 input-output table, 139 sectors (as packed in the ionet R package), "
                        "aggregated to the 13 sectors of seed 002 Table 2; direct CO2: CEADs 2012 provincial "
                        "inventories summed over 30 provinces (Shan et al. 2018, Sci. Data 5:170201), households "
                        "excluded; built by uis_qgis.eeio.national_table_13")
TABLE_COLUMNS = ("final_demand", "value_added", "total_output", "co2_t")


# --------------------------------------------------------------------------------------------- IO table
@dataclass(frozen=True)
class IOTable:
    """An n-sector input–output table with a direct-CO2 satellite account.

    Attributes
    ----------
    sectors : tuple of str
        Sector codes, in the order of the rows and columns of ``Z``.
    Z : ndarray or scipy.sparse matrix, shape (n, n)
        Intermediate deliveries from row sector i to column sector j, money unit per year.
    f : ndarray, shape (n,)
        Final demand of each sector's product (net of imports in a competitive-import table), money unit.
    x : ndarray, shape (n,)
        Total output, money unit; satisfies x = Z·1 + f.
    v : ndarray, shape (n,)
        Value added, money unit.
    co2_t : ndarray, shape (n,)
        Direct (scope-1) CO2 of each sector, t/yr.
    money_unit : str
        The money unit of Z, f, x, v (e.g. "10^4 CNY").
    """

    sectors: tuple
    Z: object
    f: np.ndarray
    x: np.ndarray
    v: np.ndarray
    co2_t: np.ndarray
    money_unit: str = "10^4 CNY"

    @property
    def n(self) -> int:
        return len(self.sectors)

    def with_co2(self, co2_t: np.ndarray) -> IOTable:
        """Same economy with another CO2 inventory (t/yr per sector)."""
        return replace(self, co2_t=np.asarray(co2_t, dtype=float))


def _table_problems(name: str, sectors, x, f, Z, co2_t, rel_tol: float) -> list[Problem]:
    problems = []
    dup = pd.Index(sectors)[pd.Index(sectors).duplicated()].tolist()
    if dup:
        problems.append(Problem(name, "sector", tuple(dup), "has duplicate sector codes"))
    for field, values in (("total_output", x), ("co2_t", co2_t)):
        bad = ~np.isfinite(values) | (values < 0)
        if bad.any():
            problems.append(Problem(name, field, tuple(np.asarray(sectors)[bad]), "must be finite and >= 0"))
    no_output = (x == 0) & (co2_t > 0)
    if no_output.any():
        problems.append(Problem(name, "co2_t", tuple(np.asarray(sectors)[no_output]),
                                "emits CO2 but has zero total output; intensity undefined"))
    residual = np.abs(np.asarray(Z.sum(axis=1)).ravel() + f - x)
    unbalanced = residual > rel_tol * np.maximum(np.abs(x), 1.0)
    if unbalanced.any():
        problems.append(Problem(name, "total_output", tuple(np.asarray(sectors)[unbalanced]),
                                "does not equal intermediate sales + final demand (x = Z·1 + f)"))
    return problems


def make_table(sectors, Z, f, co2_t, v=None, x=None, money_unit: str = "10^4 CNY",
               rel_tol: float = 1e-6, name: str = "io_table") -> IOTable:
    """Checked :class:`IOTable` from arrays; x defaults to Z·1 + f and v to x − 1ᵀZ.

    Parameters
    ----------
    sectors : sequence of str
        Sector codes (n).
    Z : array_like or scipy.sparse matrix, shape (n, n)
        Intermediate deliveries, money unit.
    f : array_like, shape (n,)
        Final demand, money unit.
    co2_t : array_like, shape (n,)
        Direct CO2 by sector, t/yr.
    v, x : array_like, optional
        Value added and total output, money unit.
    rel_tol : float
        Relative tolerance of the balance x = Z·1 + f, - .
    name : str
        Name used in error messages (e.g. the file name).

    Raises
    ------
    InputError
        Naming the table, the field and the sector codes at fault.

    References
    ----------
    Seed 002, Table 1 and Eq. 2.
    """
    Zm = sp.csr_matrix(Z, dtype=float) if sp.issparse(Z) else np.asarray(Z, dtype=float)
    f = np.asarray(f, dtype=float)
    row_sums = np.asarray(Zm.sum(axis=1)).ravel()
    x = row_sums + f if x is None else np.asarray(x, dtype=float)
    v = x - np.asarray(Zm.sum(axis=0)).ravel() if v is None else np.asarray(v, dtype=float)
    co2_t = np.asarray(co2_t, dtype=float)
    n = len(sectors)
    if Zm.shape != (n, n) or any(a.shape != (n,) for a in (f, x, v, co2_t)):
        raise InputError([Problem(name, "", (), f"Z must be {n}x{n} and f, x, v, co2_t of length {n}")])
    problems = _table_problems(name, list(sectors), x, f, Zm, co2_t, rel_tol)
    if problems:
        raise InputError(problems)
    return IOTable(tuple(str(s) for s in sectors), Zm, f, x, v, co2_t, money_unit)


def table_to_frame(table: IOTable) -> pd.DataFrame:
    """The table in the CSV layout read by :func:`read_io_csv` (dense Z)."""
    Z = table.Z.toarray() if sp.issparse(table.Z) else table.Z
    df = pd.DataFrame(Z, columns=list(table.sectors))
    df.insert(0, "sector", list(table.sectors))
    df["final_demand"], df["value_added"] = table.f, table.v
    df["total_output"], df["co2_t"] = table.x, table.co2_t
    return df


# --------------------------------------------------------------------------------------------- aggregation
def aggregation_matrix(codes, mapping: dict, groups=None) -> tuple[sp.csr_matrix, tuple]:
    """Sparse 0/1 matrix G (n × m) with G[i, k] = 1 when detailed sector i belongs to group k.

    Groups follow ``groups`` when given (e.g. :data:`SECTORS_13`), else their first appearance.
    """
    unmapped = [c for c in codes if c not in mapping]
    if unmapped:
        raise InputError([Problem("aggregation map", "code", tuple(unmapped), "has no group for these sectors")])
    groups = tuple(groups) if groups is not None else tuple(dict.fromkeys(mapping[c] for c in codes))
    unknown = sorted({mapping[c] for c in codes} - set(groups))
    if unknown:
        raise InputError([Problem("aggregation map", "group", tuple(unknown), "names groups not in the list")])
    col = [groups.index(mapping[c]) for c in codes]
    G = sp.csr_matrix((np.ones(len(codes)), (np.arange(len(codes)), col)), shape=(len(codes), len(groups)))
    return G, groups


def aggregate(table: IOTable, mapping: dict, groups=None) -> IOTable:
    """Aggregate a table with a sector map: Z' = Gᵀ Z G, f' = Gᵀ f, x' = Gᵀ x, v' = Gᵀ v, CO2' = Gᵀ CO2.

    Totals (ΣZ, Σf, Σx, Σv, ΣCO2) are preserved exactly; the aggregated table is dense.

    References
    ----------
    Miller & Blair 2009, §4.5 (aggregation matrix).
    """
    G, groups = aggregation_matrix(table.sectors, mapping, groups)
    Gt = G.T.tocsr()
    Z = Gt @ (table.Z @ G)
    Z = Z.toarray() if sp.issparse(Z) else np.asarray(Z)
    return IOTable(groups, Z, Gt @ table.f, Gt @ table.x, Gt @ table.v, Gt @ table.co2_t, table.money_unit)


def ceads_inventory_t(df: pd.DataFrame, mapping: dict, provinces=None, groups=SECTORS_13) -> np.ndarray:
    """Direct CO2 (t/yr) by group from the CEADs provincial sector table (``province``, ``sector``, ``co2_mt``;
    :func:`uis_qgis.io.read_ceads`), summed over ``provinces`` (all if None).

    Household rows (Urban, Rural) and the total row are not sector inventories and are left out.

    References
    ----------
    Shan, Y. et al. (2018) China CO2 emission accounts 1997–2015, Sci. Data 5, 170201.
    """
    if provinces is not None:
        df = df[df["province"].isin(list(provinces))]
    df = df[df["sector"].isin(list(mapping))]
    by_group = df.groupby(df["sector"].map(mapping))["co2_mt"].sum()
    return by_group.reindex(list(groups), fill_value=0.0).to_numpy() * T_PER_MT


# --------------------------------------------------------------------------------------------- Leontief
def technical_coefficients(Z, x: np.ndarray):
    """A = Z diag(x)⁻¹ (dense or sparse like Z); columns of sectors with zero output are zero.

    References
    ----------
    Seed 002, Eq. 2; Miller & Blair 2009, Eq. 2.4.
    """
    inv_x = np.divide(1.0, x, out=np.zeros_like(x, dtype=float), where=x != 0)
    if sp.issparse(Z):
        return (sp.csr_matrix(Z) @ sp.diags(inv_x)).tocsc()
    return np.asarray(Z) * inv_x[None, :]


def leontief_solve(A, rhs: np.ndarray, transpose: bool = False, rtol: float | None = None) -> np.ndarray:
    """Solve (I − A) y = rhs, or (I − A)ᵀ y = rhs when ``transpose``, without forming any inverse.

    Dense A: LAPACK LU (``scipy.linalg.solve``). Sparse A (rhs a vector): restarted GMRES to relative residual
    ``rtol``, checked on the true residual; when it does not converge, sparse LU (SuperLU) instead.

    Parameters
    ----------
    A : ndarray or scipy.sparse matrix, shape (n, n)
        Technical coefficients, money unit per money unit.
    rhs : ndarray, shape (n,) (or (n, k) for dense A)
    transpose : bool
    rtol : float, optional
        Relative residual ‖(I − A) y − rhs‖ / ‖rhs‖ accepted from the iterative sparse solver, - ;
        default ``eeio.sparse_solver_rtol``.

    References
    ----------
    Seed 002, Eq. 3–4 (the Leontief inverse is applied, never formed); Saad & Schultz (1986) GMRES,
    SIAM J. Sci. Stat. Comput. 7, 856.
    """
    n = A.shape[0]
    if not sp.issparse(A):
        M = -(A.T if transpose else A)  # a new array: I − A is built in place, LAPACK may overwrite it
        M.flat[::n + 1] += 1.0
        return scipy.linalg.solve(M, rhs, overwrite_a=True, check_finite=False)
    M = (sp.identity(n, format="csr") - A).tocsr()
    M = M.T.tocsr() if transpose else M
    rhs = np.asarray(rhs, dtype=float)
    rtol = load_params().get("eeio.sparse_solver_rtol") if rtol is None else rtol
    y, info = spla.gmres(M, rhs, rtol=rtol, atol=0.0)
    if info == 0 and np.linalg.norm(M @ y - rhs) <= rtol * np.linalg.norm(rhs):
        return y
    return spla.splu(M.tocsc(), permc_spec="MMD_AT_PLUS_A").solve(rhs)


def total_output(A, f: np.ndarray) -> np.ndarray:
    """x = (I − A)⁻¹ f, money unit (seed 002, Eq. 3)."""
    return leontief_solve(A, np.asarray(f, dtype=float))


def direct_intensity(co2_t: np.ndarray, x: np.ndarray) -> np.ndarray:
    """E_j = CO2_j / x_j, t CO2 per money unit; 0 where x_j = 0 (seed 002, §3.4)."""
    co2_t = np.asarray(co2_t, dtype=float)
    return np.divide(co2_t, x, out=np.zeros_like(co2_t), where=np.asarray(x) != 0)


def footprint_multipliers(A, E: np.ndarray) -> np.ndarray:
    """Total (direct + supply-chain) intensity m = E (I − A)⁻¹, t CO2 per money unit of final demand.

    Solved as (I − A)ᵀ mᵀ = Eᵀ (one linear system).

    References
    ----------
    Seed 002, Eq. 4; Miller & Blair 2009, Eq. 9.5.
    """
    return leontief_solve(A, np.asarray(E, dtype=float), transpose=True)


def sector_footprints(table: IOTable) -> pd.DataFrame:
    """Carbon footprint and eco-efficiency of each sector's final demand.

    Parameters
    ----------
    table : IOTable

    Returns
    -------
    DataFrame
        One row per sector: ``output``, ``value_added``, ``final_demand`` (money unit), ``co2_direct_t``,
        ``intensity_t_per_unit`` (E), ``multiplier_t_per_unit`` (E (I − A)⁻¹), ``footprint_t``
        (e_j = m_j f_j, Eq. 4 with diag(f)), ``eco_efficiency_va`` and ``eco_efficiency_output``
        (money unit per t CO2, Eq. 1; NaN where the footprint is not positive).

    Notes
    -----
    Σ_j footprint_t = E (I − A)⁻¹ f = E x = Σ_j co2_direct_t when f is the whole final demand.

    References
    ----------
    Seed 002, Eq. 1–4.
    """
    A = technical_coefficients(table.Z, table.x)
    E = direct_intensity(table.co2_t, table.x)
    m = footprint_multipliers(A, E)
    footprint = m * table.f
    return pd.DataFrame({
        "sector": list(table.sectors), "output": table.x, "value_added": table.v, "final_demand": table.f,
        "co2_direct_t": table.co2_t, "intensity_t_per_unit": E, "multiplier_t_per_unit": m,
        "footprint_t": footprint, "eco_efficiency_va": eco_efficiency(table.v, footprint),
        "eco_efficiency_output": eco_efficiency(table.x, footprint),
    })


def eco_efficiency(economic: np.ndarray, footprint_t: np.ndarray) -> np.ndarray:
    """Economic output (value added or output, money unit) per t CO2 of footprint; NaN if footprint ≤ 0.

    References
    ----------
    Seed 002, Eq. 1.
    """
    footprint_t = np.asarray(footprint_t, dtype=float)
    out = np.full_like(footprint_t, np.nan)
    np.divide(np.asarray(economic, dtype=float), footprint_t, out=out, where=footprint_t > 0)
    return out


def compare_scenarios(bau: pd.DataFrame, uis: pd.DataFrame) -> pd.DataFrame:
    """Change table BAU → UIS by sector from two :func:`sector_footprints` results, with a total row.

    Columns: direct CO2 and footprint before/after/change (t), footprint change (%), eco-efficiency
    (value added per t) before/after and change (%).
    """
    out = pd.DataFrame({"sector": bau["sector"],
                        "co2_direct_bau_t": bau["co2_direct_t"], "co2_direct_uis_t": uis["co2_direct_t"],
                        "footprint_bau_t": bau["footprint_t"], "footprint_uis_t": uis["footprint_t"],
                        "value_added": bau["value_added"]})
    total = out.drop(columns="sector").sum().to_frame().T.assign(sector="TOTAL")
    out = pd.concat([out, total[out.columns]], ignore_index=True)
    out["co2_direct_change_t"] = out["co2_direct_uis_t"] - out["co2_direct_bau_t"]
    out["footprint_change_t"] = out["footprint_uis_t"] - out["footprint_bau_t"]
    out["footprint_change_pct"] = _pct_change(out["footprint_bau_t"], out["footprint_uis_t"])
    out["eco_efficiency_bau"] = eco_efficiency(out["value_added"], out["footprint_bau_t"])
    out["eco_efficiency_uis"] = eco_efficiency(out["value_added"], out["footprint_uis_t"])
    out["eco_efficiency_change_pct"] = _pct_change(out["eco_efficiency_bau"], out["eco_efficiency_uis"])
    return out


def _pct_change(before, after) -> np.ndarray:
    before, after = np.asarray(before, dtype=float), np.asarray(after, dtype=float)
    out = np.full_like(before, np.nan)
    np.divide(PERCENT * (after - before), before, out=out, where=np.isfinite(before) & (before != 0))
    return out


# --------------------------------------------------------------------------------------------- UIS options
@dataclass(frozen=True)
class ResourceSaving:
    """One resource j saved by an option: R_ij = S_j × M_ij, CO2 = R_ij × Π chain factors."""

    name: str
    substitution_rate: float
    unit: str
    chain: tuple


@dataclass(frozen=True)
class UISOption:
    """A UIS option as a process balance (seed 002, Eq. 5–6).

    Attributes
    ----------
    id, name, kind : str
    quantity : float
        M, quantity reused or recycled per year, in ``quantity_unit``.
    quantity_unit : str
        e.g. "t/yr" or "tce/yr".
    resources : tuple of ResourceSaving
    co2_sectors : dict
        Share of the option's CO2 saving taken off each sector's inventory (shares sum to 1).
    waste : bool
        Whether M is a waste whose disposal is avoided (W_ij = M).
    waste_sector : str
        Sector generating the waste.
    """

    id: str
    name: str
    kind: str
    quantity: float
    quantity_unit: str
    resources: tuple
    co2_sectors: dict
    waste: bool
    waste_sector: str


@dataclass(frozen=True)
class Factor:
    """A conversion or emission factor with unit ``numerator/denominator`` and its source."""

    value: float
    unit: str
    source: str
    implied: bool = False


def _split_unit(unit: str) -> tuple[str, str]:
    num, _, den = unit.partition("/")
    return num.strip(), den.strip()


def _resolve(ref: str, factors: dict, where: str) -> tuple[float, str]:
    """Factor value and unit for a chain entry; ``1/name`` is the reciprocal with the unit inverted."""
    name = ref.removeprefix("1/")
    if name not in factors:
        raise InputError([Problem("options", where, (ref,), "names a factor that is not defined")])
    factor = factors[name]
    if ref.startswith("1/"):
        num, den = _split_unit(factor.unit)
        return 1.0 / factor.value, f"{den}/{num}"
    return factor.value, factor.unit


def chain_factor(resource: ResourceSaving, factors: dict, where: str = "chain") -> tuple[float, str]:
    """Product of a resource's chain factors and the resulting unit, checking that the units compose.

    The numerator of each step must equal the denominator of the next; a non-empty chain must end in
    ``t CO2``. Returns (product, "t CO2/<resource unit>") or (nan, "") for an empty chain.
    """
    if not resource.chain:
        return math.nan, ""
    carried, _ = _split_unit(resource.unit)
    product = 1.0
    for ref in resource.chain:
        value, unit = _resolve(ref, factors, where)
        num, den = _split_unit(unit)
        if den != carried:
            raise InputError([Problem("options", where, (ref,),
                                      f"unit '{unit}' does not apply to '{carried}' (units must chain)")])
        product, carried = product * value, num
    if carried != "t CO2":
        raise InputError([Problem("options", where, resource.chain, f"ends in '{carried}', not 't CO2'")])
    return product, f"t CO2/{_split_unit(resource.unit)[0]}"


def _leaf_value(node, where: str) -> tuple[float, str]:
    if not isinstance(node, dict) or not {"value", "unit", "source"} <= set(node):
        raise InputError([Problem("options", where, (), "needs value, unit and source")])
    return float(node["value"]), str(node["unit"])


def _option_from_toml(node: dict, index: int) -> UISOption:
    where = f"options[{index}] {node.get('id', '')}".strip()
    quantity, quantity_unit = _leaf_value(node.get("quantity"), f"{where}.quantity")
    resources = []
    for r in node.get("resources", []):
        rate, unit = _leaf_value(r.get("substitution_rate"), f"{where}.substitution_rate")
        if _split_unit(unit)[1] != _split_unit(quantity_unit)[0]:
            raise InputError([Problem("options", f"{where}.substitution_rate", (unit,),
                                      f"must be per '{_split_unit(quantity_unit)[0]}' of quantity")])
        resources.append(ResourceSaving(str(r["name"]), rate, unit, tuple(r.get("chain", ()))))
    shares = {str(k): float(v) for k, v in node.get("co2_sectors", {}).items()}
    if resources and any(r.chain for r in resources) and not math.isclose(sum(shares.values()), 1.0):
        raise InputError([Problem("options", f"{where}.co2_sectors", tuple(shares), "shares must sum to 1")])
    return UISOption(str(node["id"]), str(node.get("name", node["id"])), str(node.get("kind", "")), quantity,
                     quantity_unit, tuple(resources), shares, bool(node.get("waste", False)),
                     str(node.get("waste_sector", "")))


def options_from_doc(doc: dict) -> tuple[list, dict, dict]:
    """UIS options, factors and city metadata from a parsed options TOML document (see the Guiyang preset;
    :func:`uis_qgis.io.read_uis_options` reads the file).

    Returns
    -------
    options : list of UISOption
    factors : dict of Factor
    city : dict
        ``name``, ``year`` and ``total_co2_t`` (t/yr) when the file gives them.
    """
    factors = {}
    for name, node in doc.get("factors", {}).items():
        value, unit = _leaf_value(node, f"factors.{name}")
        factors[name] = Factor(value, unit, str(node["source"]), bool(node.get("implied", False)))
    options = [_option_from_toml(node, i) for i, node in enumerate(doc.get("options", []))]
    city = dict(doc.get("city", {}))
    if "total_co2_t" in city:
        city["total_co2_t"] = _leaf_value(city["total_co2_t"], "city.total_co2_t")[0]
    return options, factors, city


BALANCE_COLUMNS = ["option", "name", "kind", "resource", "quantity", "quantity_unit", "substitution_rate",
                   "substitution_unit", "resource_saved", "resource_unit", "co2_factor", "co2_factor_unit",
                   "co2_avoided_t", "waste_reduced_t", "waste_sector", "co2_sectors", "implied_factors"]


def option_balances(options, factors: dict) -> pd.DataFrame:
    """Process balance of each option and resource: R = S × M, CO2 avoided = R × Π factors, W = M.

    Parameters
    ----------
    options : list of UISOption
    factors : dict of Factor

    Returns
    -------
    DataFrame
        One row per (option, resource): ``quantity`` (M), ``substitution_rate`` (S), ``resource_saved`` (R,
        in ``resource_unit`` per year), ``co2_factor`` (t CO2 per resource unit), ``co2_avoided_t`` (t/yr),
        ``waste_reduced_t`` (W, on the option's first row only), ``implied_factors``.

    References
    ----------
    Seed 002, Eq. 5–6.
    """
    rows = []
    for opt in options:
        for k, res in enumerate(opt.resources):
            factor, factor_unit = chain_factor(res, factors, f"{opt.id}.{res.name}")
            saved = res.substitution_rate * opt.quantity
            implied = [r.removeprefix("1/") for r in res.chain if factors[r.removeprefix("1/")].implied]
            rows.append({
                "option": opt.id, "name": opt.name, "kind": opt.kind, "resource": res.name,
                "quantity": opt.quantity, "quantity_unit": opt.quantity_unit,
                "substitution_rate": res.substitution_rate, "substitution_unit": res.unit,
                "resource_saved": saved, "resource_unit": f"{_split_unit(res.unit)[0]}/yr",
                "co2_factor": factor, "co2_factor_unit": factor_unit,
                "co2_avoided_t": 0.0 if math.isnan(factor) else saved * factor,
                "waste_reduced_t": opt.quantity if (opt.waste and k == 0) else 0.0,
                "waste_sector": opt.waste_sector, "co2_sectors": _fmt_shares(opt.co2_sectors),
                "implied_factors": ";".join(implied),
            })
    return pd.DataFrame(rows, columns=BALANCE_COLUMNS)


def _fmt_shares(shares: dict) -> str:
    return ";".join(f"{k}={v:g}" for k, v in shares.items())


def option_totals(balances: pd.DataFrame) -> pd.DataFrame:
    """CO2 avoided and waste reduced per option (t/yr), in the order of the options file."""
    grouped = balances.groupby("option", sort=False)[["co2_avoided_t", "waste_reduced_t"]].sum()
    return grouped.reset_index()


def inventory_changes(options, factors: dict, sectors=SECTORS_13) -> pd.Series:
    """Change of each sector's direct CO2 (t/yr; negative = reduction) caused by the options.

    Raises
    ------
    InputError
        When an option names a sector that is not in ``sectors``.
    """
    balances = option_totals(option_balances(options, factors)).set_index("option")["co2_avoided_t"]
    delta = pd.Series(0.0, index=list(sectors))
    for opt in options:
        unknown = [s for s in opt.co2_sectors if s not in delta.index]
        if unknown:
            raise InputError([Problem("options", f"{opt.id}.co2_sectors", tuple(unknown),
                                      "names sectors that are not in the IO table")])
        for sector, share in opt.co2_sectors.items():
            delta[sector] -= share * balances.get(opt.id, 0.0)
    return delta


def inventory_changes_from_symbiosis(savings_by_sector_df: pd.DataFrame, mapping: dict | None,
                                     params: Params, sectors=SECTORS_13) -> pd.Series:
    """CO2 inventory changes of the IO sectors from a spatial symbiosis run's fuel and electricity savings.

    Fuel saved by a plant sector (or by buildings) lowers the direct CO2 of the IO sector it maps to;
    electricity saved lowers the direct CO2 of the power sector (``eeio.electricity_sector``).

    Parameters
    ----------
    savings_by_sector_df : DataFrame
        Columns ``sector`` (our codes: power, steel, cement, chemical, paper, food, textile, other,
        buildings), ``fuel_tce`` (fuel saved, tce/yr) and ``electricity_mwh`` (electricity saved, MWh/yr);
        a missing quantity column counts as zero.
    mapping : dict or None
        ``{our sector: IO sector}``; None uses ``eeio.sector_map``.
    params : Params
        ``emissions.co2_t_per_t_coal`` and ``emissions.tce_per_t_coal`` (the spatial model's fuel factor),
        the grid factor of :func:`uis_qgis.emissions.co2_t_from_electricity` (450 g coal/kWh × 2.2 t CO2/t
        coal = 0.99 t CO2/MWh by default).
    sectors : sequence of str
        Sectors of the IO table.

    Returns
    -------
    Series
        ΔCO2 (t/yr, negative = reduction) indexed by ``sectors``.

    References
    ----------
    Ramaswami et al. 2017, Methods (d) (fuel and grid CO2); Seed 002 §3.4 (allocating
    fuel changes to the proper sectors).
    """
    mapping = dict(params.group("eeio.sector_map") if mapping is None else mapping)
    df = savings_by_sector_df
    unknown = sorted(set(df["sector"].astype(str)) - set(mapping))
    bad_target = sorted({mapping[s] for s in set(df["sector"].astype(str)) & set(mapping)} - set(sectors))
    if unknown or bad_target:
        raise InputError([Problem("symbiosis savings", "sector", tuple(unknown + bad_target),
                                  "has no IO sector in the mapping (or maps to a sector not in the table)")])
    fuel_co2_t_per_tce = float(emissions.co2_t_from_tce(1.0, params))
    fuel_tce = df["fuel_tce"] if "fuel_tce" in df else pd.Series(0.0, index=df.index)
    elec_mwh = df["electricity_mwh"] if "electricity_mwh" in df else pd.Series(0.0, index=df.index)
    delta = pd.Series(0.0, index=list(sectors))
    fuel_by = (fuel_tce.astype(float) * fuel_co2_t_per_tce).groupby(df["sector"].astype(str).map(mapping)).sum()
    delta = delta.sub(fuel_by.reindex(delta.index, fill_value=0.0))
    delta[params.get("eeio.electricity_sector")] -= float(
        emissions.co2_t_from_electricity(float(elec_mwh.astype(float).sum()), params))
    return delta


def apply_inventory_changes(table: IOTable, delta_co2_t: pd.Series) -> IOTable:
    """Table with direct CO2 changed by ``delta_co2_t`` (t/yr by sector); a negative inventory is an error."""
    delta = pd.Series(delta_co2_t, dtype=float).reindex(list(table.sectors), fill_value=0.0).to_numpy()
    new = table.co2_t + delta
    negative = new < 0
    if negative.any():
        raise InputError([Problem("inventory changes", "co2_t", tuple(np.asarray(table.sectors)[negative]),
                                  "would become negative: the savings exceed the sector's direct CO2")])
    return table.with_co2(new)


@dataclass
class EEIOResult:
    """Tables of one BAU vs UIS comparison."""

    options: pd.DataFrame
    inventory: pd.DataFrame
    bau: pd.DataFrame
    uis: pd.DataFrame
    change: pd.DataFrame
    summary: pd.DataFrame


def assess(table: IOTable, delta_co2_t: pd.Series, balances: pd.DataFrame | None = None,
           city_total_co2_t: float | None = None, feedback: Feedback | None = None) -> EEIOResult:
    """BAU footprints, UIS footprints after the inventory changes, and the change table.

    Parameters
    ----------
    table : IOTable
        BAU table.
    delta_co2_t : Series
        Inventory changes by sector, t/yr (from :func:`inventory_changes` and/or
        :func:`inventory_changes_from_symbiosis`).
    balances : DataFrame, optional
        :func:`option_balances` output, carried into the result.
    city_total_co2_t : float, optional
        City (or region) total CO2, t/yr, for the share of the reduction.
    """
    feedback = feedback or Feedback()
    feedback.progress(0.1, "BAU footprints")
    bau = sector_footprints(table)
    feedback.check()
    uis_table = apply_inventory_changes(table, delta_co2_t)
    feedback.progress(0.5, "UIS footprints")
    uis = sector_footprints(uis_table)
    change = compare_scenarios(bau, uis)
    inventory = pd.DataFrame({"sector": list(table.sectors), "co2_bau_t": table.co2_t,
                              "co2_change_t": uis_table.co2_t - table.co2_t, "co2_uis_t": uis_table.co2_t})
    reduction_t = float(table.co2_t.sum() - uis_table.co2_t.sum())
    summary = pd.DataFrame([{
        "co2_direct_bau_t": float(table.co2_t.sum()), "co2_reduction_t": reduction_t,
        "footprint_bau_t": float(bau["footprint_t"].sum()), "footprint_uis_t": float(uis["footprint_t"].sum()),
        "city_total_co2_t": city_total_co2_t if city_total_co2_t else np.nan,
        "reduction_share_of_city_pct": PERCENT * reduction_t / city_total_co2_t if city_total_co2_t else np.nan,
    }])
    feedback.progress(1.0, "done")
    return EEIOResult(balances if balances is not None else pd.DataFrame(), inventory, bau, uis, change, summary)


# --------------------------------------------------------------------------------------------- chart
def eco_efficiency_figure(change: pd.DataFrame, title: str = ""):
    """Bar chart of the eco-efficiency change (%) by sector (matplotlib figure, Agg backend); written by
    :func:`uis_qgis.io.write_eeio_outputs`."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rows = change[change["sector"] != "TOTAL"]
    fig, ax = plt.subplots(figsize=(8, 4.5))
    undefined = rows["eco_efficiency_change_pct"].isna().to_numpy()
    values = rows["eco_efficiency_change_pct"].fillna(0.0)
    ax.bar(rows["sector"], values, color=np.where(values >= 0, "#2a9d8f", "#e76f51"))
    for i in np.flatnonzero(undefined):  # footprint <= 0 (e.g. net-imported products): no eco-efficiency
        ax.annotate("n/a", (i, 0.0), ha="center", va="bottom", fontsize=8, color="grey")
    ax.axhline(0.0, color="black", linewidth=0.8)
    ax.set_ylabel("eco-efficiency change, UIS vs BAU (%)")
    ax.set_title(title or "Sectoral eco-efficiency change (value added per t CO2 footprint)")
    ax.tick_params(axis="x", rotation=45)
    fig.tight_layout()
    return fig
