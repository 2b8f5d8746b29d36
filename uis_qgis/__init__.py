"""UIS-QGIS model core: urban–industrial symbiosis → CO2, PM2.5 and health co-benefits.

Pure Python (never imports qgis). Python API::

    from uis_qgis.params import load_params
    from uis_qgis.io import read_inputs, write_results
    from uis_qgis.model import run_assessment

Inside the core, modules import each other relatively only, so the package also works when QGIS loads it as
a subpackage of the plugin folder.
"""
__version__ = "0.1.0"
