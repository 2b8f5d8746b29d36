"""The one parameter loader.

Defaults live in ``uis_qgis/data/params/<group>.toml``; every leaf parameter is a TOML table with ``value``,
``unit`` and ``source`` (and optionally ``note``)::

    [fence_line_m]
    value = 30000
    unit = "m"
    source = "Ramaswami et al. 2017, Methods (c)"

Leaves may sit inside nested tables (``[waste_heat_fraction.steel]``). A parameter is addressed by a dotted
path that starts with the file's stem: ``params.get("cascade.fence_line_m")``.

A user override file uses the same paths. A leaf may be given as a bare value or as a table with ``value``
(and optionally its own ``unit``/``source``)::

    [cascade]
    fence_line_m = 20000

Unknown paths in an override are an error (a typo must never be silently ignored).
"""
from __future__ import annotations

import copy
import math
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from .data import DATA_DIR

DEFAULTS_DIR = DATA_DIR / "params"
LEAF_KEYS = {"value", "unit", "source", "note"}


class ParameterError(ValueError):
    """A parameter file or override is malformed or names an unknown parameter."""


def _is_leaf(node: Any) -> bool:
    return isinstance(node, dict) and "value" in node and set(node) <= LEAF_KEYS


def _walk(node: dict, prefix: str = "") -> Iterator[tuple[str, dict]]:
    for key, child in node.items():
        path = f"{prefix}.{key}" if prefix else key
        if _is_leaf(child):
            yield path, child
        elif isinstance(child, dict):
            yield from _walk(child, path)
        else:
            raise ParameterError(f"parameter '{path}' has no value/unit/source table")


def _check_leaf(path: str, leaf: dict) -> None:
    missing = [k for k in ("unit", "source") if not str(leaf.get(k, "")).strip()]
    if missing:
        raise ParameterError(f"default parameter '{path}' lacks {', '.join(missing)}")


@dataclass
class Params:
    """Parameter set: ``{group: {...nested leaves...}}`` with value, unit and source per leaf."""

    tree: dict = field(default_factory=dict)
    overridden: list[str] = field(default_factory=list)

    def _leaf(self, path: str) -> dict:
        node: Any = self.tree
        for part in path.split("."):
            if not isinstance(node, dict) or part not in node:
                raise ParameterError(f"unknown parameter '{path}'")
            node = node[part]
        if not _is_leaf(node):
            raise ParameterError(f"'{path}' is a group of parameters, not one parameter")
        return node

    def get(self, path: str) -> Any:
        """Value of the parameter at dotted ``path``."""
        return self._leaf(path)["value"]

    def unit(self, path: str) -> str:
        return self._leaf(path)["unit"]

    def source(self, path: str) -> str:
        return self._leaf(path)["source"]

    def group(self, path: str) -> dict:
        """Plain ``{name: value}`` dict of the leaves directly below ``path`` (e.g. a table by sector)."""
        node: Any = self.tree
        for part in path.split("."):
            if not isinstance(node, dict) or part not in node:
                raise ParameterError(f"unknown parameter group '{path}'")
            node = node[part]
        return {k: (v["value"] if _is_leaf(v) else Params(v).as_values()) for k, v in node.items()}

    def as_values(self) -> dict:
        """Nested dict of values only."""
        return {k: (v["value"] if _is_leaf(v) else Params(v).as_values()) for k, v in self.tree.items()}

    def rows(self) -> list[dict]:
        """One row per parameter (path, value, unit, source, overridden) — for reports and tables."""
        return [
            {"parameter": p, "value": leaf["value"], "unit": leaf["unit"], "source": leaf["source"],
             "overridden": p in self.overridden}
            for p, leaf in _walk(self.tree)
        ]

    def with_overrides(self, overrides: dict, origin: str = "user override") -> "Params":
        """New parameter set with ``overrides`` (nested or dotted keys) applied; unknown paths raise."""
        new = Params(copy.deepcopy(self.tree), list(self.overridden))
        for path, value in _flatten_override(overrides):
            leaf = new._leaf(path)
            if isinstance(value, dict):
                leaf.update({k: v for k, v in value.items() if k in LEAF_KEYS})
            else:
                leaf["value"] = value
            if "source" not in (value if isinstance(value, dict) else {}):
                leaf["source"] = f"{origin} (default: {leaf['source']})"
            _check_type(path, leaf["value"])
            new.overridden.append(path)
        return new


def _check_type(path: str, value: Any) -> None:
    if isinstance(value, float) and not math.isfinite(value):
        raise ParameterError(f"parameter '{path}' must be finite, got {value}")


def _flatten_override(node: dict, prefix: str = "") -> Iterator[tuple[str, Any]]:
    for key, child in node.items():
        path = f"{prefix}.{key}" if prefix else str(key)
        if isinstance(child, dict) and not ("value" in child and set(child) <= LEAF_KEYS):
            yield from _flatten_override(child, path)
        else:
            yield path, child


def read_toml(path: str | Path) -> dict:
    """Read a TOML file with a clear error naming the file."""
    try:
        with open(path, "rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError as exc:
        raise ParameterError(f"parameter file not found: {path}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ParameterError(f"parameter file {path} is not valid TOML: {exc}") from exc


def load_defaults(directory: Path = DEFAULTS_DIR) -> Params:
    """All shipped default tables, each leaf checked for a unit and a source."""
    paths = sorted(Path(directory).glob("*.toml"))
    if not paths:
        raise ParameterError(f"no default parameter tables (*.toml) in {directory}: the installation is incomplete")
    tree = {}
    for path in paths:
        tree[path.stem] = read_toml(path)
        for leaf_path, leaf in _walk(tree[path.stem], path.stem):
            _check_leaf(leaf_path, leaf)
    return Params(tree)


def load_params(override: str | Path | dict | None = None) -> Params:
    """Shipped defaults with an optional override (a TOML file path or a dict) applied."""
    params = load_defaults()
    if override is None or override == "":
        return params
    if isinstance(override, dict):
        return params.with_overrides(override)
    return params.with_overrides(read_toml(override), origin=f"override file {Path(override).name}")
