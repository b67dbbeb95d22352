"""Export the needs register as Template 1 (XLSX, CSV or JSON) and records as tables."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import pandas as pd

from needscope.errors import InputError
from needscope.io.exports import write_csv, write_json, write_xlsx_table
from needscope.report.sections_basic import template1_frame
from needscope.services.register import needs_frame
from needscope.store import Store

TEMPLATE1_SHEET = {"zh": "客户需求原始记录表", "en": "Raw needs register"}


def write_table(frame: pd.DataFrame, path: Path, sheet: str = "data") -> Path:
    """Write a table as XLSX, CSV or JSON by the file's suffix, neutralising formulas."""
    suffix = path.suffix.lower()
    path.parent.mkdir(parents=True, exist_ok=True)
    if suffix == ".xlsx":
        write_xlsx_table(frame, path, sheet)
    elif suffix in (".csv", ".tsv"):
        write_csv(frame, path)
    elif suffix == ".json":
        write_json(frame, path)
    else:
        raise InputError(f"cannot write {path.name}: use .xlsx, .csv or .json")
    return path


def export_template1(
    store: Store,
    slug: str,
    path: Path,
    *,
    lang: Literal["zh", "en"] = "zh",
    include_candidates: bool = False,
) -> Path:
    """Write the project's needs as Template 1 (客户需求原始记录表).

    Candidates found in the text (and rejected or merged needs) are left out unless asked for.
    """
    needs = needs_frame(store, slug)
    if not include_candidates:
        needs = needs[needs["status"].isin(("open", "done"))]
    frame = template1_frame(needs, lang)
    return write_table(frame, path, TEMPLATE1_SHEET[lang])


__all__ = ["TEMPLATE1_SHEET", "export_template1", "write_table"]
