"""The QGIS plugin object: registers the UIS-QGIS Processing provider and removes it on unload."""
from qgis.core import QgsApplication


class UisQgisPlugin:
    """Registers :class:`~.processing.provider.UisQgisProvider` (also under ``qgis_process``, no GUI)."""

    def __init__(self, iface):
        self.iface = iface
        self.provider = None

    def initProcessing(self):  # noqa: N802 (name fixed by QGIS)
        """Called by QGIS (GUI and qgis_process) before initGui; adds the provider once."""
        if self.provider is not None:
            return
        from .processing.provider import UisQgisProvider

        self.provider = UisQgisProvider()
        QgsApplication.processingRegistry().addProvider(self.provider)
        # shipped models refer to uisqgis:* algorithms, which resolve only once the provider is registered
        self.provider.refreshAlgorithms()

    def initGui(self):  # noqa: N802 (name fixed by QGIS)
        self.initProcessing()

    def unload(self):
        if self.provider is not None:
            QgsApplication.processingRegistry().removeProvider(self.provider)
            self.provider = None
