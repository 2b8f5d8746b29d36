"""Energy cascade A–E as linear programmes, and the optimal joint allocation (SPEC §3).

Cascade (Ramaswami et al. 2017, Methods (c) and Supplementary Fig. 4):

* A — all available high-grade heat → ORC electricity;
* B — medium-grade → sink industries within the fence line;
* C — remaining medium-grade → existing DES within the fence line, then what is left → ORC;
* D — low-grade → new 4th-generation DH in urban cores not covered by DES;
* E — remaining low-grade → unutilised.

Each matching step (B, C, D) is a max-flow / min-cost LP on the bipartite graph of fence-line pairs, solved with
HiGHS (through ``highspy``): the largest heat *received* by sinks and, among allocations with that total, the
smallest Σ distance × flow (nearer pairs preferred among equal totals; :func:`solve_lexicographic`: two LPs
per batch of connected components, each component scaled to its own size). Residuals pass to the next step.
Inputs are expected in a canonical order (sorted by id), which together with the deterministic solver makes the
allocation independent of the input row order.

The *optimal* mode solves one LP over every grade, sink and ORC at once, maximising CO2 avoided.
"""
from __future__ import annotations

import signal
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial

import highspy
import numpy as np
import pandas as pd
from scipy import sparse
from scipy.sparse.csgraph import connected_components

from .params import Params
from .vocabulary import MJ_PER_GJ
from .wasteheat import GRADES

SINK_KINDS = ("sink_industry", "des", "new_dh")
HEATING_KINDS = ("des", "new_dh")
STEP_OF = {("high", "orc"): "A", ("medium", "sink_industry"): "B", ("medium", "des"): "C",
           ("medium", "orc"): "C", ("low", "new_dh"): "D", ("high", "sink_industry"): "B",
           ("high", "des"): "C", ("high", "new_dh"): "D", ("medium", "new_dh"): "D"}
OPTIMAL_ROUTES = {"sink_industry": ("high", "medium"), "des": ("high", "medium"),
                  "new_dh": ("high", "medium", "low")}
FLOW_COLUMNS = ["source", "sink", "sink_type", "grade", "step", "heat_gj", "received_gj", "dist_m"]


class AllocationError(RuntimeError):
    """The LP solver failed (should not happen: every allocation LP is feasible with zero flow)."""


@dataclass
class CascadeResult:
    """Flows and per-source balances of one allocation.

    ``flows``: one row per (source, sink, grade) with heat sent (``heat_gj``), heat received after distance
    losses (``received_gj``) and ``dist_m``; ORC rows have ``sink_type`` "orc" and ``sink`` −1.
    ``by_source``: per source (positional) ``{grade}_avail_gj``, ``{grade}_delivered_gj``, ``{grade}_orc_gj``,
    ``{grade}_unutilised_gj`` and ``orc_mwh``.
    """

    flows: pd.DataFrame
    by_source: pd.DataFrame
    co2_t: float


def orc_efficiency(grade: str, params: Params) -> float:
    """Electric efficiency of an ORC fed with heat of ``grade``: flat 15 % or a fraction of Carnot.

    References
    ----------
    Ramaswami et al. 2017, Methods (c)(A) (15 %, ref. 49); Quoilin et al. 2013 (second-law efficiency).
    """
    if params.get("cascade.orc_mode") == "flat":
        return float(params.get("cascade.orc_efficiency"))
    t_hot = params.group("cascade.grade_temp_k")[grade]
    carnot = 1.0 - params.get("cascade.orc_sink_temp_k") / t_hot
    return float(params.get("cascade.orc_carnot_fraction") * max(carnot, 0.0))


def transmission_efficiency(dist_m, params: Params) -> np.ndarray:
    """Fraction of heat arriving at the sink: 1 − loss per km × km, floored at 0."""
    loss = params.get("cascade.heat_loss_per_km") * np.asarray(dist_m, float) / 1000.0
    return np.clip(1.0 - loss, 0.0, 1.0)


BATCH_COLUMNS = 2000  # columns per LP when packing small independent blocks (bench/bench_symbiosis.py)
DUAL_TOLERANCE = 1e-7  # HiGHS's default: reduced costs and duals above it are not round-off
_STATUS = [highspy.HighsBasisStatus(i) for i in range(5)]  # kLower, kBasic, kUpper, kZero, kNonbasic


