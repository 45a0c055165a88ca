"""Real spreadsheet files for tests: xlsx written with openpyxl, ods with odfpy, xls with xlwt.

The cells keep their types, as Excel and LibreOffice save them: times, numbers, dates,
true/false.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

import openpyxl
import xlwt
from odf.opendocument import OpenDocumentSpreadsheet
from odf.table import Table, TableCell, TableRow
from odf.text import P

Cell = str | int | float | bool | dt.time | dt.date | None


def xlsx(path: Path, rows: Sequence[Sequence[Cell]], *, start_row: int = 1) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Groups"
    for number, row in enumerate(rows, start_row):
        for column, value in enumerate(row, 1):
            if value is not None:
                sheet.cell(number, column, value)
    book.save(path)
    return path


def ods(path: Path, rows: Sequence[Sequence[Cell]]) -> Path:
    document = OpenDocumentSpreadsheet()
    table = Table(name="Groups")
    for row in rows:
        line = TableRow()
        for value in row:
            line.addElement(_ods_cell(value))
        table.addElement(line)
    document.spreadsheet.addElement(table)
    document.save(str(path))
    return path


def _ods_cell(value: Cell) -> TableCell:
    """A cell as LibreOffice saves it: the typed value, and the text it shows."""
    if value is None:
        return TableCell()
    if isinstance(value, bool):
        cell = TableCell(valuetype="boolean", booleanvalue=str(value).lower())
    elif isinstance(value, int | float):
        cell = TableCell(valuetype="float", value=str(value))
    elif isinstance(value, dt.time):
        cell = TableCell(valuetype="time", timevalue=f"PT{value.hour}H{value.minute}M00S")
    elif isinstance(value, dt.date):
        cell = TableCell(valuetype="date", datevalue=value.isoformat())
    else:
        cell = TableCell(valuetype="string")
    cell.addElement(P(text=str(value)))
    return cell


def xls(path: Path, rows: Sequence[Sequence[Cell]]) -> Path:
    """The older Excel format (Excel 97 to 2003), still what some centres' computers save."""
    book = xlwt.Workbook()
    sheet = book.add_sheet("Groups")
    clock = xlwt.easyxf(num_format_str="hh:mm")
    for number, row in enumerate(rows):
        for column, value in enumerate(row):
            if isinstance(value, dt.time):
                sheet.write(number, column, value, clock)
            elif value is not None:
                sheet.write(number, column, value)
    book.save(str(path))
    return path
