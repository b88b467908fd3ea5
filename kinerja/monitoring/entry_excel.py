"""The Excel round trip of a period's values for one agency: download the sheet, fill it, upload it.

Every row is checked before anything is written; if any row is wrong nothing is saved and each
error is listed with its row. Large files run as a background task (``ImportJob``) whose progress
the page shows: the checking phase reports progress as it goes, the writing phase is one transaction.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill, Protection
from openpyxl.utils import get_column_letter

from kinerja.core.access import may
from kinerja.core.models import Agency
from kinerja.core.numbers import parse_number
from kinerja.core.spreadsheets import (
    ErrorList,
    append_row,
    header,
    open_workbook,
    sheet_rows,
    workbook_bytes,
)
from kinerja.monitoring import services
from kinerja.monitoring.choices import EDITABLE_STATES
from kinerja.monitoring.models import Realization, ReportingPeriod
from kinerja.monitoring.permissions import MONITORING
from kinerja.monitoring.selectors import reportable_indicators
from kinerja.planning.models import Indicator, Target

SHEET = "Realisasi"
COLUMNS = ["id_indikator", "kode", "indikator", "satuan", "target_tahunan", "status", "realisasi", "penjelasan"]
EDITABLE_FILL = PatternFill("solid", fgColor="FFF2CC")


def period_indicators(*, user, agency: Agency, period: ReportingPeriod) -> list[Indicator]:
    """The agency's indicators reported in ``period`` (by their frequency)."""
    indicators = reportable_indicators(user=user, agency_ids=[agency.pk]).order_by("node__path", "position")
    return [i for i in indicators if _fits(i, period)]


def _fits(indicator: Indicator, period: ReportingPeriod) -> bool:
    kind, numbers = services.FREQUENCY_PERIODS[indicator.frequency]
    return period.kind == kind and period.number in numbers


def build_sheet(*, user, agency: Agency, period: ReportingPeriod) -> bytes:
    indicators = period_indicators(user=user, agency=agency, period=period)
    current = {
        r.indicator_id: r for r in Realization.objects.filter(indicator__in=indicators, period=period, is_current=True)
    }
    targets = dict(
        Target.objects.filter(indicator__in=indicators, year=period.year, period_kind="year").values_list(
            "indicator_id", "value"
        )
    )
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET
    append_row(sheet, COLUMNS)
    for cell in sheet[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="1F4E79")
    for indicator in indicators:
        realization = current.get(indicator.pk)
        target = targets.get(indicator.pk)
        append_row(
            sheet,
            [
                indicator.pk,
                indicator.node.code,
                indicator.name,
                indicator.unit,
                float(target) if target is not None else None,
                realization.get_state_display() if realization else _("Not reported"),
                float(realization.value) if realization else None,
                realization.explanation if realization else "",
            ],
        )
        if realization is None or realization.state in EDITABLE_STATES:
            for column in (7, 8):
                sheet.cell(row=sheet.max_row, column=column).fill = EDITABLE_FILL
                sheet.cell(row=sheet.max_row, column=column).protection = Protection(locked=False)
    widths = [12, 22, 70, 14, 16, 18, 16, 50]
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "C2"
    info = workbook.create_sheet("Info")
    for row in (
        [_("Agency"), agency.code, agency.name],
        [_("Period"), period.pk, period.label],
        [_("Deadline"), period.deadline.isoformat()],
        [
            _("How to fill in"),
            _("Fill in the yellow cells only (realisasi, penjelasan); leave the other columns as they are."),
        ],
    ):
        append_row(info, row)
    return workbook_bytes(workbook)


@dataclass
class SheetRow:
    row: int
    indicator: Indicator
    value: Decimal
    explanation: str


@dataclass
class EntryImportResult:
    errors: list[tuple[int, str]] = field(default_factory=list)
    saved: int = 0
    unchanged: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


def row_limit(*, user, agency: Agency, period: ReportingPeriod) -> int:
    """How many rows an entry sheet may have: one per indicator the agency reports in the period.

    Plus ``IMPORT_MAX_ERRORS``: rows beyond the indicators can only be wrong, and that many are listed.
    """
    return len(period_indicators(user=user, agency=agency, period=period)) + settings.IMPORT_MAX_ERRORS


