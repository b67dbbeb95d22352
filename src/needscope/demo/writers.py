"""Byte-stable writers for the demo files (CSV in a chosen encoding, XLSX, JSON, JSONL, YAML)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

import xlsxwriter
import yaml

FIXED_TIMESTAMP = datetime(2026, 3, 1, 9, 0, 0)
"""Workbook created/modified time, fixed so that every run writes identical bytes."""


def write_csv(
    path: Path, header: Sequence[str], rows: Iterable[Sequence[object]], encoding: str = "utf-8"
) -> None:
    """Write ``rows`` under ``header`` as CSV with ``\\n`` line ends in ``encoding``."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    path.write_bytes(buf.getvalue().encode(encoding))


def write_xlsx(
    path: Path, sheets: Sequence[tuple[str, Sequence[str], Sequence[Sequence[Any]]]], title: str
) -> None:
    """Write one worksheet per ``(name, header, rows)`` with fixed document properties."""
    options = {
        "in_memory": True,
        "strings_to_numbers": False,
        "strings_to_formulas": False,
        "strings_to_urls": False,
    }
    wb = xlsxwriter.Workbook(str(path), options)
    wb.set_properties({"title": title, "author": "needscope demo", "created": FIXED_TIMESTAMP})
    bold = wb.add_format({"bold": True})
    for name, header, rows in sheets:
        ws = wb.add_worksheet(name)
        ws.write_row(0, 0, list(header), bold)
        ws.freeze_panes(1, 0)
        for r, row in enumerate(rows, start=1):
            ws.write_row(r, 0, list(row))
    wb.close()


def write_jsonl(path: Path, items: Iterable[dict[str, Any]]) -> None:
    """Write one JSON object per line, UTF-8, non-ASCII kept."""
    lines = [json.dumps(it, ensure_ascii=False) for it in items]
    path.write_bytes(("\n".join(lines) + "\n").encode("utf-8"))


def write_json(path: Path, data: Any) -> None:
    """Write ``data`` as indented UTF-8 JSON."""
    path.write_bytes((json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8"))


def write_yaml(path: Path, data: dict[str, Any], comment: str = "") -> None:
    """Write ``data`` as block YAML in key order, UTF-8, with an optional header comment."""
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
    head = "".join(f"# {line}\n" for line in comment.splitlines())
    path.write_bytes((head + text).encode("utf-8"))


__all__ = ["FIXED_TIMESTAMP", "write_csv", "write_json", "write_jsonl", "write_xlsx", "write_yaml"]
