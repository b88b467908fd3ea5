"""Writing and reading spreadsheets safely: user text stays text, imports are bounded and refuse formulas.

Exports (every openpyxl workbook Kinerja writes goes through ``append_row``/``set_cell`` and
``workbook_bytes``):

- A string is always written as a text cell (``data_type = "s"``), never as a formula, whatever it
  starts with: openpyxl would otherwise turn ``=HYPERLINK(...)`` typed by an anonymous respondent into a
  live formula. Strings starting with ``= + - @``, a tab or a carriage return also get Excel's
  ``quotePrefix`` style, so editing the cell in Excel keeps it text. ``workbook_bytes`` sweeps every
  cell of a (non-streaming) workbook once more before saving; streaming (write-only) workbooks must
  use ``append_row``. Kinerja writes no formulas of its own.
- CSV (Kinerja has no CSV export today; any future one must use ``csv_text``): the OWASP rule, a
  value starting with ``= + - @``, tab or carriage return is prefixed with a single quote.

Imports (``open_workbook`` and ``sheet_rows``):

- the bytes pass ``core.uploads.check_workbook`` (bounded ZIP inspection) before openpyxl sees them;
- the workbook is opened read-only with formulas kept (``data_only=False``), so a formula cell is
  recognised and refused with its sheet and cell named, while a text cell starting with ``=`` (as the
  exports write them) is read back unchanged;
- at most ``max_rows`` rows are read (``IMPORT_MAX_ROWS`` unless the sheet says less), after which the
  import stops with a message; ``ErrorList`` keeps at most ``IMPORT_MAX_ERRORS`` messages and ends with
  "… and N more errors".
"""

import io

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from openpyxl import load_workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.worksheet._read_only import ReadOnlyWorksheet

from kinerja.core.uploads import check_workbook

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _bounded_sheet_size(self) -> None:
    """Read a read-only sheet's ``<dimension>`` without scanning the sheet (replaces openpyxl's own).

    openpyxl looks for it with "end" events and stops at ``sheetData``, whose end is the end of the
    sheet: a sheet without ``<dimension>`` (anything written by a streaming writer, or by an attacker)
    was read in full before the first row, 3.7 s of CPU for 30,000 rows, whatever row cap followed.
    With "start" events the scan stops where the rows begin.
    """
    from openpyxl.worksheet.dimensions import SheetDimension
    from openpyxl.xml.constants import SHEET_MAIN_NS
    from openpyxl.xml.functions import iterparse

    source = self._get_source()
    try:
        for _event, element in iterparse(source, events=("start",)):
            if element.tag == f"{{{SHEET_MAIN_NS}}}dimension":
                boundaries = SheetDimension.from_tree(element).boundaries
                if boundaries is not None:
                    self._min_column, self._min_row, self._max_column, self._max_row = boundaries
                break
            if element.tag == f"{{{SHEET_MAIN_NS}}}sheetData":
                break
    finally:
        source.close()


ReadOnlyWorksheet._get_size = _bounded_sheet_size


# --- exports ----------------------------------------------------------------------------------------


def _as_text(cell) -> None:
    if isinstance(cell.value, str):
        cell.data_type = "s"
        if cell.value.startswith(FORMULA_STARTS):
            cell.quotePrefix = True


def append_row(sheet, values) -> None:
    """Append ``values`` to ``sheet`` (normal or write-only), every string as text, never a formula."""
    write_only = not hasattr(sheet, "cell")
    row = []
    for value in values:
        if isinstance(value, str):
            cell = WriteOnlyCell(sheet, value=value) if write_only else Cell(sheet, value=value)
            _as_text(cell)
            row.append(cell)
        else:
            row.append(value)
    sheet.append(row)


def set_cell(sheet, row: int, column: int, value=None):
    """Set one cell of a normal worksheet; a string is text. Return the cell (for styling)."""
    cell = sheet.cell(row=row, column=column, value=value)
    _as_text(cell)
    return cell


