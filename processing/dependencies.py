"""The Python packages UIS-QGIS needs in QGIS's own Python: which are missing, and how to install them.

One message for every entry point (toolbox, dialog, ``processing.run``, models, batch, ``qgis_process``) and the
command the installer dialog (:mod:`..installer`) runs. Imports nothing beyond the standard library.
"""
from __future__ import annotations

import importlib
import os
import sys
from pathlib import Path

# import name → pip distribution (the same here) and Debian package (None: not packaged in Debian 12)
REQUIRED = {
    "numpy": "python3-numpy", "scipy": "python3-scipy", "pandas": "python3-pandas",
    "geopandas": "python3-geopandas", "shapely": "python3-shapely", "pyproj": "python3-pyproj",
    "pyogrio": None, "rasterio": "python3-rasterio", "matplotlib": "python3-matplotlib", "highspy": None,
}


def missing_modules() -> list[str]:
    """Required modules that cannot be imported in this Python (absent or broken), in :data:`REQUIRED` order."""
    missing = []
    for name in REQUIRED:
        try:
            importlib.import_module(name)
        except Exception:  # a broken install (e.g. rasterio with affine 3) counts as missing
            missing.append(name)
    return missing


def qgis_python() -> str:
    """The Python interpreter QGIS runs (``sys.executable`` is the QGIS binary on Windows and macOS)."""
    prefix = Path(sys.exec_prefix)
    for candidate in (prefix / "python.exe", prefix / "bin" / "python3", prefix / "bin" / "python"):
        if candidate.is_file():
            return str(candidate)
    return sys.executable


def pip_command(missing: list[str]) -> list[str]:
    """``python -m pip install --user …`` for QGIS's Python: the command the installer runs, as arguments."""
    command = [qgis_python(), "-m", "pip", "install", "--user"]
    if sys.platform.startswith("linux") and Path(sys.prefix, "lib", f"python{sys.version_info[0]}."
                                                 f"{sys.version_info[1]}", "EXTERNALLY-MANAGED").exists():
        command.append("--break-system-packages")  # Debian/Ubuntu system Python (PEP 668); --user stays apart
    return command + list(missing)


def install_instructions(missing: list[str]) -> str:
    """How to install ``missing`` on Windows, macOS and Linux (plain text, one paragraph per system)."""
    names = " ".join(missing)
    apt = " ".join(p for m in missing if (p := REQUIRED.get(m)))
    pip_only = " ".join(m for m in missing if REQUIRED.get(m) is None)
    linux = f"sudo apt install {apt}" if apt else ""
    if pip_only:
        linux += (" and then " if linux else "") + f"python3 -m pip install --user {pip_only}"
    return (
        f"UIS-QGIS needs these Python packages, missing in the Python that QGIS runs: {', '.join(missing)}.\n"
        f"Easiest: Plugins > UIS-QGIS > Install missing Python packages… (runs pip for QGIS's Python).\n"
        f"Windows (OSGeo4W or standalone installer): open the 'OSGeo4W Shell' from the Start menu and run "
        f"python -m pip install --user {names}\n"
        f"macOS (QGIS.app): in Terminal run "
        f"/Applications/QGIS.app/Contents/MacOS/bin/python3 -m pip install --user {names} "
        f"(use the name of your QGIS app, e.g. QGIS-LTR.app)\n"
        f"Linux (Debian/Ubuntu): {linux}\n"
        f"This QGIS runs {qgis_python()}; the exact command for it: {' '.join(pip_command(missing))}\n"
        f"Then restart QGIS."
    )


MIN_PYTHON = (3, 11)  # tomllib (parameter tables)


def dependency_problem() -> str:
    """The message for an old Python or the missing packages, or ``""`` when everything imports."""
    if sys.version_info < MIN_PYTHON:
        return (f"UIS-QGIS needs Python {MIN_PYTHON[0]}.{MIN_PYTHON[1]} or newer; this QGIS runs Python "
                f"{sys.version_info[0]}.{sys.version_info[1]}. Use a QGIS release built with a newer Python "
                f"(e.g. QGIS 3.34 LTR or newer on Windows and macOS).")
    missing = missing_modules()
    return install_instructions(missing) if missing else ""


def user_site_on_path() -> None:
    """Make packages installed with ``pip --user`` importable now, without restarting QGIS."""
    import site

    path = site.getusersitepackages()
    if os.path.isdir(path) and path not in sys.path:
        site.addsitedir(path)
