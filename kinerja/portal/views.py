"""The public portal (``/publik/``): what the government committed to and achieved, without login.

Every page reads approved data only (see ``selectors``). The figures of a page are computed once per
government, year and language and kept in the cache, refreshed ahead of their time (``pages.kept``).
"""

from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from kinerja.core import links, params
from kinerja.core.models import Agency
from kinerja.core.params import ID_MAX, InvalidParameter
from kinerja.core.storedfiles import open_intact
from kinerja.core.uploads import attachment_response
from kinerja.portal import opendata, pages, selectors
from kinerja.projects import oc4ids


def _government():
    government = selectors.public_government()
    if government is None:
        raise Http404(_("This installation publishes no government yet."))
    return government


def _year(request, government) -> tuple[int, list[int]]:
    years = selectors.public_years(government)
    year = params.year(request.GET, default=years[0])
    if year not in years:
        raise InvalidParameter(
            "year",
            _("There are no public figures for %(year)s: choose a year from %(first)s to %(last)s.")
            % {"year": year, "first": years[-1], "last": years[0]},
        )
    return year, years


def _page(request, template: str, context: dict):
    context.setdefault("portal_nav", _nav(context.get("year")))
    return render(request, template, context)


def _nav(year) -> list[tuple[str, str]]:
    query = f"?year={year}" if year else ""
    return [
        (reverse("portal:home") + query, _("Overview")),
        (reverse("portal:agencies") + query, _("Agencies")),
        (reverse("portal:projects"), _("Projects")),
        (reverse("portal:directives") + query, _("Directives")),
        (reverse("portal:data") + query, _("Open data")),
    ]


@require_safe
def home(request):
    government = _government()
    year, years = _year(request, government)

    data = pages.kept("home", government, year)
    return _page(request, "portal/home.html", {"government": government, "year": year, "years": years, **data})


@require_safe
def agencies(request):
    government = _government()
    year, years = _year(request, government)
    rows = pages.kept("agencies", government, year)
    return _page(
        request, "portal/agencies.html", {"government": government, "year": year, "years": years, "rows": rows}
    )


@require_safe
def agency(request, code: str):
    government = _government()
    year, years = _year(request, government)
    agency = Agency.objects.filter(government=government, code=code).first()
    if agency is None:
        raise Http404(_("No agency with this code."))

    data = pages.kept(f"agency:{agency.pk}", government, year)
    return _page(
        request,
        "portal/agency.html",
        {"government": government, "year": year, "years": years, "agency": agency, **data},
    )


@require_safe
def projects(request):
    government = _government()

    year = selectors.public_years(government)[0]
    data = pages.kept("projects", government, year)
    return _page(request, "portal/projects.html", {"government": government, "year": None, **data})


@require_safe
def project(request, pk: int):
    government = _government()
    item = selectors.public_project(government, pk) if pk <= ID_MAX else None
    if item is None:
        raise Http404(_("No public project with this number."))
    reports = list(item.reports.all())
    latest = reports[-1] if reports else None
    return _page(
        request,
        "portal/project.html",
        {
            "government": government,
            "year": None,
            "project": item,
            "reports": reports,
            "latest": latest,
            "photos": [photo for report in reports for photo in report.photos.all()],
            "milestones": list(item.milestones.all()),
        },
    )


@require_safe
def photo(request, pk: int):
    item = selectors.public_photo(_government(), pk) if pk <= ID_MAX else None
    if item is None:
        raise Http404(_("No public photo with this number."))
    handle = open_intact(item.image, item.sha256)
    return attachment_response(handle, filename=f"foto-{item.pk}", content_type=item.content_type)


@require_safe
def directives(request):
    government = _government()
    year, years = _year(request, government)
    meetings = pages.kept("directives", government, year)
    return _page(
        request,
        "portal/directives.html",
        {"government": government, "year": year, "years": years, "meetings": meetings},
    )


@require_safe
def data(request):
    government = _government()
    year, years = _year(request, government)
    tables = [
        {
            "name": name,
            "description": description,
            "columns": columns,
            "csv": reverse("portal:table", args=[name, "csv"]) + f"?year={year}",
            "json": reverse("portal:table", args=[name, "json"]) + f"?year={year}",
        }
        for name, (columns, description) in opendata.TABLES.items()
    ]
    return _page(
        request,
        "portal/data.html",
        {
            "government": government,
            "year": year,
            "years": years,
            "tables": tables,
            "licence": opendata.LICENCE,
            "licence_url": opendata.LICENCE_URL,
            "statement": opendata.licence_statement(government.name),
        },
    )


@require_safe
def table(request, name: str, fmt: str):
    if name not in opendata.TABLES or fmt not in ("csv", "json"):
        raise Http404(_("No open-data table with this name."))
    government = _government()
    year, _years = _year(request, government)
    if name == "realisasi":  # every value of the year: streamed from the database, too large to keep
        rows = selectors.realization_rows(government, year)
    else:
        rows = pages.kept(f"table:{name}", government, year)
    filename = f"{name}-{year}.{fmt}"
    if fmt == "csv":
        return opendata.csv_response(name, rows, filename=filename)
    return opendata.json_response(name, rows, filename=filename, government_name=government.name, year=year)


@require_safe
def oc4ids_package(request):
    """Every public project as one OC4IDS project package, with its licence and publisher."""
    government = _government()
    items = selectors.public_projects(government).prefetch_related(
        "milestones", "fundings", "partner_agencies", "reports"
    )
    base = links.base_url(request)
    package = {
        "version": "0.9",
        "uri": base.rstrip("/") + reverse("portal:oc4ids"),
        "publishedDate": timezone.now().isoformat(),
        "publisher": {"name": government.name},
        "license": opendata.LICENCE_URL,
        "publicationPolicy": base.rstrip("/") + reverse("portal:data"),
        "projects": [oc4ids.project_to_oc4ids(item, base_url=base) for item in items],
    }
    response = JsonResponse(package, json_dumps_params={"ensure_ascii": False, "indent": 1})
    response["Content-Disposition"] = 'attachment; filename="oc4ids-proyek.json"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
