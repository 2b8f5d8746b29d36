"""UIS-QGIS model core: urban–industrial symbiosis → CO2, PM2.5 and health co-benefits.

Pure Python (never imports qgis). Python API::

    from uis_qgis import load_params, read_inputs, run_assessment, write_results
"""
__version__ = "0.1.0"