class WarmStarts:
    """Optimal simplex bases of solved LPs, by name, to start an LP of the same shape with new bounds from.

    A draw of the uncertainty analysis changes supplies and demands (the bounds), not the fence-line pairs (the
    matrix) nor the distances (the costs), so the central run's basis is a few hundred dual-simplex iterations
    from the draw's optimum (national set, step B with supplies and demands perturbed by ±30 %: 2.3 s cold,
    0.2 s warm; a whole draw's LPs 8.0 s → 0.4 s, docs/uncertainty.md). Bases are
    kept as small integer arrays, so a :meth:`frozen` copy ships to Dask workers; a frozen copy only starts
    LPs and never learns, so every draw starts from the same basis whatever the worker ran before.
    """

    def __init__(self):
        self._bases: dict = {}
        self._learns = True

    def frozen(self) -> WarmStarts:
        copy = WarmStarts()
        copy._bases, copy._learns = dict(self._bases), False
        return copy

    def start(self, h: highspy.Highs, name: str, shape: tuple) -> None:
        kept = self._bases.get(name)
        if kept is not None and kept[0] == shape:
            basis = highspy.HighsBasis()
            basis.col_status = [_STATUS[s] for s in kept[1].tolist()]
            basis.row_status = [_STATUS[s] for s in kept[2].tolist()]
            basis.valid = True
            h.setBasis(basis)

    def keep(self, h: highspy.Highs, name: str, shape: tuple) -> None:
        if self._learns:
            basis = h.getBasis()
            self._bases[name] = (shape, np.array(basis.col_status, np.int8), np.array(basis.row_status, np.int8))


def _highs(cost, a_ub: sparse.csc_matrix, b_ub) -> highspy.Highs:
    """HiGHS holding ``min cost·x, a_ub x ≤ b_ub, x ≥ 0`` (``a_ub`` is passed column-wise)."""
    n, m = a_ub.shape[1], a_ub.shape[0]
    lp = highspy.HighsLp()
    lp.num_col_, lp.num_row_ = n, m
    lp.col_cost_, lp.col_lower_, lp.col_upper_ = np.asarray(cost, float), np.zeros(n), np.full(n, highspy.kHighsInf)
    lp.row_lower_, lp.row_upper_ = np.full(m, -highspy.kHighsInf), np.asarray(b_ub, float)
    csc = a_ub.tocsc()
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_, lp.a_matrix_.index_, lp.a_matrix_.value_ = csc.indptr, csc.indices, csc.data
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("dual_feasibility_tolerance", DUAL_TOLERANCE)
    h.passModel(lp)
    return h


def _run(h: highspy.Highs, warm: WarmStarts | None, name: str, shape: tuple, feedback=None) -> highspy.HighsSolution:
    """Solve ``h`` (from a kept basis if any). Between simplex iterations a callback polls ``feedback`` and
    Ctrl-C, and either interrupts the solve: a cancel raises :class:`Cancelled`, Ctrl-C ``KeyboardInterrupt``,
    both once HiGHS has returned normally (not as an exception unwinding through its C++ frames)."""
    if warm is not None:
        warm.start(h, name, shape)
    if feedback is not None:
        feedback.check()
    with _ctrl_c_as_flag() as ctrl_c:
        h.cbSimplexInterrupt.subscribe(
            lambda event: event.interrupt(bool(ctrl_c) or (feedback is not None and feedback.is_cancelled())))
        h.run()
    if h.getModelStatus() == highspy.HighsModelStatus.kInterrupt and feedback is not None:
        feedback.check()
    if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        raise AllocationError(f"HiGHS failed on {name}: {h.modelStatusToString(h.getModelStatus())}")
    if warm is not None:
        warm.keep(h, name, shape)
    return h.getSolution()


