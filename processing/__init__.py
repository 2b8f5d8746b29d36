"""UIS-QGIS Processing provider and algorithms (QGIS side; the model lives in ``..uis_qgis``).

Always imported relatively from the plugin package (``from .processing.provider import …``): a top-level
``import processing`` must keep resolving to QGIS's own framework.
"""
