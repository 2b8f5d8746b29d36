"""Write docs/parameters.md: every shipped default parameter with value, unit and source.

Run: .venv/bin/python scripts/build_param_docs.py   (a test checks the committed file is current)
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.append(str(ROOT))  # appended: the root's processing/ must never hide QGIS's

from uis_qgis.params import load_defaults  # noqa: E402

OUT = ROOT / "docs" / "parameters.md"


def _cell(value) -> str:
    return str(value).replace("|", "\\|").replace("\n", " ")


def render() -> str:
    rows = load_defaults().rows()
    lines = ["# Parameters", "",
             "Every default the model uses, generated from `uis_qgis/data/params/*.toml` by "
             "`scripts/build_param_docs.py`. Override any of them with a TOML file (`--params` on the command "
             "line, *Parameter overrides* in the algorithm dialogs), e.g.", "",
             "```toml", "[cascade]", "fence_line_m = 20000", "```", ""]
    group = None
    for row in rows:
        head = row["parameter"].split(".")[0]
        if head != group:
            group = head
            lines += ["", f"## {group}", "", "| parameter | value | unit | source |", "|---|---|---|---|"]
        lines.append(f"| `{row['parameter']}` | {_cell(row['value'])} | {_cell(row['unit'])} | {_cell(row['source'])} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    OUT.write_text(render(), encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)} ({OUT.read_text(encoding='utf-8').count(chr(10))} lines)")
