"""The Permendagri 86/2017 form "Evaluasi terhadap Hasil Renja/RKPD", filled from the data, as Excel.

Columns as in docs/regulations.md, Evaluation form (the variant without a "Sasaran" column): each value
column 5–15 has K (performance) and Rp (budget). K of columns 8–11 is the indicator's realization
per quarter (monthly values combined by the indicator's accumulation); 12 combines the quarters the
same way (the form's 8+9+10+11 for summed indicators, the last value for a level indicator); 13 is
the achievement by the indicator's polarity; 14 adds the realization up to last year for summed
indicators; 15 is 14 against the final target of the plan. Rp comes from the sub-activities' budgets
(ceilings and money spent) of the node's subtree. Only verified values count. The factor and follow-up
rows under the table come from the agencies' approved narratives (kinerja/monitoring/narratives.py), the
same text the LKjIP prints.
"""

from collections import defaultdict
from decimal import Decimal

from django.db.models import Q
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from kinerja.core.models import Agency, Government
from kinerja.core.spreadsheets import append_row, set_cell, workbook_bytes
from kinerja.monitoring import formulas
from kinerja.monitoring.choices import PeriodKind, RealizationState
from kinerja.monitoring.models import BudgetMonth, Narrative, NarrativeState, Realization
from kinerja.planning.choices import CODED_KINDS
from kinerja.planning.models import Indicator, NomenclatureItem, PlanNode, PlanPeriod, Target

HUNDRED = Decimal(100)
THIN = Side(style="thin", color="999999")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEAD_FILL = PatternFill("solid", fgColor="DDEBF7")
VALUE_COLUMNS = [
    (5, "Target RPJMD pada akhir periode ({end})"),
    (6, "Realisasi capaian kinerja RPJMD s.d. tahun lalu ({prev})"),
    (7, "Target kinerja dan anggaran tahun {year} yang dievaluasi"),
    (8, "Realisasi kinerja triwulan I"),
    (9, "Realisasi kinerja triwulan II"),
    (10, "Realisasi kinerja triwulan III"),
    (11, "Realisasi kinerja triwulan IV"),
    (12, "Realisasi capaian kinerja dan anggaran tahun {year} (12 = 8+9+10+11)"),
    (13, "Tingkat capaian kinerja dan realisasi anggaran tahun {year} (%) (13 = 12/7 x 100)"),
    (14, "Realisasi kinerja dan anggaran RPJMD s.d. tahun {year} (14 = 6 + 12)"),
    (15, "Tingkat capaian kinerja dan realisasi anggaran RPJMD s.d. tahun {year} (%) (15 = 14/5 x 100)"),
]
FOOTER = [
    "Rata-rata capaian kinerja (%)",
    "Predikat kinerja",
    "Faktor pendorong keberhasilan pencapaian",
    "Faktor penghambat pencapaian kinerja",
    "Tindak lanjut yang diperlukan dalam triwulan berikutnya",
    "Tindak lanjut yang diperlukan dalam Renja/RKPD berikutnya",
]


def _col(number: int, sub: int = 0) -> int:
    """The spreadsheet column of form column ``number`` (and its Rp sub-column when ``sub`` is 1)."""
    if number <= 4:
        return number
    if number <= 15:
        return 5 + (number - 5) * 2 + sub
    return 27 + (number - 16)


def _pct(part, whole) -> Decimal | None:
    return part / whole * HUNDRED if part is not None and whole else None


def _quarter(kind: str, number: int) -> int:
    return number if kind == PeriodKind.QUARTER else (number - 1) // 3 + 1