def workbook_bytes(workbook) -> bytes:
    """Save a workbook to bytes, making sure that no cell of a normal worksheet holds a formula."""
    if not getattr(workbook, "write_only", False):
        for sheet in workbook.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    if cell.data_type == "f":
                        _as_text(cell)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_line_writer():
    """A csv writer whose ``writerow`` returns the line it wrote (for streamed downloads); cells are written as
    given, so pass text through ``csv_text``."""
    import csv

    class _Line:
        def write(self, text: str) -> str:
            return text

    return csv.writer(_Line(), lineterminator="\n")


def csv_text(value) -> str:
    """A value for a CSV cell: text starting with = + - @, tab or CR is prefixed with ' (OWASP CSV injection)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


# --- imports ----------------------------------------------------------------------------------------


def open_workbook(data: bytes, *, name: str = ""):
    """Check the bytes (bounded ZIP inspection) and open them read-only, formulas kept; raise ValidationError."""
    check_workbook(data, name=name)
    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many types for a damaged file
        raise ValidationError(_("The file cannot be read as an Excel workbook (.xlsx).")) from exc


def formula_message(sheet_title: str, coordinates: list[str]) -> str:
    return ngettext(
        "Sheet %(sheet)s, cell %(cells)s holds a formula; type the value itself.",
        "Sheet %(sheet)s, cells %(cells)s hold formulas; type the values themselves.",
        len(coordinates),
    ) % {"sheet": sheet_title, "cells": ", ".join(coordinates)}


def too_many_rows_message(sheet_title: str, max_rows: int) -> str:
    return _("Sheet %(sheet)s has more than %(n)s rows to import; nothing was read beyond that.") % {
        "sheet": sheet_title,
        "n": max_rows,
    }


def text_message(sheet_title: str, coordinate: str) -> str:
    return _("Sheet %(sheet)s, cell %(cell)s holds text longer than %(n)s characters or a null character.") % {
        "sheet": sheet_title,
        "cell": coordinate,
        "n": settings.TEXT_MAX_LENGTH,
    }


def sheet_rows(sheet, *, max_rows: int | None = None):
    """Yield ``(row number, values, problems)`` of a read-only sheet's data rows (after the header).

    ``values`` has None where a cell is refused; ``problems`` says why, naming the cell: a formula, or
    text beyond ``TEXT_MAX_LENGTH`` or with a NUL character (the limits of the forms and the API). Raise
    ValidationError once more than ``max_rows`` rows (blank ones included: each costs reading) follow
    the header.
    """
    limit = settings.IMPORT_MAX_ROWS if max_rows is None else max_rows
    text_limit = settings.TEXT_MAX_LENGTH
    for number, cells in enumerate(sheet.iter_rows(min_row=2), start=2):
        if number - 1 > limit:
            raise ValidationError(too_many_rows_message(sheet.title, limit), code="too_many_rows")
        values, formulas, problems = [], [], []
        for cell in cells:
            value = cell.value
            if getattr(cell, "data_type", None) == "f":
                formulas.append(cell.coordinate)
                value = None
            elif isinstance(value, str) and (len(value) > text_limit or "\x00" in value):
                problems.append(text_message(sheet.title, cell.coordinate))
                value = None
            values.append(value)
        if formulas:
            problems.insert(0, formula_message(sheet.title, formulas))
        yield number, tuple(values), problems


def header(sheet) -> list[str]:
    """The first row's cells as lower-case stripped text."""
    first = next(sheet.iter_rows(max_row=1, values_only=True), ())
    return [str(c).strip().lower() if c is not None else "" for c in first]


class ErrorList(list):
    """A list of import errors that keeps at most ``IMPORT_MAX_ERRORS`` and counts the rest.

    ``append`` beyond the limit only counts; ``close(make)`` appends ``make(message)`` saying how many
    more there were (``make`` builds an entry in the caller's shape, e.g. ``lambda m: (0, m)``).
    """

    def __init__(self, *args, limit: int | None = None):
        super().__init__(*args)
        self.limit = settings.IMPORT_MAX_ERRORS if limit is None else limit
        self.hidden = 0

    def append(self, item) -> None:
        if len(self) >= self.limit:
            self.hidden += 1
        else:
            super().append(item)

    def close(self, make) -> None:
        if self.hidden:
            more = ngettext("… and %(n)s more error.", "… and %(n)s more errors.", self.hidden) % {"n": self.hidden}
            super().append(make(more))
            self.hidden = 0