@contextmanager
def _ctrl_c_as_flag():
    """While in the block, Ctrl-C appends to the yielded list instead of raising; on leaving, a recorded Ctrl-C
    raises ``KeyboardInterrupt``. Only in the main thread with Python's default handler (elsewhere — QGIS's
    task threads, a CLI with its own handler — nothing changes)."""
    flag: list = []
    if (threading.current_thread() is not threading.main_thread()
            or signal.getsignal(signal.SIGINT) is not signal.default_int_handler):
        yield flag
        return
    previous = signal.signal(signal.SIGINT, lambda *_: flag.append(True))
    try:
        yield flag
    finally:
        signal.signal(signal.SIGINT, previous)
    if flag:
        raise KeyboardInterrupt


def solve_lexicographic(gain, cost, a_ub, b_ub, labels, tolerance: float, feedback=None,
                        warm: WarmStarts | None = None, name: str = "lp") -> np.ndarray:
    """Maximise ``gain·x`` s.t. ``a_ub x ≤ b_ub, x ≥ 0``; among the maxima, minimise ``cost·x``.

    The columns fall into independent blocks (``labels``; blocks share no constraint row). Blocks are
    packed in label order into batches of up to :data:`BATCH_COLUMNS` columns (a larger block is a batch of its
    own), and each batch is one pair of LPs (:func:`_solve_batch`): simplex work grows faster than the size of
    an LP, so many small LPs beat one national LP (national optimal mode 17 s as one LP), while batching keeps
    the per-LP overhead of thousands of tiny blocks away. The batches depend only on the structure, so kept
    bases (``warm``) fit every draw.
    """
    gain, cost, b_ub = np.asarray(gain, float), np.asarray(cost, float), np.asarray(b_ub, float)
    x = np.zeros(len(gain))
    if len(gain) == 0:
        return x
    a_csc = sparse.csc_matrix(a_ub)
    labels = np.unique(labels, return_inverse=True)[1]  # 0, 1, … in label order
    order = np.argsort(labels, kind="stable")
    sizes = np.bincount(labels)
    batch_of_block = _pack(sizes, BATCH_COLUMNS)
    batch = batch_of_block[labels[order]]
    for k, cols in enumerate(np.split(order, np.flatnonzero(np.diff(batch)) + 1)):
        block = a_csc[:, cols]
        rows = np.flatnonzero(block.getnnz(axis=1))
        x[cols] = _solve_batch(gain[cols], cost[cols], block[rows], b_ub[rows], labels[cols], tolerance,
                               feedback, warm, f"{name}:{k}")
    return x


def _pack(sizes, limit: int) -> np.ndarray:
    """Batch number of each block: consecutive blocks while their total size stays ≤ ``limit``."""
    batch, total, current = np.zeros(len(sizes), int), 0, 0
    for i, size in enumerate(sizes):
        if total and total + size > limit:
            current, total = current + 1, 0
        batch[i], total = current, total + size
    return batch


def _solve_batch(gain, cost, a_csc: sparse.csc_matrix, b_ub, labels, tolerance: float, feedback, warm,
                 name) -> np.ndarray:
    """:func:`solve_lexicographic` for one LP: first maximise the gain; its duals describe every maximum
    (columns with a positive reduced cost are 0 and rows with a non-zero dual are tight in all of them:
    complementary slackness), then minimise the cost on that face, so no gain is ever traded for cost however
    close two gains are. Each block's rows and columns are scaled by its largest ``|b|``, so a small block is
    solved as precisely as a large one, and flows below ``tolerance`` of that scale are solver round-off, set
    to 0. ``warm`` starts both LPs from kept bases; ``feedback`` can cancel between simplex iterations."""
    if gain.max() <= 0:
        return np.zeros(len(gain))
    labels = np.unique(labels, return_inverse=True)[1]
    coo = a_csc.tocoo()
    row_label = np.zeros(a_csc.shape[0], int)
    row_label[coo.row] = labels[coo.col]
    scale = np.zeros(labels.max() + 1)
    np.maximum.at(scale, row_label, np.abs(b_ub))
    scale = np.maximum(scale, 1e-300)
    b = b_ub / scale[row_label]
    h, shape = _highs(-gain / gain.max(), a_csc, b), a_csc.shape
    solution = _run(h, warm, f"{name}:gain", shape, feedback)
    if np.any(cost > 0):
        off_face = np.array(solution.col_dual) > DUAL_TOLERANCE
        tight = np.abs(np.array(solution.row_dual)) > DUAL_TOLERANCE
        n, m = shape[1], shape[0]
        h.changeColsBounds(n, np.arange(n, dtype=np.int32), np.zeros(n),
                           np.where(off_face, 0.0, highspy.kHighsInf))
        h.changeRowsBounds(m, np.arange(m, dtype=np.int32), np.where(tight, b, -highspy.kHighsInf), b)
        h.changeColsCost(n, np.arange(n, dtype=np.int32), cost / cost.max())
        solution = _run(h, warm, f"{name}:cost", shape, feedback)
    y = np.array(solution.col_value)
    return np.where(y > tolerance, y, 0.0) * scale[labels]