def build(*, user, government: Government, year: int, agency: Agency | None = None) -> bytes:
    """Return the evaluation form of ``year`` for one agency (Renja) or the whole government (RKPD)."""
    period = (
        PlanPeriod.objects.restrict(user, "view")
        .filter(government=government, kind="rpjmd", status="active", start_year__lte=year, end_year__gte=year)
        .first()
    )
    nodes = (
        PlanNode.objects.restrict(user, "view")
        .filter(period=period, kind__in=sorted(CODED_KINDS))
        .select_related("agency")
    )
    if agency is not None:
        nodes = nodes.filter(agency=agency)
    nodes = list(nodes.order_by("path")) if period else []
    node_ids = [n.pk for n in nodes]
    indicators = defaultdict(list)
    for indicator in Indicator.objects.filter(node_id__in=node_ids).order_by("position", "id"):
        indicators[indicator.node_id].append(indicator)
    indicator_ids = [i.pk for values in indicators.values() for i in values]
    annual_targets = {
        (t.indicator_id, t.year): t for t in Target.objects.filter(indicator_id__in=indicator_ids, period_kind="year")
    }
    values: dict[tuple[int, int], dict[int, list]] = defaultdict(lambda: defaultdict(list))
    for indicator_id, y, kind, number, value in (
        Realization.objects.filter(indicator_id__in=indicator_ids, is_current=True, state=RealizationState.VERIFIED)
        .filter(period__year__gte=period.start_year if period else year, period__year__lte=year)
        .order_by("period__ends")
        .values_list("indicator_id", "period__year", "period__kind", "period__number", "value")
    ):
        values[(indicator_id, y)][_quarter(kind, number)].append(value)
    spending = _spending(nodes, year, period)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Evaluasi"
    scope_name = agency.name if agency else government.name
    document = "RENJA PERANGKAT DAERAH" if agency else "RKPD"
    append_row(sheet, [f"EVALUASI TERHADAP HASIL {document} {scope_name.upper()} TAHUN {year}"])
    append_row(
        sheet,
        [
            f"Berdasarkan {period} · Permendagri 86/2017 · nilai terverifikasi"
            if period
            else "Tidak ada RPJMD yang berlaku untuk tahun ini"
        ],
    )
    append_row(sheet, [])
    _header(sheet, year, period)
    bidang = _bidang_names(nodes, government)
    achievements: list[Decimal] = []
    number = 0
    last_bidang = None
    for node in nodes:
        code_bidang = ".".join(node.code.split(".")[:2])
        if code_bidang != last_bidang and code_bidang in bidang:
            append_row(sheet, ["", code_bidang, bidang[code_bidang]])
            for cell in sheet[sheet.max_row]:
                cell.font = Font(bold=True)
            last_bidang = code_bidang
        rows = indicators.get(node.pk) or [None]
        money = spending.get(node.pk, {})
        for position, indicator in enumerate(rows):
            number += 1
            row = [None] * 28
            row[_col(1) - 1] = number
            row[_col(2) - 1] = node.code if position == 0 else ""
            row[_col(3) - 1] = node.title if position == 0 else ""
            row[_col(16) - 1] = node.agency.name if node.agency_id else ""
            if position == 0:
                _money(row, money)
            if indicator is not None:
                achievement = _performance(row, indicator, year, period, annual_targets, values)
                if achievement is not None:
                    achievements.append(achievement)
            append_row(sheet, row)
            level = {"program": 1, "activity": 2, "sub_activity": 3}[node.kind]
            sheet.cell(row=sheet.max_row, column=3).alignment = Alignment(indent=level, wrap_text=True, vertical="top")
            if node.kind == "program":
                for cell in sheet[sheet.max_row]:
                    cell.font = Font(bold=True)
    average = sum(achievements, Decimal(0)) / len(achievements) if achievements else None
    factors = _factors(government, year, agency)
    append_row(sheet, [])
    for label in FOOTER:
        append_row(sheet, ["", "", label])
        sheet.cell(row=sheet.max_row, column=3).font = Font(bold=True)
        if label.startswith("Rata-rata"):
            sheet.cell(row=sheet.max_row, column=_col(13)).value = _num(average)
        elif label.startswith("Predikat"):
            sheet.cell(row=sheet.max_row, column=_col(13)).value = (
                formulas.RATING_LABELS[formulas.rating(average)] if average is not None else "–"
            )
        elif factors.get(label):
            cell = set_cell(sheet, sheet.max_row, _col(5), factors[label])
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            sheet.merge_cells(
                start_row=sheet.max_row, start_column=_col(5), end_row=sheet.max_row, end_column=_col(15, 1)
            )
    _layout(sheet)
    return workbook_bytes(workbook)


# The factor rows of the form, filled from the agencies' approved narratives (kinerja/monitoring/narratives.py).
FACTOR_FIELDS = {
    "Faktor pendorong keberhasilan pencapaian": "drivers",
    "Faktor penghambat pencapaian kinerja": "inhibitors",
    "Tindak lanjut yang diperlukan dalam triwulan berikutnya": "solutions",
    "Tindak lanjut yang diperlukan dalam Renja/RKPD berikutnya": "next_steps",
}


