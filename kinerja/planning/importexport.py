"""Excel import and export of a plan: nodes with codes, indicators and annual targets.

The same workbook layout serves as template, export and import, so an export can be edited and
imported back. An import is all-or-nothing: every row is validated through the services inside one
transaction, and any error rolls the whole import back and is reported with its sheet and row.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from kinerja.core import audit
from kinerja.core.models import Agency
from kinerja.core.numbers import parse_integer, parse_number
from kinerja.core.spreadsheets import (
    ErrorList,
    append_row,
    header,
    open_workbook,
    sheet_rows,
    workbook_bytes,
)
from kinerja.planning import services
from kinerja.planning.choices import (
    CODED_KINDS,
    NODE_KIND_ORDER,
    Accumulation,
    Frequency,
    IndicatorType,
    NodeKind,
    Polarity,
    TargetPeriod,
)
from kinerja.planning.codes import normalize_code
from kinerja.planning.models import Indicator, PlanNode, PlanPeriod, Target

NODES_SHEET = "Simpul"
INDICATORS_SHEET = "Indikator"
HELP_SHEET = "Petunjuk"

NODE_COLUMNS = ["jenis", "kode", "kode_induk", "opd", "uraian", "keterangan"]
INDICATOR_BASE_COLUMNS = [
    "kode_simpul",
    "opd",
    "indikator",
    "satuan",
    "polaritas",
    "tipe",
    "frekuensi",
    "akumulasi",
    "baseline",
    "tahun_baseline",
    "desimal",
    "iku",
    "definisi",
    "sumber_data",
    "opd_penanggung_jawab",
]

KIND_WORDS = {
    "visi": NodeKind.VISION,
    "misi": NodeKind.MISSION,
    "tujuan": NodeKind.GOAL,
    "sasaran": NodeKind.OBJECTIVE,
    "program": NodeKind.PROGRAM,
    "kegiatan": NodeKind.ACTIVITY,
    "sub_kegiatan": NodeKind.SUB_ACTIVITY,
    "sub kegiatan": NodeKind.SUB_ACTIVITY,
    **{k.value: k for k in NodeKind},
}
KIND_TO_WORD = {
    NodeKind.VISION: "visi",
    NodeKind.MISSION: "misi",
    NodeKind.GOAL: "tujuan",
    NodeKind.OBJECTIVE: "sasaran",
    NodeKind.PROGRAM: "program",
    NodeKind.ACTIVITY: "kegiatan",
    NodeKind.SUB_ACTIVITY: "sub_kegiatan",
}
POLARITY_WORDS = {
    "positif": Polarity.POSITIVE,
    "negatif": Polarity.NEGATIVE,
    "rentang": Polarity.RANGE,
    **{p.value: p for p in Polarity},
}
TYPE_WORDS = {
    "outcome": IndicatorType.OUTCOME,
    "output": IndicatorType.OUTPUT,
    "proses": IndicatorType.PROCESS,
    "process": IndicatorType.PROCESS,
}
FREQUENCY_WORDS = {
    "bulanan": Frequency.MONTHLY,
    "triwulanan": Frequency.QUARTERLY,
    "semesteran": Frequency.SEMESTER,
    "tahunan": Frequency.ANNUAL,
    **{f.value: f for f in Frequency},
}
ACCUMULATION_WORDS = {
    "jumlah": Accumulation.SUM,
    "terakhir": Accumulation.LAST,
    "rata-rata": Accumulation.AVERAGE,
    "maksimum": Accumulation.MAX,
    **{a.value: a for a in Accumulation},
}
YES = {"ya", "y", "yes", "1", "true", "iku"}
NO = {"", "tidak", "t", "no", "0", "false"}


def _reverse(words: dict) -> dict:
    result = {}
    for word, value in words.items():
        result.setdefault(value, word)
    return result


def indicator_columns(period: PlanPeriod) -> list[str]:
    years = []
    for year in period.years:
        years += [f"target_{year}", f"target_{year}_atas"]
    return INDICATOR_BASE_COLUMNS + years + ["target_akhir", "target_akhir_atas"]


# --- export -----------------------------------------------------------------------------------------


def _header(sheet, columns):
    append_row(sheet, columns)
    for cell in sheet[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="1F4E79")
    sheet.freeze_panes = "A2"
    for index, name in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = (
            60 if name in ("uraian", "indikator", "definisi") else 16
        )


def _help_sheet(workbook: Workbook, period: PlanPeriod) -> None:
    sheet = workbook.create_sheet(HELP_SHEET)
    lines = [
        [_("Kinerja plan workbook"), str(period)],
        [],
        [_("Sheet"), _("What it holds")],
        [
            NODES_SHEET,
            _(
                "One row per node. kode_induk is the parent's code; opd is the agency code (empty for the shared RPJMD levels)."
            ),
        ],
        [INDICATORS_SHEET, _("One row per indicator, attached to the node with kode_simpul (and opd).")],
        [],
        ["jenis", ", ".join(KIND_TO_WORD.values())],
        ["polaritas", "positif, negatif, rentang"],
        ["tipe", "outcome, output, proses"],
        ["frekuensi", "bulanan, triwulanan, semesteran, tahunan"],
        ["akumulasi", "jumlah, terakhir, rata-rata, maksimum"],
        ["iku", "ya / tidak"],
        [
            _("numbers"),
            _(
                "Number cells as they are; numbers typed as text with a decimal comma and thousands dots "
                "(1.234,5), never 1.600 (write 1600 or 1,6); the columns *_atas are the upper bound, "
                "for range indicators only."
            ),
        ],
        [_("import"), _("All rows are checked; if any row has an error nothing is saved and every error is listed.")],
    ]
    for line in lines:
        append_row(sheet, line)
    sheet.column_dimensions["A"].width = 18
    sheet.column_dimensions["B"].width = 110


def _number(value: Decimal | None):
    if value is None:
        return None
    value = value.normalize()
    return int(value) if value == value.to_integral_value() else float(value)


def build_workbook(*, period: PlanPeriod, nodes=None, indicators=None) -> bytes:
    """Return the workbook for ``period`` with the given nodes and indicators (none: the empty template)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = NODES_SHEET
    _header(sheet, NODE_COLUMNS)
    node_by_id = {}
    for node in nodes or []:
        node_by_id[node.pk] = node
    for node in nodes or []:
        parent = node_by_id.get(node.parent_id)
        append_row(
            sheet,
            [
                KIND_TO_WORD[node.kind],
                node.code,
                parent.code if parent else "",
                node.agency.code if node.agency_id else "",
                node.title,
                node.description,
            ],
        )
    indicator_sheet = workbook.create_sheet(INDICATORS_SHEET)
    columns = indicator_columns(period)
    _header(indicator_sheet, columns)
    polarity_words, frequency_words, accumulation_words = (
        _reverse(POLARITY_WORDS),
        _reverse(FREQUENCY_WORDS),
        _reverse(ACCUMULATION_WORDS),
    )
    type_words = {IndicatorType.OUTCOME: "outcome", IndicatorType.OUTPUT: "output", IndicatorType.PROCESS: "proses"}
    for indicator in indicators or []:
        annual = {t.year: t for t in indicator.targets.all() if t.period_kind == "year"}
        row = [
            indicator.node.code,
            indicator.node.agency.code if indicator.node.agency_id else "",
            indicator.name,
            indicator.unit,
            polarity_words[indicator.polarity],
            type_words[indicator.indicator_type],
            frequency_words[indicator.frequency],
            accumulation_words[indicator.accumulation],
            _number(indicator.baseline),
            indicator.baseline_year,
            indicator.precision,
            "ya" if indicator.is_key else "tidak",
            indicator.definition,
            indicator.data_source,
            indicator.responsible_agency.code if indicator.responsible_agency_id else "",
        ]
        for year in period.years:
            target = annual.get(year)
            row += [_number(target.value) if target else None, _number(target.value_high) if target else None]
        row += [_number(indicator.final_target), _number(indicator.final_target_high)]
        append_row(indicator_sheet, row)
    _help_sheet(workbook, period)
    return workbook_bytes(workbook)