def _incidence(rows, n_rows: int, weights=None) -> sparse.csr_matrix:
    n = len(rows)
    w = np.ones(n) if weights is None else np.asarray(weights, float)
    return sparse.csr_matrix((w, (np.asarray(rows, int), np.arange(n))), shape=(n_rows, n))


def _trim(x, rows, capacity, weights=None) -> np.ndarray:
    """Remove solver round-off: flows ≥ 0 and, per row, Σ weight·x ≤ capacity exactly."""
    x = np.maximum(x, 0.0)
    w = np.ones_like(x) if weights is None else weights
    used = np.bincount(rows, weights=w * x, minlength=len(capacity))
    ratio = np.where(used > capacity, capacity / np.where(used > 0, used, 1.0), 1.0)
    return x * ratio[rows]


def pair_components(source, sink, n_sources: int, n_sinks: int) -> np.ndarray:
    """Connected-component label of each pair in the bipartite source–sink graph.

    Components share no source and no sink, so each is an independent block of the LP; labels follow the
    canonical order.
    """
    source, sink = np.asarray(source, int), np.asarray(sink, int)
    graph = sparse.coo_matrix((np.ones(len(source)), (source, n_sources + sink)),
                              shape=(n_sources + n_sinks, n_sources + n_sinks))
    return connected_components(graph, directed=False)[1][source]


def allocate(supply_gj, demand_gj, pairs: pd.DataFrame, params: Params, feedback=None,
             warm: WarmStarts | None = None, name: str = "allocate") -> np.ndarray:
    """Heat sent over each fence-line pair by one cascade step (max flow, then min distance × flow).

    The connected components of the bipartite graph are independent blocks of one LP, each scaled to its own
    size (:func:`solve_lexicographic`).

    Parameters
    ----------
    supply_gj : array (n_sources,)
        Heat each source can send in this step, GJ/yr.
    demand_gj : array (n_sinks,)
        Heat each sink can receive, GJ/yr.
    pairs : DataFrame
        ``source``, ``sink`` (positional) and ``dist_m``, within the fence line.
    params : Params
        ``cascade.heat_loss_per_km``, ``cascade.optimal_tolerance``.
    feedback : Feedback, optional
        Polled for cancellation between simplex iterations.
    warm, name : WarmStarts and the LP's name in it, optional
        Start from the bases kept under ``name`` (same pairs, other supplies and demands) and keep the new ones.

    Returns
    -------
    ndarray (n_pairs,)
        Heat sent, GJ/yr; ≥ 0, Σ per source ≤ supply, Σ received per sink ≤ demand.

    References
    ----------
    SPEC §3 "Allocation"; Ramaswami et al. 2017, Methods (c) steps B–D.
    """
    supply, demand = np.asarray(supply_gj, float), np.asarray(demand_gj, float)
    src, snk = pairs["source"].to_numpy(int), pairs["sink"].to_numpy(int)
    eta = transmission_efficiency(pairs["dist_m"], params)
    dist = pairs["dist_m"].to_numpy(float)
    x = np.zeros(len(pairs))
    idx = np.flatnonzero(eta > 0)  # the same columns whatever the supplies and demands: bases stay valid
    if len(idx) == 0:
        return x
    a_ub = sparse.vstack([_incidence(src[idx], len(supply)), _incidence(snk[idx], len(demand), eta[idx])])
    labels = pair_components(src[idx], snk[idx], len(supply), len(demand))
    x[idx] = solve_lexicographic(eta[idx], dist[idx], a_ub, np.concatenate([supply, demand]), labels,
                                 params.get("cascade.optimal_tolerance"), feedback, warm, name)
    x = _trim(x, src, supply)
    return _trim(x, snk, demand, eta)


