"""Import the repository as the plugin package ``uisqgis`` — the folder name it gets when installed
(scripts/package.py) — so scripts, benchmarks and tests load the plugin exactly as QGIS does: every import
inside it relative, ``sys.path`` untouched (QGIS's own ``processing`` stays visible).
"""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PLUGIN_PACKAGE = "uisqgis"


def load_plugin_package(root: Path = REPO):
    """The plugin package module (imported once; later calls return the same module)."""
    if PLUGIN_PACKAGE in sys.modules:
        return sys.modules[PLUGIN_PACKAGE]
    spec = importlib.util.spec_from_file_location(PLUGIN_PACKAGE, root / "__init__.py",
                                                  submodule_search_locations=[str(root)])
    module = importlib.util.module_from_spec(spec)
    sys.modules[PLUGIN_PACKAGE] = module
    spec.loader.exec_module(module)
    return module
