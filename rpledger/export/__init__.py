"""A person's full history for an inspection file: as JSON Lines (data) and as a printable HTML report (people).

``export_case`` gathers the case, every history entry and the obligations and findings at one moment;
``write_jsonl`` and ``render_html`` write them; ``write_export`` writes both into a folder, named after the person.
This package sits above the application layer, beside ``rpledger.demo``: it reads only through ``Cases`` and the
compliance view.
"""

from __future__ import annotations

import re
from pathlib import Path

from rpledger.export.case import ExportedCase, export_case
from rpledger.export.jsonl import records, write_jsonl
from rpledger.export.report import render_html

__all__ = ["ExportedCase", "export_case", "records", "render_html", "write_export", "write_jsonl"]


def write_export(exported: ExportedCase, directory: Path | str) -> tuple[Path, Path]:
    """Write ``<person_ref>.jsonl`` and ``<person_ref>.html`` into ``directory`` (created if missing)."""
    folder = Path(directory)
    folder.mkdir(parents=True, exist_ok=True)
    # A person reference is recorded text: keep it from naming a path outside the folder.
    name = re.sub(r"[^A-Za-z0-9._-]", "_", exported.case.person_ref).lstrip(".") or "case"
    jsonl, page = folder / f"{name}.jsonl", folder / f"{name}.html"
    write_jsonl(exported, jsonl)
    page.write_text(render_html(exported), encoding="utf-8")
    return jsonl, page