def export_plan(*, user, period: PlanPeriod, agency: Agency | None = None) -> bytes:
    """Export what the user may see of ``period`` (optionally one agency's part) in the import layout."""
    from django.db.models import Prefetch

    from kinerja.planning.models import Target

    nodes = PlanNode.objects.restrict(user, "view").filter(period=period).select_related("agency")
    if agency is not None:
        nodes = nodes.filter(agency=agency)
    nodes = list(nodes.order_by("path"))
    # Parents first, in tree order (path sorts as text, so sort by the kind level then path).
    nodes.sort(key=lambda n: (NODE_KIND_ORDER.index(n.kind), n.path))
    indicators = (
        list(
            Indicator.objects.restrict(user, "view")
            .filter(node__in=[n.pk for n in nodes])
            .select_related("node__agency", "responsible_agency")
            .prefetch_related(Prefetch("targets", queryset=Target.objects.order_by("year")))
            .order_by("node__path", "position", "id")
        )
        if nodes
        else []
    )
    return build_workbook(period=period, nodes=nodes, indicators=indicators)


# --- import -----------------------------------------------------------------------------------------


@dataclass
class RowError:
    sheet: str
    row: int
    message: str


@dataclass
class ImportResult:
    errors: list[RowError] = field(default_factory=ErrorList)
    nodes_created: int = 0
    nodes_updated: int = 0
    indicators_created: int = 0
    indicators_updated: int = 0
    targets_set: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