def read_rows(data: bytes, *, max_rows: int) -> list[tuple[int, dict]]:
    """Return the filled rows of the sheet as (row number, values); raise ValidationError when unreadable.

    At most ``max_rows`` rows are read (the sheet holds one per indicator); a formula anywhere in the
    rows refuses the file naming its cells (the values are typed, not computed).
    """
    workbook = open_workbook(data)
    try:
        if SHEET not in workbook.sheetnames:
            raise ValidationError(_("The workbook has no sheet named %(sheet)s.") % {"sheet": SHEET})
        sheet = workbook[SHEET]
        names = header(sheet)
        missing = [c for c in COLUMNS if c not in names]
        if missing:
            raise ValidationError(
                _("Sheet %(sheet)s lacks the columns: %(columns)s") % {"sheet": SHEET, "columns": ", ".join(missing)}
            )
        index = {name: names.index(name) for name in COLUMNS}
        result, problems = [], []
        for number, values, row_problems in sheet_rows(sheet, max_rows=max_rows):
            problems += row_problems
            if all(v is None or str(v).strip() == "" for v in values):
                continue
            result.append((number, {name: values[i] if i < len(values) else None for name, i in index.items()}))
        if problems:
            raise ValidationError(problems[:20] + (["…"] if len(problems) > 20 else []))
        return result
    finally:
        workbook.close()


def check_rows(
    *, user, agency: Agency, period: ReportingPeriod, rows, progress=None
) -> tuple[list[SheetRow], list[tuple[int, str]]]:
    """Check every row without writing; return the rows to save and the errors (row number, message)."""
    indicators = {i.pk: i for i in period_indicators(user=user, agency=agency, period=period)}
    current = {
        r.indicator_id: r
        for r in Realization.objects.filter(indicator_id__in=indicators, period=period, is_current=True)
    }
    valid, errors, seen = [], ErrorList(), set()
    for position, (number, row) in enumerate(rows, start=1):
        try:
            pk = int(row["id_indikator"])
        except (TypeError, ValueError):
            errors.append((number, _("id_indikator is missing or not a number; do not change that column.")))
            continue
        indicator = indicators.get(pk)
        if indicator is None:
            errors.append(
                (
                    number,
                    _("Indicator %(id)s is not reported by %(agency)s in %(period)s.")
                    % {"id": pk, "agency": agency.short_name, "period": period},
                )
            )
            continue
        if pk in seen:
            errors.append((number, _("Indicator %(id)s appears twice.") % {"id": pk}))
            continue
        seen.add(pk)
        try:
            value = parse_number(row["realisasi"])
        except ValidationError as exc:
            errors.append((number, "realisasi: " + " ".join(exc.messages)))
            continue
        if value is None:
            continue  # left empty: nothing to report for this indicator yet
        realization = current.get(pk)
        explanation = "" if row["penjelasan"] is None else str(row["penjelasan"]).strip()
        if realization is not None and realization.state not in EDITABLE_STATES:
            if realization.value != value or realization.explanation != explanation:
                errors.append(
                    (
                        number,
                        _("This value is %(state)s and can no longer be edited.")
                        % {"state": realization.get_state_display().lower()},
                    )
                )
            continue
        valid.append(SheetRow(number, indicator, value, explanation))
        if progress is not None and position % 25 == 0:
            progress(position)
    errors.close(lambda message: (0, message))
    return valid, errors


def import_sheet(*, user, agency: Agency, period: ReportingPeriod, data: bytes, progress=None) -> EntryImportResult:
    """Check, then save every row in one transaction; on any error nothing is saved."""
    result = EntryImportResult()
    if not may(user, "change", agency, area=MONITORING):
        raise PermissionDenied(_("You are not allowed to do this for %(agency)s.") % {"agency": agency})
    try:
        rows = read_rows(data, max_rows=row_limit(user=user, agency=agency, period=period))
    except ValidationError as exc:
        result.errors.append((0, " ".join(exc.messages)))
        return result
    valid, result.errors = check_rows(user=user, agency=agency, period=period, rows=rows, progress=progress)
    if result.errors:
        return result
    today = timezone.localdate()
    try:
        with transaction.atomic():
            for row in valid:
                try:
                    before = (
                        Realization.objects.filter(indicator=row.indicator, period=period, is_current=True)
                        .values_list("lock_version", flat=True)
                        .first()
                    )
                    saved = services.realization_save(
                        user=user,
                        indicator=row.indicator,
                        period=period,
                        value=row.value,
                        explanation=row.explanation,
                        today=today,
                        expected_version=before,  # a sheet carries no versions: the value as just read
                    )
                    if saved.lock_version != before:
                        result.saved += 1
                    else:
                        result.unchanged += 1
                except (ValidationError, PermissionDenied) as exc:
                    result.errors.append((row.row, " ".join(getattr(exc, "messages", [str(exc)]))))
            if result.errors:
                raise _Rollback
    except _Rollback:
        result.saved = result.unchanged = 0
    if isinstance(result.errors, ErrorList):
        result.errors.close(lambda message: (0, message))
    return result


class _Rollback(Exception):
    pass
