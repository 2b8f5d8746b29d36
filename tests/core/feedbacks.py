"""Feedback doubles shared by the core tests."""
from uis_qgis.feedback import Feedback


class CancelAfter(Feedback):
    """Answers "not cancelled" ``n`` times, then "cancelled" for ever."""

    def __init__(self, n: int):
        self.n = n

    def is_cancelled(self) -> bool:
        self.n -= 1
        return self.n < 0