class _Rollback(Exception):
    pass


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _messages(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        if hasattr(exc, "error_dict"):
            return "; ".join(f"{' '.join(str(m) for m in msgs)}" for _field, msgs in exc.message_dict.items())
        return "; ".join(exc.messages)
    return str(exc)


def _rows(sheet, expected: list[str], result: "ImportResult"):
    """Yield (row number, values by column) of the filled rows; a formula cell is an error of its row."""
    names = header(sheet)
    missing = [c for c in expected if c not in names]
    if missing:
        raise ValidationError(
            _("Sheet %(sheet)s lacks the columns: %(columns)s") % {"sheet": sheet.title, "columns": ", ".join(missing)}
        )
    index = {name: names.index(name) for name in expected}
    for number, values, problems in sheet_rows(sheet):
        if problems:
            result.errors.append(RowError(sheet.title, number, " ".join(problems)))
            continue
        if all(v is None or _text(v) == "" for v in values):
            continue
        yield number, {name: (values[i] if i < len(values) else None) for name, i in index.items()}


def import_plan(*, user, period: PlanPeriod, data: bytes, filename: str = "") -> ImportResult:
    """Import nodes, indicators and targets into ``period``; on any error nothing is saved."""
    result = ImportResult()
    try:
        workbook = open_workbook(data, name=filename)
    except ValidationError as exc:
        result.errors.append(RowError("-", 0, _messages(exc)))
        return result
    for name in (NODES_SHEET, INDICATORS_SHEET):
        if name not in workbook.sheetnames:
            result.errors.append(RowError(name, 0, _("The workbook has no sheet named %(sheet)s.") % {"sheet": name}))
    if result.errors:
        return result
    agencies = {a.code: a for a in Agency.objects.filter(government_id=period.government_id)}
    try:
        with audit.audit_context(reason=_("Excel import %(file)s") % {"file": filename}), transaction.atomic():
            _import_nodes(user, period, workbook[NODES_SHEET], agencies, result)
            _import_indicators(user, period, workbook[INDICATORS_SHEET], agencies, result)
            if result.errors:
                raise _Rollback
            audit.record_event(
                action="import",
                obj=period,
                after={
                    "file": filename,
                    "nodes_created": result.nodes_created,
                    "nodes_updated": result.nodes_updated,
                    "indicators_created": result.indicators_created,
                    "indicators_updated": result.indicators_updated,
                    "targets_set": result.targets_set,
                },
            )
    except _Rollback:
        pass
    except ValidationError as exc:
        result.errors.append(RowError("-", 0, _messages(exc)))
    finally:
        workbook.close()
    result.errors.close(lambda message: RowError("-", 0, message))
    return result


def _find_node(period, code: str, agency: Agency | None, kinds=None) -> PlanNode | None:
    nodes = PlanNode.objects.filter(period=period, code=code).select_related("agency", "period__government")
    if kinds:
        nodes = nodes.filter(kind__in=kinds)
    if agency is not None:
        found = nodes.filter(agency=agency).first()
        if found is not None:
            return found
    return nodes.filter(agency__isnull=True).first()


def _import_nodes(user, period, sheet, agencies, result: ImportResult) -> None:
    rows = []
    for number, row in _rows(sheet, NODE_COLUMNS, result):
        kind = KIND_WORDS.get(_text(row["jenis"]).lower())
        if kind is None:
            result.errors.append(
                RowError(sheet.title, number, _("Unknown kind %(kind)s.") % {"kind": _text(row["jenis"]) or "''"})
            )
            continue
        rows.append((NODE_KIND_ORDER.index(kind), number, kind, row))
    # Parents first, whatever the order of the rows.
    for _rank, number, kind, row in sorted(rows, key=lambda r: (r[0], r[1])):
        agency_code = _text(row["opd"]).lower()
        agency = agencies.get(agency_code) if agency_code else None
        if agency_code and agency is None:
            result.errors.append(
                RowError(sheet.title, number, _("Unknown agency code %(code)s.") % {"code": agency_code})
            )
            continue
        code = normalize_code(_text(row["kode"])) if kind in CODED_KINDS else _text(row["kode"])
        parent = None
        if kind != NodeKind.VISION:
            parent_code = _text(row["kode_induk"])
            parent_kind = NODE_KIND_ORDER[NODE_KIND_ORDER.index(kind) - 1]
            parent = _find_node(
                period,
                normalize_code(parent_code) if parent_kind in CODED_KINDS else parent_code,
                agency,
                [parent_kind],
            )
            if parent is None:
                result.errors.append(
                    RowError(
                        sheet.title,
                        number,
                        _("Parent %(code)s (%(kind)s) not found in this plan or earlier rows.")
                        % {"code": parent_code or "''", "kind": KIND_TO_WORD[parent_kind]},
                    )
                )
                continue
        title = _text(row["uraian"])
        description = _text(row["keterangan"])
        existing = _find_node(period, code, agency, [kind]) if code else None
        if existing is not None and existing.agency_id != (agency.pk if agency else None):
            existing = None
        try:
            with transaction.atomic():
                if existing is None:
                    services.node_create(
                        user=user,
                        period=period,
                        parent=parent,
                        kind=kind,
                        code=code,
                        title=title,
                        agency=agency,
                        description=description,
                    )
                    result.nodes_created += 1
                else:
                    # A sheet carries no versions: the import edits the rows at the version it just read.
                    version = existing.lock_version
                    if existing.parent_id != (parent.pk if parent else None):
                        version = services.node_move(
                            user=user, node=existing, parent=parent, expected_version=version
                        ).lock_version
                    node = services.node_update(
                        user=user,
                        node=existing,
                        data={"title": title, "description": description},
                        expected_version=version,
                    )
                    if node.lock_version != existing.lock_version:
                        result.nodes_updated += 1
        except (ValidationError, PermissionDenied) as exc:
            result.errors.append(RowError(sheet.title, number, _messages(exc)))


def _choice(row, column, words, errors, default=None):
    text = _text(row[column]).lower()
    if not text and default is not None:
        return default
    if text not in words:
        errors.append(
            _("%(column)s: %(value)s is not one of %(allowed)s.")
            % {"column": column, "value": text or "''", "allowed": ", ".join(sorted({w for w in words if w.isascii()}))}
        )
        return None
    return words[text]


def _number_cell(row, column, errors, reader=parse_number):
    """A number cell is taken as the number it is; a text cell is read as the forms read it (1.600 refused)."""
    try:
        return reader(row[column])
    except ValidationError as exc:
        errors.append(f"{column}: {' '.join(exc.messages)}")
        return None


def _import_indicators(user, period, sheet, agencies, result: ImportResult) -> None:
    columns = indicator_columns(period)
    for number, row in _rows(sheet, columns, result):
        problems: list[str] = []
        agency_code = _text(row["opd"]).lower()
        agency = agencies.get(agency_code) if agency_code else None
        if agency_code and agency is None:
            problems.append(_("Unknown agency code %(code)s.") % {"code": agency_code})
        node_code = _text(row["kode_simpul"])
        node = _find_node(period, normalize_code(node_code), agency) or _find_node(period, node_code, agency)
        if node is None:
            problems.append(_("Node %(code)s not found in this plan.") % {"code": node_code or "''"})
        name = _text(row["indikator"])
        if not name:
            problems.append(_("The indicator has no name."))
        data = {
            "name": name,
            "unit": _text(row["satuan"]),
            "polarity": _choice(row, "polaritas", POLARITY_WORDS, problems, Polarity.POSITIVE),
            "indicator_type": _choice(row, "tipe", TYPE_WORDS, problems),
            "frequency": _choice(row, "frekuensi", FREQUENCY_WORDS, problems, Frequency.ANNUAL),
            "accumulation": _choice(row, "akumulasi", ACCUMULATION_WORDS, problems, Accumulation.LAST),
            "baseline": _number_cell(row, "baseline", problems),
            "definition": _text(row["definisi"]),
            "data_source": _text(row["sumber_data"]),
            "final_target": _number_cell(row, "target_akhir", problems),
            "final_target_high": _number_cell(row, "target_akhir_atas", problems),
        }
        if not data["unit"]:
            problems.append(_("satuan: the unit is required."))
        data["baseline_year"] = _number_cell(row, "tahun_baseline", problems, parse_integer)
        precision = _number_cell(row, "desimal", problems, parse_integer)
        data["precision"] = precision if precision is not None else 2
        key = _text(row["iku"]).lower()
        if key not in YES | NO:
            problems.append(_("iku: write ya or tidak."))
        data["is_key"] = key in YES
        responsible = _text(row["opd_penanggung_jawab"]).lower()
        data["responsible_agency_id"] = None
        if responsible:
            if responsible not in agencies:
                problems.append(_("Unknown responsible agency code %(code)s.") % {"code": responsible})
            else:
                data["responsible_agency_id"] = agencies[responsible].pk
        targets = {}
        for year in period.years:
            targets[year] = (
                _number_cell(row, f"target_{year}", problems),
                _number_cell(row, f"target_{year}_atas", problems),
            )
        if problems:
            result.errors.append(RowError(sheet.title, number, "; ".join(problems)))
            continue
        try:
            with transaction.atomic():
                indicator = Indicator.objects.filter(node=node, name=name).first()
                if indicator is None:
                    indicator = services.indicator_create(user=user, node=node, **data)
                    result.indicators_created += 1
                else:
                    before = indicator.lock_version
                    indicator = services.indicator_update(
                        user=user, indicator=indicator, data=data, expected_version=before
                    )
                    if indicator.lock_version != before:
                        result.indicators_updated += 1
                for year, (value, high) in targets.items():
                    if value is None and high is None:
                        continue
                    current = (
                        Target.objects.filter(
                            indicator=indicator, year=year, period_kind=TargetPeriod.YEAR, period_no=0
                        )
                        .values_list("lock_version", flat=True)
                        .first()
                    )
                    services.target_set(
                        user=user,
                        indicator=indicator,
                        year=year,
                        value=value,
                        value_high=high,
                        expected_version=current,
                    )
                    result.targets_set += 1
        except (ValidationError, PermissionDenied) as exc:
            result.errors.append(RowError(sheet.title, number, _messages(exc)))