def _flow_frame(pairs, sent, kind, grade, eta) -> pd.DataFrame:
    keep = sent > 0
    return pd.DataFrame({
        "source": pairs["source"].to_numpy(int)[keep], "sink": pairs["sink"].to_numpy(int)[keep],
        "sink_type": kind, "grade": grade, "step": STEP_OF[(grade, kind)], "heat_gj": sent[keep],
        "received_gj": (sent * eta)[keep], "dist_m": pairs["dist_m"].to_numpy(float)[keep],
    })


def _orc_frame(orc_gj, grade) -> pd.DataFrame:
    keep = orc_gj > 0
    idx = np.flatnonzero(keep)
    return pd.DataFrame({"source": idx, "sink": -1, "sink_type": "orc", "grade": grade,
                         "step": STEP_OF[(grade, "orc")], "heat_gj": orc_gj[keep], "received_gj": orc_gj[keep],
                         "dist_m": 0.0})


def _balances(avail: dict, delivered: dict, orc: dict, params: Params) -> pd.DataFrame:
    out = {}
    orc_mwh = 0.0
    for g in GRADES:
        out[f"{g}_avail_gj"] = avail[g]
        out[f"{g}_delivered_gj"] = delivered[g]
        out[f"{g}_orc_gj"] = orc[g]
        out[f"{g}_unutilised_gj"] = np.maximum(avail[g] - delivered[g] - orc[g], 0.0)
        orc_mwh = orc_mwh + orc[g] * orc_efficiency(g, params) * MJ_PER_GJ / params.get("general.mj_per_kwh") / 1e3
    out["orc_mwh"] = orc_mwh
    return pd.DataFrame(out)


def orc_co2_t_per_gj(grade: str, params: Params, grid_co2_t_per_mwh: float) -> float:
    """CO2 (t) avoided per GJ of heat of ``grade`` turned into ORC electricity displacing grid power."""
    mwh_per_gj = orc_efficiency(grade, params) * MJ_PER_GJ / params.get("general.mj_per_kwh") / 1e3
    return mwh_per_gj * grid_co2_t_per_mwh


def flows_co2_t(flows: pd.DataFrame, sinks: dict, params: Params, grid_co2_t_per_mwh: float) -> float:
    """CO2 avoided (t) by a set of flows: received heat × sink factor, ORC heat × grid factor."""
    total = 0.0
    for kind in SINK_KINDS:
        part = flows[flows["sink_type"] == kind]
        if len(part):
            total += float((part["received_gj"].to_numpy() *
                            sinks[kind]["co2_t_per_gj"].to_numpy(float)[part["sink"].to_numpy(int)]).sum())
    for g in GRADES:
        part = flows[(flows["sink_type"] == "orc") & (flows["grade"] == g)]
        total += float(part["heat_gj"].sum()) * orc_co2_t_per_gj(g, params, grid_co2_t_per_mwh)
    return total


