"""The portal's open data: each table as CSV and JSON, with the licence it is published under.

The columns are fixed and documented (README, "Portal publik"); numbers are written as plain decimals
with a point (machine-readable), dates in ISO 8601. CSV cells that a spreadsheet would run as a formula
are written as text (a leading apostrophe), as every export of Kinerja does.
"""

import json
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kinerja.core.spreadsheets import csv_line_writer, csv_text
from kinerja.core.uploads import attachment_response

LICENCE = "CC BY 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"

TABLES = {
    # name: (columns, description)
    "realisasi": (
        (
            "agency_code",
            "indicator_id",
            "indicator",
            "unit",
            "period",
            "value",
            "target",
            "achievement",
            "national_standard",
            "national_standard_source",
        ),
        gettext_lazy(
            "Verified realizations of the year with the target to date, the achievement in percent and the "
            "indicator's national standard where one is recorded."
        ),
    ),
    "capaian-opd": (
        ("agency_code", "agency", "indicators", "achievement", "achievement_to_date"),
        gettext_lazy("Each agency's achievement of the year from verified values, in percent."),
    ),
    "iku": (
        (
            "mission",
            "indicator_id",
            "indicator",
            "unit",
            "target",
            "realization",
            "achievement",
            "end_target",
            "national_standard",
            "national_standard_source",
            "meets_national_standard",
        ),
        gettext_lazy(
            "The key indicators (IKU) of the RPJMD missions: annual target, verified realization, achievement, "
            "and the national standard where one is recorded with whether the verified realization meets it."
        ),
    ),
    "ikm": (
        ("agency_code", "service_unit", "period", "respondents", "ikm", "grade"),
        gettext_lazy("The IKM of each service unit for every ended survey period of the year."),
    ),
    "proyek": (
        ("code", "name", "category", "agency_code", "region_code", "status", "physical_plan", "physical_actual"),
        gettext_lazy(
            "National strategic and regional priority projects with their reported physical progress in percent."
        ),
    ),
    "arahan": (
        ("meeting_date", "meeting", "directive", "due", "agency_code", "status"),
        gettext_lazy("Directives of the coordination meetings of the year and each agency's reported follow-up."),
    ),
}


def plain(value):
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return value


def _cell(value) -> str:
    # Text is written formula-safe; numbers as numbers (a negative one must stay a number, not '-5); a yes/no
    # as true/false (empty when unknown), as JSON writes it.
    if isinstance(value, bool):
        return "true" if value else "false"
    return csv_text(value) if isinstance(value, str) else str(plain(value))


def licence_statement(government_name: str) -> str:
    return _(
        "Data of %(government)s, published through Kinerja under the %(licence)s licence: reuse it freely, "
        "naming the source. A national standard is the value recorded on its indicator in the government's plan "
        "from the regulation or national plan that sets it (a minimum service standard, SPM, or an RPJMN "
        "target), named in national_standard_source; Kinerja sets none."
    ) % {"government": government_name, "licence": LICENCE}


def _headers(response):
    response["Link"] = f'<{LICENCE_URL}>; rel="license"'
    return response


def csv_response(name: str, rows, *, filename: str):
    """The table as CSV, streamed row by row (the values of a year run to half a million rows)."""
    columns, _description = TABLES[name]
    writer = csv_line_writer()

    def lines():
        yield writer.writerow(columns)
        for row in rows:
            yield writer.writerow([_cell(row.get(column)) for column in columns])

    return _headers(attachment_response(lines(), filename=filename, content_type="text/csv; charset=utf-8"))


def json_response(name: str, rows, *, filename: str, government_name: str, year: int):
    """The table as one JSON document (its licence, columns and rows), streamed row by row."""
    columns, description = TABLES[name]
    head = {
        "table": name,
        "description": str(description),
        "year": year,
        "publisher": government_name,
        "license": LICENCE,
        "license_url": LICENCE_URL,
        "statement": licence_statement(government_name),
        "columns": list(columns),
    }

    def chunks():
        yield json.dumps(head, ensure_ascii=False)[:-1] + ', "rows": ['
        for number, row in enumerate(rows):
            text = json.dumps({column: _json(row.get(column)) for column in columns}, ensure_ascii=False)
            yield ("\n" if number == 0 else ",\n") + text
        yield "\n]}\n"

    return _headers(attachment_response(chunks(), filename=filename, content_type="application/json; charset=utf-8"))


def _json(value):
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral() else float(value)
    return value
