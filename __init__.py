"""UIS-QGIS QGIS plugin: entry point called by QGIS.

Installed as the folder ``uisqgis`` (see docs/user_guide.md, "Installation"). Everything inside the plugin is
imported relatively — the provider as ``.processing`` and the model core as ``.uis_qgis`` — so neither QGIS's
own ``processing`` framework nor any other module on ``sys.path`` is shadowed, and the plugin never changes
``sys.path``.
"""


def classFactory(iface):  # noqa: N802 (name fixed by QGIS)
    """Return the plugin instance; QGIS calls this with its ``QgisInterface`` (``None`` in qgis_process)."""
    from .plugin import UisQgisPlugin

    return UisQgisPlugin(iface)