def run_cascade(sources: pd.DataFrame, sinks: dict, pairs: dict, params: Params, grid_co2_t_per_mwh: float,
                feedback=None, allocator=None, warm: WarmStarts | None = None) -> CascadeResult:
    """Steps A–E in sequence, each matching step an LP (:func:`allocate`).

    Parameters
    ----------
    sources : DataFrame
        Canonically ordered; ``heat_{g}_avail_gj`` per grade and ``heating_share`` (share usable for space
        heating, :func:`uis_qgis.wasteheat.space_heating_share`).
    sinks : dict
        ``{kind: DataFrame}`` for ``sink_industry``, ``des``, ``new_dh`` with ``demand_gj`` and ``co2_t_per_gj``
        (CO2 avoided per GJ received).
    pairs : dict
        ``{kind: DataFrame(source, sink, dist_m)}`` from :func:`uis_qgis.fenceline.fence_line_pairs`.
    grid_co2_t_per_mwh : float
        Grid CO2 factor used to value ORC electricity.
    feedback : Feedback, optional
    allocator : callable, optional
        ``allocator(supply_gj, demand_gj, pairs, params, feedback, name=step)`` for the matching steps; default
        :func:`allocate` (the LP) with ``warm``. The benchmark passes a greedy one for comparison.
    warm : WarmStarts, optional
        Bases of an earlier run on the same pairs (:class:`WarmStarts`), by step.

    References
    ----------
    Ramaswami et al. 2017, Methods (c), energy cascade algorithms (A)–(E).
    """
    allocator = partial(allocate, warm=warm) if allocator is None else allocator
    avail = {g: sources[f"heat_{g}_avail_gj"].to_numpy(float) for g in GRADES}
    heating = sources["heating_share"].to_numpy(float)
    delivered = {g: np.zeros(len(sources)) for g in GRADES}
    orc = {g: np.zeros(len(sources)) for g in GRADES}
    frames = []
    orc["high"] = avail["high"].copy()                                       # A
    plan = [("medium", "sink_industry"), ("medium", "des"), ("low", "new_dh")]  # B, C, D
    for k, (grade, kind) in enumerate(plan):
        if feedback is not None:
            feedback.check()
            feedback.progress(k / len(plan), f"cascade step {STEP_OF[(grade, kind)]}")
        residual = avail[grade] - delivered[grade]
        if kind in HEATING_KINDS:
            residual = np.minimum(residual, heating * avail[grade] - _heating_used(frames, grade, len(sources)))
        sent = allocator(np.maximum(residual, 0.0), sinks[kind]["demand_gj"].to_numpy(float), pairs[kind], params,
                         feedback, name=f"cascade {STEP_OF[(grade, kind)]}")
        delivered[grade] += np.bincount(pairs[kind]["source"].to_numpy(int), sent, len(sources))
        frames.append(_flow_frame(pairs[kind], sent, kind, grade, transmission_efficiency(pairs[kind]["dist_m"],
                                                                                           params)))
    orc["medium"] = np.maximum(avail["medium"] - delivered["medium"], 0.0)   # C, remainder → ORC
    frames += [_orc_frame(orc["high"], "high"), _orc_frame(orc["medium"], "medium")]
    flows = _concat(frames)
    return CascadeResult(flows, _balances(avail, delivered, orc, params),
                         flows_co2_t(flows, sinks, params, grid_co2_t_per_mwh))


def _heating_used(frames, grade, n) -> np.ndarray:
    used = np.zeros(n)
    for f in frames:
        part = f[(f["grade"] == grade) & f["sink_type"].isin(HEATING_KINDS)]
        used += np.bincount(part["source"].to_numpy(int), part["heat_gj"].to_numpy(float), n)
    return used


def _concat(frames) -> pd.DataFrame:
    frames = [f for f in frames if len(f)]
    if not frames:
        return pd.DataFrame({c: pd.Series(dtype=float) for c in FLOW_COLUMNS})
    return pd.concat(frames, ignore_index=True)[FLOW_COLUMNS]


