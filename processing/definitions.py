"""Choices shared by several algorithms (QuickOSM keeps these in ``definitions/``): one list each.

The codes are what the core takes; the labels are shown (translated) in the dialogs; the short names make the
layer-tree group of a run. Enum parameters store the position, so never reorder: append.
"""
SCENARIOS = (("fyp", "FYP-Efficiency plus symbiosis", "FYP"),
             ("high", "High-Efficiency plus symbiosis", "High-Efficiency"),
             ("base", "Base case plus symbiosis", "Base"))
MODES = (("cascade", "Cascade A–E, step by step (the paper's method)", "cascade"),
         ("optimal", "Optimal: maximise CO2 avoided over all steps at once", "optimal"))
