"""Helpers of ``scripts/build_inputs.py``: read ../shared/data and derive the SPEC §1 input layers.

Modules: ``sources`` (readers, name normalisation), ``plants`` (GEM coal and steel, CEADs clusters),
``territories`` (cities, Voronoi territories, urban cores, provinces), ``heating`` (district-heating proxies).
No module here imports qgis; the model core (uis_qgis) supplies parameters and the CRS helper.
"""
