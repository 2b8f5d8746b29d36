"""Test-wide set-up.

``python -m pytest`` from the repository root puts the root on ``sys.path``; the root is the plugin folder, and
its ``processing/`` package would hide QGIS's own Processing framework. QGIS's plugin folder therefore goes
first on ``sys.path`` before any test module is imported (tests/qgis/test_plugin.py proves the result).
"""
import os
import sys

QGIS_PYTHON_PLUGINS = "/usr/share/qgis/python/plugins"

if os.path.isdir(QGIS_PYTHON_PLUGINS) and sys.path[:1] != [QGIS_PYTHON_PLUGINS]:
    sys.path.insert(0, QGIS_PYTHON_PLUGINS)

# Property tests draw the same examples on every machine (CI runs a fresh clone, with no example database):
# a red run is reproducible, and a case found once is pinned with @example in its test.
try:
    from hypothesis import settings
except ImportError:  # the QGIS-only test environment need not have hypothesis
    pass
else:
    settings.register_profile("reproducible", derandomize=True)
    settings.load_profile("reproducible")
