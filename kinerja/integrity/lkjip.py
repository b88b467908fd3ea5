"""The annual performance report (LKjIP, PermenPAN-RB 53/2014) of an agency or of the government, from the data.

Its chapters are the regulation's: Bab I Pendahuluan; Bab II Perencanaan Kinerja (the agreement's
objectives, indicators and targets); Bab III Akuntabilitas Kinerja — A. Capaian Kinerja per objective
(target against realization of the year, the years before, the realization against the end target of the
plan, the causes and solutions the agency wrote, the efficiency of the budget against the achievement and
the programs that supported it) and B. Realisasi Anggaran; Bab IV Penutup; the agreement as the annex.

Every figure comes from the achievement engine (``indicator_results``, verified values only) and the
budgets; the narrative parts are the approved narratives (``kinerja.monitoring.narratives``): the agency's in
an agency's report, Bappeda's for the government in the government's. Each indicator with a national standard
is set against it (Bab III A) with its polarity.
The report is always in Indonesian: it is the legal text.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q, Sum
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.text import Truncator

from kinerja.core.models import Agency, Government
from kinerja.core.pdf import render_pdf
from kinerja.integrity.choices import DocumentKind, DocumentState
from kinerja.integrity.content import agreement_rows
from kinerja.integrity.models import SignedDocument
from kinerja.monitoring import formulas, narratives
from kinerja.monitoring.models import Budget, BudgetMonth
from kinerja.monitoring.selectors import IndicatorResult, indicator_results_years, mean
from kinerja.planning.models import Indicator, PlanNode, PlanPeriod

HUNDRED = Decimal(100)


@dataclass
class IndicatorLine:
    result: IndicatorResult
    previous: dict[int, Decimal | None]  # year -> achievement of that year
    previous_realization: dict[int, Decimal | None]
    end_target: Decimal | None
    against_end: Decimal | None  # the year's realization against the plan's end target (%)
    standard: Decimal | None = None  # the national standard recorded on the indicator
    standard_source: str = ""
    against_standard: Decimal | None = None  # the year's realization against it, with the indicator's polarity (%)

    @property
    def rating_label(self) -> str:
        return formulas.RATING_LABELS[self.result.rating] if self.result.rating else "–"

    @property
    def meets_standard(self) -> bool | None:
        """Whether the realization reaches the national standard (higher, lower or equal, as the polarity says)."""
        return None if self.against_standard is None else self.against_standard >= HUNDRED


def _against(value: Decimal | None, realization: Decimal | None, polarity: str, high: Decimal | None = None):
    return formulas.against_reference(reference=value, realization=realization, polarity=polarity, reference_high=high)


@dataclass
class ProgramLine:
    node: PlanNode
    ceiling: Decimal
    spent: Decimal

    @property
    def share(self) -> Decimal | None:
        return _pct(self.spent, self.ceiling)


@dataclass
class ObjectiveSection:
    node: PlanNode
    lines: list[IndicatorLine] = field(default_factory=list)
    programs: list[ProgramLine] = field(default_factory=list)
    narrative: object | None = None

    @property
    def achievement(self) -> Decimal | None:
        return mean(line.result.achievement for line in self.lines)

    @property
    def standard_lines(self) -> list[IndicatorLine]:
        """The indicators with a national standard recorded, for the comparison of Bab III A."""
        return [line for line in self.lines if line.standard is not None]

    @property
    def ceiling(self) -> Decimal:
        return sum((p.ceiling for p in self.programs), Decimal(0))

    @property
    def spent(self) -> Decimal:
        return sum((p.spent for p in self.programs), Decimal(0))

    @property
    def budget_share(self) -> Decimal | None:
        return _pct(self.spent, self.ceiling)

    @property
    def efficiency(self) -> Decimal | None:
        """Achievement per budget realization: above 1, more was achieved than was spent (in shares)."""
        if self.achievement is None or not self.budget_share:
            return None
        return (self.achievement / self.budget_share).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@dataclass
class Report:
    government: Government
    agency: Agency | None
    year: int
    period: PlanPeriod | None
    agreement: SignedDocument | None
    sections: list[ObjectiveSection]
    previous_years: list[int]
    introduction: str
    closing: str
    made: datetime.datetime

    @property
    def institution(self) -> str:
        return self.agency.name if self.agency else self.government.name

    @property
    def achievement(self) -> Decimal | None:
        return mean(line.result.achievement for s in self.sections for line in s.lines)

    @property
    def lines(self) -> list[IndicatorLine]:
        return [line for s in self.sections for line in s.lines]

    @property
    def programs(self) -> list[ProgramLine]:
        return [p for s in self.sections for p in s.programs]

    @property
    def ceiling(self) -> Decimal:
        return sum((p.ceiling for p in self.programs), Decimal(0))

    @property
    def spent(self) -> Decimal:
        return sum((p.spent for p in self.programs), Decimal(0))

    @property
    def budget_share(self) -> Decimal | None:
        return _pct(self.spent, self.ceiling)


def _pct(part, whole) -> Decimal | None:
    if part is None or not whole:
        return None
    return formulas.round_percent(Decimal(part) / Decimal(whole) * HUNDRED)


def _objectives(government: Government, period: PlanPeriod | None, agency: Agency | None) -> list[PlanNode]:
    if period is None:
        return []
    if agency is not None:
        return narratives.agency_objectives(agency)
    return list(PlanNode.objects.filter(period=period, kind="objective").order_by("code", "pk"))


def build(*, government: Government, year: int, agency: Agency | None = None, today=None) -> Report:
    """Gather every figure of the report (a fixed number of queries per report, whatever its size)."""
    period = PlanPeriod.objects.filter(
        government=government, kind="rpjmd", status="active", start_year__lte=year, end_year__gte=year
    ).first()
    objectives = _objectives(government, period, agency)
    objective_ids = {o.pk for o in objectives}
    # The indicators of each objective: its own (reported by the agency, for an agency's report) and those
    # of the agency's programs under it (every agency's, for the government's report).
    indicators = Indicator.objects.filter(node__period=period)
    programs = PlanNode.objects.filter(period=period, kind="program")
    if agency is not None:
        indicators = indicators.filter(
            Q(node_id__in=objective_ids, responsible_agency=agency) | Q(node__kind="program", node__agency=agency)
        )
        programs = programs.filter(agency=agency)
    else:
        indicators = indicators.filter(node_id__in=objective_ids)
    indicators = indicators.select_related("node")
    previous_years = [y for y in (year - 2, year - 1) if period and y >= period.start_year]
    # The year and the two before it in one query (each indicator read once).
    by_year = indicator_results_years(indicators=indicators, years=(year, *previous_years), as_of=today)
    results = by_year[year]
    earlier = {y: by_year[y] for y in previous_years}
    final = {
        pk: rest
        for pk, *rest in indicators.values_list(
            "pk", "final_target", "final_target_high", "national_standard", "national_standard_source"
        )
    }
    program_list = list(programs.order_by("code", "pk"))
    money = _money(period, [p.pk for p in program_list], year)
    if agency is not None:
        approved = narratives.approved([agency.pk], year)
    else:  # the government's own narrative, written by Bappeda
        approved = {(None, k): n for k, n in narratives.government_approved(government.pk, year).items()}
    owner = agency.pk if agency else None
    sections = []
    for objective in objectives:
        marker = f"/{objective.pk}/"
        section = ObjectiveSection(objective, narrative=approved.get((owner, objective.pk)))
        for result in sorted(
            (r for r in results.values() if marker in r.node_path), key=lambda r: (r.node_path, r.indicator_id)
        ):
            end, end_high, standard, source = final.get(result.indicator_id, (None, None, None, ""))
            section.lines.append(
                IndicatorLine(
                    result,
                    {y: earlier[y][result.indicator_id].achievement for y in previous_years},
                    {y: earlier[y][result.indicator_id].realization for y in previous_years},
                    end,
                    _against(end, result.realization, result.polarity, end_high),
                    standard,
                    source,
                    _against(standard, result.realization, result.polarity),
                )
            )
        for program in program_list:
            if marker in program.path:
                ceiling, spent = money.get(program.pk, (Decimal(0), Decimal(0)))
                section.programs.append(ProgramLine(program, ceiling, spent))
        sections.append(section)
    own = approved.get((owner, None))
    kind = DocumentKind.PK_AGENCY if agency else DocumentKind.PK_GOVERNMENT
    agreement = (
        SignedDocument.objects.filter(government=government, agency=agency, year=year, kind=kind, division="")
        .filter(state=DocumentState.IN_FORCE)
        .order_by("-version")
        .first()
    )
    return Report(
        government, agency, year, period, agreement, sections, previous_years,
        own.introduction if own else "", own.closing if own else "", timezone.now(),
    )  # fmt: skip


def _money(period: PlanPeriod | None, program_ids: list[int], year: int) -> dict[int, tuple[Decimal, Decimal]]:
    """The ceiling and the money spent of each program's sub-activities in the year (2 queries).

    A sub-activity belongs to the program whose id is on its path (``/vision/…/program/activity/sub/``)."""
    if period is None or not program_ids:
        return {}
    programs = set(program_ids)
    ceilings: dict[int, Decimal] = defaultdict(Decimal)
    spent: dict[int, Decimal] = defaultdict(Decimal)

    def program_of(path: str) -> int | None:
        return next((pk for pk in map(int, path.strip("/").split("/")) if pk in programs), None)

    budgets = Budget.objects.filter(node__period=period, year=year)
    owner = {}
    for pk, path, ceiling in budgets.values_list("pk", "node__path", "ceiling"):
        program = program_of(path)
        if program is not None:
            owner[pk] = program
            ceilings[program] += ceiling
    for budget_id, total in (
        BudgetMonth.objects.filter(budget__in=budgets)
        .values("budget_id")
        .annotate(total=Sum("spent"))
        .values_list("budget_id", "total")
    ):
        if budget_id in owner:
            spent[owner[budget_id]] += total or Decimal(0)
    return {pk: (ceilings[pk], spent[pk]) for pk in program_ids}


# --- rendering ---------------------------------------------------------------------------------------


def achievement_chart(section: ObjectiveSection) -> str:
    """A horizontal bar per indicator: its achievement, with the 100 % line; SVG drawn here, no script."""
    lines = [line for line in section.lines if line.result.achievement is not None]
    if not lines:
        return ""
    row, label_width, width = 16, 250, 520
    scale = (width - label_width - 50) / Decimal(150)
    height = row * len(lines) + 20
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        'font-family="DejaVu Sans" font-size="8">'
    ]
    for number, line in enumerate(lines):
        y = 4 + number * row
        value = min(line.result.achievement, Decimal(150))
        name = Truncator(line.result.name).chars(48)
        colour = (
            "#2e7d32" if line.result.achievement >= 76 else "#f9a825" if line.result.achievement >= 51 else "#c62828"
        )
        parts.append(f'<text x="0" y="{y + 10}">{escape(name)}</text>')
        parts.append(
            f'<rect x="{label_width}" y="{y + 2}" width="{float(value * scale):.1f}" height="10" fill="{colour}"/>'
        )
        parts.append(
            f'<text x="{label_width + float(value * scale) + 3:.1f}" y="{y + 10}">'
            f"{_id_number(formulas.round_percent(line.result.achievement))} %</text>"
        )
    x = label_width + float(HUNDRED * scale)
    parts.append(f'<line x1="{x:.1f}" y1="0" x2="{x:.1f}" y2="{height - 12}" stroke="#333" stroke-dasharray="3,2"/>')
    parts.append(f'<text x="{x - 10:.1f}" y="{height - 2}">100 %</text>')
    parts.append("</svg>")
    return "".join(parts)


def _id_number(value) -> str:
    from kinerja.core.numbers import format_number

    with translation.override("id"):
        return format_number(value)


def render(report: Report) -> bytes:
    """The report as PDF (A4, Indonesian)."""
    with translation.override("id"):
        return render_pdf(
            "integrity/pdf/lkjip.html",
            {
                "r": report,
                "charts": {s.node.pk: achievement_chart(s) for s in report.sections},
                "agreement_rows": agreement_rows(report.agreement),
                "rating": formulas.RATING_LABELS[formulas.rating(report.achievement)] if report.achievement else "–",
            },
        )


def render_docx(report: Report) -> bytes:
    """The report as a word-processor document (DOCX) with the same chapters and figures, for agencies that
    edit the final text before it is issued."""
    import io

    from docx import Document
    from docx.shared import Pt

    with translation.override("id"):
        document = Document()
        document.styles["Normal"].font.size = Pt(10)
        document.add_heading(f"Laporan Kinerja Instansi Pemerintah (LKjIP) Tahun {report.year}", level=0)
        document.add_paragraph(report.institution)
        document.add_heading("Bab I Pendahuluan", level=1)
        document.add_paragraph(
            f"Laporan Kinerja ini disusun sebagai wujud pertanggungjawaban {report.institution} atas pelaksanaan "
            f"Perjanjian Kinerja Tahun {report.year} (Perpres 29/2014, PermenPAN-RB 53/2014)."
        )
        document.add_paragraph(report.introduction or "[Uraian pendahuluan]")
        document.add_heading("Bab II Perencanaan Kinerja", level=1)
        rows = agreement_rows(report.agreement)
        if rows:
            _docx_agreement(document, rows)
        else:
            document.add_paragraph(
                f"Perjanjian Kinerja Tahun {report.year} belum berlaku (belum ditandatangani kedua pihak)."
            )
        document.add_heading("Bab III Akuntabilitas Kinerja", level=1)
        document.add_heading("A. Capaian Kinerja", level=2)
        for number, section in enumerate(report.sections, start=1):
            document.add_heading(f"Sasaran {number}: {section.node.title}", level=3)
            _docx_table(
                document,
                ["Indikator", f"Target {report.year}", f"Realisasi {report.year}", "Capaian (%)",
                 *[f"Capaian {y} (%)" for y in report.previous_years], "Target akhir RPJMD"],
                [[f"{line.result.name} ({line.result.unit})", _id_number(line.result.target),
                  _id_number(line.result.realization), _id_number(_round(line.result.achievement)),
                  *[_id_number(_round(line.previous[y])) for y in report.previous_years], _id_number(line.end_target)]
                 for line in section.lines],
            )  # fmt: skip
            if section.standard_lines:
                document.add_paragraph("Perbandingan dengan standar nasional:")
                _docx_table(
                    document,
                    ["Indikator", f"Realisasi {report.year}", "Standar nasional", "Sumber", "Perbandingan (%)",
                     "Keterangan"],
                    [[f"{line.result.name} ({line.result.unit})", _id_number(line.result.realization),
                      _id_number(line.standard), line.standard_source or "–",
                      _id_number(_round(line.against_standard)), _standard_verdict(line)]
                     for line in section.standard_lines],
                )  # fmt: skip
            else:
                document.add_paragraph(
                    "Perbandingan dengan standar nasional: belum ada standar nasional yang tercatat untuk "
                    "indikator sasaran ini."
                )
            narrative = section.narrative
            for label, name in (
                ("Faktor pendorong keberhasilan", "drivers"), ("Faktor penghambat", "inhibitors"),
                ("Solusi yang telah dilakukan", "solutions"), ("Tindak lanjut", "next_steps"),
            ):  # fmt: skip
                document.add_paragraph(f"{label}: {getattr(narrative, name) if narrative else '[…]'}")
            document.add_paragraph(
                f"Efisiensi: realisasi anggaran {_id_number(section.budget_share)} % untuk capaian "
                f"{_id_number(_round(section.achievement))} %."
            )
        document.add_heading("B. Realisasi Anggaran", level=2)
        _docx_table(
            document, ["Program", "Pagu (Rp)", "Realisasi (Rp)", "%"],
            [[f"{p.node.code} {p.node.title}", _id_number(p.ceiling), _id_number(p.spent), _id_number(p.share)]
             for p in report.programs],
        )  # fmt: skip
        document.add_heading("Bab IV Penutup", level=1)
        document.add_paragraph(report.closing or "[Uraian penutup]")
        document.add_heading(f"Lampiran: Perjanjian Kinerja Tahun {report.year}", level=1)
        if report.agreement:
            document.add_paragraph(
                f"{report.agreement.get_kind_display()}, versi {report.agreement.version}, kode verifikasi "
                f"{report.agreement.code}."
            )
            _docx_agreement(document, rows)
        else:
            document.add_paragraph("Belum ada Perjanjian Kinerja yang berlaku.")
        buffer = io.BytesIO()
        document.save(buffer)
        return buffer.getvalue()


def _standard_verdict(line: IndicatorLine) -> str:
    if line.meets_standard is None:
        return "belum ada realisasi terverifikasi"
    return "memenuhi standar" if line.meets_standard else "belum memenuhi standar"


def _round(value):
    return formulas.round_percent(value) if value is not None else None


def _docx_agreement(document, rows: list[dict]) -> None:
    """The agreement's rows as the signed annex numbers them (a node's number and title on its first row)."""
    _docx_table(
        document, ["No", "Sasaran / program", "Indikator", "Target", "Satuan"],
        [[row["number"] if row["first"] else "", f"{row['code']} {row['title']}".strip() if row["first"] else "",
          row["indicator"], row["target_text"], row["unit"]] for row in rows],
    )  # fmt: skip


def _docx_table(document, header: list[str], rows: list[list]) -> None:
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
    for row in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            cell.text = "" if value is None else str(value)
