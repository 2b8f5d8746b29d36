"""The core's default data (parameter tables, health tables, input-output tables, default wind rose), shipped
as package data so the core works on its own (``pip install .``) as well as inside the QGIS plugin."""
from __future__ import annotations

from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent


def data_path(*parts: str) -> Path:
    """Path of a shipped data file, e.g. ``data_path("params")`` or ``data_path("health", "x.csv")``.

    Raises ``FileNotFoundError`` naming the path when it is missing (a broken install), so nothing falls
    back silently to an empty table.
    """
    path = DATA_DIR.joinpath(*parts)
    if not path.exists():
        raise FileNotFoundError(f"UIS-QGIS data file missing from the installation: {path}")
    return path
