"""Excel files of a survey: the raw data (every questionnaire, one row each) and the paper-questionnaire
sheet officers fill in and import (all or nothing, with the errors of every row)."""

from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.datavalidation import DataValidation

from kinerja.core import audit
from kinerja.core.access import require
from kinerja.core.spreadsheets import ErrorList, append_row, open_workbook, sheet_rows, workbook_bytes
from kinerja.core.spreadsheets import header as read_header
from kinerja.satisfaction import selectors, services
from kinerja.satisfaction.choices import Channel, Education, Gender, Occupation
from kinerja.satisfaction.models import Answer, Response, Survey
from kinerja.satisfaction.permissions import SATISFACTION

PAPER_SHEET = "Kuesioner"
PROFILE_COLUMNS = ["layanan", "jenis_kelamin", "umur", "pendidikan", "pekerjaan"]
PAPER_MAX_ROWS = 5000


def _bold_header(sheet, headers: list[str]) -> None:
    append_row(sheet, headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"


def raw_data_workbook(survey: Survey) -> bytes:
    """Every questionnaire of the survey, one row each, streamed (constant memory whatever the size), and the
    results per element on a second sheet."""
    elements = list(survey.method.elements.all())
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Data")
    append_row(
        sheet,
        ["no", "tanggal", "saluran", "layanan", "jenis_kelamin", "umur", "pendidikan", "pekerjaan"]
        + [f"{e.code} {e.name}" for e in elements]
        + ["saran", "status_saran"],
    )
    services_by_id = dict(survey.services.values_list("pk", "name"))
    answers = (
        Answer.objects.filter(survey=survey)
        .order_by("response_id")
        .values_list("response_id", "element_id", "score")
        .iterator(chunk_size=5000)
    )
    pending = next(answers, None)
    responses = (
        Response.objects.filter(survey=survey)
        .order_by("pk")
        .values_list(
            "pk",
            "created",
            "channel",
            "service_id",
            "gender",
            "age",
            "education",
            "occupation",
            "suggestion",
            "suggestion_status",
        )  # fmt: skip
        .iterator(chunk_size=5000)
    )
    for number, (pk, created, channel, service_id, gender, age, education, occupation, suggestion, status) in enumerate(
        responses, start=1
    ):
        scores = {}
        while pending is not None and pending[0] <= pk:
            if pending[0] == pk:
                scores[pending[1]] = pending[2]
            pending = next(answers, None)
        append_row(
            sheet,
            [number, created.date(), channel, services_by_id.get(service_id, ""), gender, age, education, occupation]
            + [scores.get(e.pk) for e in elements]
            + [suggestion, status if suggestion else ""],
        )
    result = selectors.ikm_of(Survey.objects.filter(pk=survey.pk), method=survey.method.weight_rule)
    summary = workbook.create_sheet("Hasil")
    append_row(summary, [str(survey.service_unit), survey.period_label, survey.method.name])
    append_row(summary, ["unsur", "nama", "NRR", "IKM unsur"])
    for element in elements:
        append_row(
            summary, [element.code, element.name, result.nrr.get(element.code), result.element_index.get(element.code)]
        )
    append_row(summary, [])
    append_row(summary, ["IKM", result.index, result.grade, result.label])
    append_row(summary, ["responden", result.respondents, "sampel minimum", survey.minimum_sample])
    return workbook_bytes(workbook)


def paper_template(survey: Survey) -> bytes:
    """The sheet to type paper questionnaires into, with the allowed values on a second sheet."""
    elements = list(survey.method.elements.all())
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = PAPER_SHEET
    _bold_header(sheet, PROFILE_COLUMNS + [e.code for e in elements] + ["saran"])
    names = list(survey.services.values_list("name", flat=True))
    help_sheet = workbook.create_sheet("Petunjuk")
    append_row(help_sheet, [_("Fill one row per paper questionnaire. Leave an unanswered question blank.")])
    append_row(help_sheet, [])
    append_row(help_sheet, ["kolom", "isian"])
    append_row(help_sheet, ["layanan", "; ".join(names)])
    append_row(help_sheet, ["jenis_kelamin", "; ".join(f"{v} = {label}" for v, label in Gender.choices)])
    append_row(help_sheet, ["umur", _("a whole number, 15–100")])
    append_row(help_sheet, ["pendidikan", "; ".join(f"{v} = {label}" for v, label in Education.choices)])
    append_row(help_sheet, ["pekerjaan", "; ".join(f"{v} = {label}" for v, label in Occupation.choices)])
    for element in elements:
        labels = "; ".join(f"{score} = {label}" for score, label in element.labels)
        append_row(help_sheet, [element.code, f"{element.name}: {element.question} ({labels})"])
    help_sheet.column_dimensions["B"].width = 120
    last = len(PROFILE_COLUMNS) + len(elements)
    scores = DataValidation(type="whole", operator="between", formula1="1", formula2="4", allow_blank=True)
    scores.error = _("A score is 1, 2, 3 or 4.")
    sheet.add_data_validation(scores)
    first_letter = sheet.cell(row=1, column=len(PROFILE_COLUMNS) + 1).column_letter
    last_letter = sheet.cell(row=1, column=last).column_letter
    scores.add(f"{first_letter}2:{last_letter}{PAPER_MAX_ROWS + 1}")
    return workbook_bytes(workbook)


@dataclass
class PaperImportResult:
    errors: list[tuple[int, str]] = field(default_factory=ErrorList)
    saved: int = 0
    checked: list = field(default_factory=list, repr=False)

    @property
    def ok(self) -> bool:
        return not self.errors


def _lookup(choices) -> dict[str, str]:
    """Accept the code or the label of a choice (Indonesian or English), in any case."""
    table = {}
    for language in ("en", "id"):
        with translation.override(language):
            for value, label in choices:
                table[str(value).lower()] = value
                table[str(label).lower()] = value
    return table


def import_paper(*, user, survey: Survey, data: bytes, filename: str = "") -> PaperImportResult:
    """Check every row of a filled paper sheet; save all of them in one transaction, or none when any row is wrong."""
    require(user, "add", survey.service_unit, area=SATISFACTION)
    result = PaperImportResult()
    why = services.survey_accepts(survey, channel=Channel.PAPER)
    if why:
        result.errors.append((0, why))
        return result
    if len(data) > settings.IMPORT_MAX_BYTES:
        result.errors.append((0, _("The file is larger than %(mb)s MB.") % {"mb": settings.IMPORT_MAX_BYTES >> 20}))
        return result
    try:
        workbook = open_workbook(data, name=filename)
    except ValidationError as error:
        result.errors.append((0, " ".join(error.messages)))
        return result
    try:
        _check_paper(workbook, survey, result)
    except ValidationError as error:  # more rows than a file may hold
        result.errors.append((0, " ".join(error.messages)))
    finally:
        workbook.close()
    result.errors.close(lambda message: (0, message))
    if result.errors:
        return result
    _save_paper(survey, result, filename)
    return result


def _check_paper(workbook, survey: Survey, result: PaperImportResult) -> None:
    """Check every row of the paper sheet, collecting the cleaned rows in ``result.checked``."""
    if PAPER_SHEET not in workbook.sheetnames:
        result.errors.append((0, _("The workbook has no sheet named %(sheet)s.") % {"sheet": PAPER_SHEET}))
        return
    elements = list(survey.method.elements.all())
    sheet = workbook[PAPER_SHEET]
    header = read_header(sheet)
    wanted = PROFILE_COLUMNS + [e.code.lower() for e in elements]
    missing = [c for c in wanted if c not in header]
    if missing:
        result.errors.append((0, _("The sheet lacks the columns: %(columns)s") % {"columns": ", ".join(missing)}))
        return
    index = {name: header.index(name) for name in wanted + (["saran"] if "saran" in header else [])}
    services_by_name = {s.name.lower(): s.pk for s in survey.services.all()}
    genders, educations, occupations = _lookup(Gender.choices), _lookup(Education.choices), _lookup(Occupation.choices)

    def text(value) -> str:
        if value is None:
            return ""
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return str(value).strip()

    checked = result.checked
    for number, values, problems in sheet_rows(sheet, max_rows=PAPER_MAX_ROWS):
        if problems:
            result.errors.append((number, " ".join(problems)))
            continue
        if all(text(v) == "" for v in values):
            continue
        cell = {name: text(values[i]) if i < len(values) else "" for name, i in index.items()}
        service_name = cell["layanan"].lower()
        row = {
            "service": services_by_name.get(service_name, "") if service_name else "",
            "gender": genders.get(cell["jenis_kelamin"].lower(), cell["jenis_kelamin"] or None),
            "age": cell["umur"],
            "education": educations.get(cell["pendidikan"].lower(), cell["pendidikan"] or None),
            "occupation": occupations.get(cell["pekerjaan"].lower(), cell["pekerjaan"] or None),
            "suggestion": cell.get("saran", ""),
            "scores": {e.code: cell[e.code.lower()] for e in elements if cell[e.code.lower()] != ""},
        }
        try:
            clean = services.clean_response(survey, elements, row, require_all=False)
        except ValidationError as error:
            messages = "; ".join(f"{_column(key)}: {' '.join(texts)}" for key, texts in error.message_dict.items())
            result.errors.append((number, messages))
            continue
        if not clean.scores:
            result.errors.append((number, _("No question is answered.")))
            continue
        checked.append(clean)
    if not result.errors and not checked:
        result.errors.append((0, _("The sheet has no filled row.")))


def _save_paper(survey: Survey, result: PaperImportResult, filename: str) -> None:
    checked = result.checked
    with transaction.atomic():
        created = Response.objects.bulk_create(
            [
                Response(
                    survey=survey,
                    service_id=c.service,
                    gender=c.gender,
                    age=c.age,
                    education=c.education,
                    occupation=c.occupation,
                    suggestion=c.suggestion,
                    channel=Channel.PAPER,
                )  # fmt: skip
                for c in checked
            ],
            batch_size=500,
        )
        Answer.objects.bulk_create(
            [
                Answer(response=response, survey=survey, element_id=pk, score=score)
                for response, clean in zip(created, checked, strict=True)
                for pk, score in clean.scores.items()
            ],
            batch_size=2000,
        )
        audit.record_event(
            action="import_paper",
            obj=survey,
            before={},
            after={"responses": len(created), "file": filename[:200]},
        )
    result.saved = len(created)


def _column(key: str) -> str:
    return {
        "service": "layanan",
        "gender": "jenis_kelamin",
        "age": "umur",
        "education": "pendidikan",
        "occupation": "pekerjaan",
        "suggestion": "saran",
    }.get(key, key)