def _factors(government: Government, year: int, agency: Agency | None) -> dict[str, str]:
    """The approved narratives' text for each factor row: per objective, prefixed with the agency for the RKPD."""
    narratives = Narrative.objects.filter(
        government=government, year=year, state=NarrativeState.APPROVED, objective__isnull=False
    ).select_related("agency", "objective")
    if agency is not None:
        narratives = narratives.filter(agency=agency)
    texts: dict[str, list[str]] = defaultdict(list)
    for narrative in narratives.order_by("agency__name", "objective__code", "objective_id"):
        for label, field in FACTOR_FIELDS.items():
            text = getattr(narrative, field)
            if text:
                who = f"{narrative.agency.short_name or narrative.agency.name}, " if agency is None else ""
                texts[label].append(f"[{who}{narrative.objective.title}] {text}")
    return {label: "\n".join(parts) for label, parts in texts.items()}


def _num(value):
    if value is None:
        return None
    return float(formulas.round_percent(value)) if isinstance(value, Decimal) else value


def _header(sheet, year, period):
    first = sheet.max_row + 1
    top = [
        "No",
        "Kode",
        "Urusan/Bidang Urusan Pemerintahan Daerah dan Program/Kegiatan/Sub Kegiatan",
        "Indikator Kinerja Program (outcome)/Kegiatan (output)",
    ]
    append_row(sheet, top + [None] * 24)
    append_row(sheet, [None] * 28)
    append_row(sheet, [None] * 28)
    for number, text in VALUE_COLUMNS:
        cell = sheet.cell(row=first, column=_col(number))
        cell.value = text.format(end=period.end_year if period else "", prev=year - 1, year=year)
        sheet.merge_cells(start_row=first, start_column=_col(number), end_row=first, end_column=_col(number, 1))
        sheet.cell(row=first + 1, column=_col(number)).value = "K"
        sheet.cell(row=first + 1, column=_col(number, 1)).value = "Rp"
    sheet.cell(row=first, column=_col(16)).value = "Perangkat Daerah Penanggung Jawab"
    sheet.cell(row=first, column=_col(17)).value = "Keterangan"
    for column in (1, 2, 3, 4, _col(16), _col(17)):
        sheet.merge_cells(start_row=first, start_column=column, end_row=first + 1, end_column=column)
    for number in range(1, 18):
        sheet.cell(row=first + 2, column=_col(number)).value = number
        if 5 <= number <= 15:
            sheet.merge_cells(
                start_row=first + 2, start_column=_col(number), end_row=first + 2, end_column=_col(number, 1)
            )
    for row in sheet.iter_rows(min_row=first, max_row=first + 2, max_col=28):
        for cell in row:
            cell.font = Font(bold=True)
            cell.fill = HEAD_FILL
            cell.border = BORDER
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    sheet.freeze_panes = sheet.cell(row=first + 3, column=5)


def _layout(sheet):
    sheet.column_dimensions["A"].width = 5
    sheet.column_dimensions["B"].width = 20
    sheet.column_dimensions["C"].width = 48
    sheet.column_dimensions["D"].width = 40
    for column in range(5, 27):
        sheet.column_dimensions[get_column_letter(column)].width = 13
    sheet.column_dimensions[get_column_letter(27)].width = 28
    sheet.column_dimensions[get_column_letter(28)].width = 30
    sheet.cell(row=1, column=1).font = Font(bold=True, size=13)


def _bidang_names(nodes, government) -> dict[str, str]:
    codes = {".".join(n.code.split(".")[:2]) for n in nodes}
    items = NomenclatureItem.objects.filter(version__is_active=True, level="bidang", code__in=codes).filter(
        Q(government_level=government.nomenclature_level) | Q(government_level="all")
    )
    return {item.code: item.name for item in items}