def run_optimal(sources: pd.DataFrame, sinks: dict, pairs: dict, params: Params,
                grid_co2_t_per_mwh: float, feedback=None, warm: WarmStarts | None = None) -> CascadeResult:
    """One LP over all grades, sinks and ORC maximising CO2 avoided (SPEC §3 "optimal" mode).

    Routes: high and medium heat may serve sink industries, existing DES, new 4GDH or ORC; low heat only new
    4GDH. Space-heating flows of a source-grade stay within its ``heating_share``. Every cascade allocation
    is feasible here, so the optimum is ≥ the cascade's CO2.

    References
    ----------
    SPEC §3 "Allocation" (optimal mode); Ramaswami et al. 2017, Methods (c).
    """
    n = len(sources)
    avail = {g: sources[f"heat_{g}_avail_gj"].to_numpy(float) for g in GRADES}
    blocks = [(kind, g) for kind in SINK_KINDS for g in OPTIMAL_ROUTES[kind] if len(pairs[kind])]
    gain, cost, src_rows, sink_rows, etas, heat_rows = [], [], [], [], [], []
    grade_row = {g: i for i, g in enumerate(GRADES)}
    sink_offset, offset = {}, 0
    for kind in SINK_KINDS:
        sink_offset[kind], offset = offset, offset + len(sinks[kind])
    for kind, g in blocks:
        p = pairs[kind]
        eta = transmission_efficiency(p["dist_m"], params)
        value = sinks[kind]["co2_t_per_gj"].to_numpy(float)[p["sink"].to_numpy(int)]
        gain.append(eta * value)
        cost.append(p["dist_m"].to_numpy(float))
        src_rows.append(grade_row[g] * n + p["source"].to_numpy(int))
        sink_rows.append(sink_offset[kind] + p["sink"].to_numpy(int))
        etas.append(eta)
        heat_rows.append(np.where(kind in HEATING_KINDS, grade_row[g] * n + p["source"].to_numpy(int), -1))
    orc_grades = ("high", "medium")
    for g in orc_grades:
        gain.append(np.full(n, orc_co2_t_per_gj(g, params, grid_co2_t_per_mwh)))
        cost.append(np.zeros(n))
        src_rows.append(grade_row[g] * n + np.arange(n))
    gain, cost, src_rows = np.concatenate(gain), np.concatenate(cost), np.concatenate(src_rows)
    n_pair_vars = sum(len(e) for e in etas)
    supply = np.concatenate([avail[g] for g in GRADES])
    demand = np.concatenate([sinks[k]["demand_gj"].to_numpy(float) for k in SINK_KINDS])
    heat_cap = np.concatenate([sources["heating_share"].to_numpy(float) * avail[g] for g in GRADES])
    heat_rows_all = np.concatenate(heat_rows + [np.full(len(gain) - n_pair_vars, -1)]) if etas else \
        np.full(len(gain), -1)
    on_heat = heat_rows_all >= 0
    a_ub = sparse.vstack([
        _incidence(src_rows, 3 * n),
        sparse.hstack([_incidence(np.concatenate(sink_rows), len(demand), np.concatenate(etas)),
                       sparse.csr_matrix((len(demand), len(gain) - n_pair_vars))]) if etas else
        sparse.csr_matrix((len(demand), len(gain))),
        sparse.csr_matrix((np.ones(on_heat.sum()), (heat_rows_all[on_heat], np.flatnonzero(on_heat))),
                          shape=(3 * n, len(gain))),
    ], format="csr")
    b_ub = np.concatenate([supply, demand, heat_cap])
    labels = _optimal_components(src_rows % n, sink_rows, n, len(demand), len(gain) - n_pair_vars)
    x = solve_lexicographic(gain, cost, a_ub, b_ub, labels, params.get("cascade.optimal_tolerance"), feedback,
                            warm, "optimal")
    x = _trim(x, src_rows, supply)
    if etas:
        x[:n_pair_vars] = _trim(x[:n_pair_vars], np.concatenate(sink_rows), demand, np.concatenate(etas))
    return _optimal_result(x, blocks, pairs, sinks, avail, etas, n, params, grid_co2_t_per_mwh)


def _optimal_components(source_of_col, sink_rows, n_sources, n_sinks, n_orc) -> np.ndarray:
    """Component label per LP column: the component of its source in the graph of all fence-line pairs."""
    sinks = np.concatenate(sink_rows) if sink_rows else np.zeros(0, int)
    n_pairs = len(sinks)
    graph = sparse.coo_matrix((np.ones(n_pairs), (source_of_col[:n_pairs], n_sources + sinks)),
                              shape=(n_sources + n_sinks, n_sources + n_sinks))
    label = connected_components(graph, directed=False)[1]
    return label[source_of_col]


def _optimal_result(x, blocks, pairs, sinks, avail, etas, n, params, grid_co2_t_per_mwh) -> CascadeResult:
    frames, start = [], 0
    delivered = {g: np.zeros(n) for g in GRADES}
    orc = {g: np.zeros(n) for g in GRADES}
    for (kind, g), eta in zip(blocks, etas):
        sent = x[start:start + len(eta)]
        start += len(eta)
        frames.append(_flow_frame(pairs[kind], sent, kind, g, eta))
        delivered[g] += np.bincount(pairs[kind]["source"].to_numpy(int), sent, n)
    for g in ("high", "medium"):
        orc[g] = x[start:start + n]
        start += n
        frames.append(_orc_frame(orc[g], g))
    flows = _concat(frames)
    return CascadeResult(flows, _balances(avail, delivered, orc, params),
                         flows_co2_t(flows, sinks, params, grid_co2_t_per_mwh))
