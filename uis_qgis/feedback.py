"""Progress, cancellation and messages passed from a front end (QGIS, CLI, notebook) into the core.

The core never imports QGIS; the Processing side wraps ``QgsProcessingFeedback`` in a subclass of
:class:`Feedback`, the CLI wraps a tqdm bar.
"""
from __future__ import annotations

import logging

log = logging.getLogger("uis_qgis")


class Cancelled(RuntimeError):
    """Raised by :meth:`Feedback.check` when the user cancelled the run."""


class Feedback:
    """Silent default feedback: no progress shown, never cancelled."""

    def progress(self, fraction: float, message: str = "") -> None:
        """Report overall progress ``fraction`` in [0, 1] with a short message."""

    def is_cancelled(self) -> bool:
        return False

    def info(self, message: str) -> None:
        log.info(message)

    def warning(self, message: str) -> None:
        log.warning(message)

    def check(self) -> None:
        """Raise :class:`Cancelled` if the user asked to stop; call it inside long loops."""
        if self.is_cancelled():
            raise Cancelled("run cancelled by the user")


class StepFeedback(Feedback):
    """Maps progress of one step onto the sub-range ``[start, stop]`` of a parent feedback."""

    def __init__(self, parent: Feedback, start: float, stop: float):
        self.parent, self.start, self.stop = parent, start, stop

    def progress(self, fraction: float, message: str = "") -> None:
        self.parent.progress(self.start + (self.stop - self.start) * min(max(fraction, 0.0), 1.0), message)

    def is_cancelled(self) -> bool:
        return self.parent.is_cancelled()

    def info(self, message: str) -> None:
        self.parent.info(message)

    def warning(self, message: str) -> None:
        self.parent.warning(message)