def _spending(nodes, year, period) -> dict[int, dict]:
    """Per node: ceilings and spending of its subtree's sub-activities (this year, the plan's years, before)."""
    if not nodes or period is None:
        return {}
    by_sub: dict[int, dict] = defaultdict(lambda: {"ceiling": {}, "spent": defaultdict(Decimal)})
    rows = BudgetMonth.objects.filter(budget__node__in=[n.pk for n in nodes if n.kind == "sub_activity"]).values_list(
        "budget__node_id", "budget__year", "budget__ceiling", "month", "spent"
    )
    for node_id, y, ceiling, month, spent in rows:
        by_sub[node_id]["ceiling"][y] = ceiling
        if spent is not None:
            by_sub[node_id]["spent"][(y, (month - 1) // 3 + 1)] += spent
    # Each sub-activity's figures are added to itself and every ancestor (read from its path): linear in size.
    result: dict[int, dict] = {}
    for node in nodes:
        figures = by_sub.get(node.pk) if node.kind == "sub_activity" else None
        if figures is None:
            continue
        own = {
            "plan_all": sum(
                (c for y, c in figures["ceiling"].items() if period.start_year <= y <= period.end_year), Decimal(0)
            ),
            "before": sum((v for (y, _q), v in figures["spent"].items() if period.start_year <= y < year), Decimal(0)),
            "ceiling": figures["ceiling"].get(year, Decimal(0)),
            "quarters": [figures["spent"].get((year, q), Decimal(0)) for q in range(1, 5)],
        }
        for ancestor_id in (int(part) for part in node.path.strip("/").split("/")):
            target = result.setdefault(
                ancestor_id,
                {"plan_all": Decimal(0), "before": Decimal(0), "ceiling": Decimal(0), "quarters": [Decimal(0)] * 4},
            )
            for key in ("plan_all", "before", "ceiling"):
                target[key] += own[key]
            target["quarters"] = [a + b for a, b in zip(target["quarters"], own["quarters"], strict=True)]
    return result


def _money(row, money):
    if not money:
        return
    this_year = sum(money["quarters"], Decimal(0))
    row[_col(5, 1) - 1] = float(money["plan_all"])
    row[_col(6, 1) - 1] = float(money["before"])
    row[_col(7, 1) - 1] = float(money["ceiling"])
    for index, amount in enumerate(money["quarters"]):
        row[_col(8 + index, 1) - 1] = float(amount)
    row[_col(12, 1) - 1] = float(this_year)
    row[_col(13, 1) - 1] = _num(_pct(this_year, money["ceiling"]))
    row[_col(14, 1) - 1] = float(money["before"] + this_year)
    row[_col(15, 1) - 1] = _num(_pct(money["before"] + this_year, money["plan_all"]))


def _performance(row, indicator, year, period, annual_targets, values) -> Decimal | None:
    row[_col(4) - 1] = f"{indicator.name} ({indicator.unit})"
    accumulation = indicator.accumulation
    quarters = [formulas.annual_realization(values[(indicator.pk, year)].get(q, []), accumulation) for q in range(1, 5)]
    realized = formulas.annual_realization(quarters, accumulation)
    previous = [
        formulas.annual_realization(
            [formulas.annual_realization(values[(indicator.pk, y)].get(q, []), accumulation) for q in range(1, 5)],
            accumulation,
        )
        for y in range(period.start_year, year)
    ]
    before = formulas.annual_realization(previous, "sum" if accumulation == "sum" else "last")
    target = annual_targets.get((indicator.pk, year))
    achievement = (
        formulas.achievement(
            target=target.value, target_high=target.value_high, realization=realized, polarity=indicator.polarity
        )
        if target is not None and realized is not None
        else None
    )
    to_date = (before or Decimal(0)) + realized if accumulation == "sum" and realized is not None else realized
    final = indicator.final_target
    rpjmd = (
        formulas.achievement(
            target=final, target_high=indicator.final_target_high, realization=to_date, polarity=indicator.polarity
        )
        if final is not None and to_date is not None
        else None
    )
    row[_col(5) - 1] = _num(final)
    row[_col(6) - 1] = _num(before)
    row[_col(7) - 1] = _num(target.value) if target else None
    for index, value in enumerate(quarters):
        row[_col(8 + index) - 1] = _num(value)
    row[_col(12) - 1] = _num(realized)
    row[_col(13) - 1] = _num(achievement)
    row[_col(14) - 1] = _num(to_date)
    row[_col(15) - 1] = _num(rpjmd)
    notes = []
    if achievement is not None:
        notes.append(formulas.RATING_LABELS[formulas.rating(achievement)])
        if formulas.needs_review(achievement):
            notes.append("di atas 150 %: periksa target")
    elif target is not None and target.value == 0:
        notes.append("target 0: capaian tidak dapat dihitung")
    row[_col(17) - 1] = "; ".join(notes)
    return achievement
