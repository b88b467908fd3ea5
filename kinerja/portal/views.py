"""The public portal (``/publik/``): what the government committed to and achieved, without login.

Every page reads approved data only (see ``selectors``). The figures of a page are computed once per
government, year and language and kept in the cache: for a finished year they no longer change and are
kept for ``PORTAL_CACHE_FINISHED_SECONDS``; for the current year for ``PORTAL_CACHE_SECONDS``, so a value
verified this morning shows within minutes.
"""

from django.conf import settings
from django.core.cache import cache
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from kinerja.core import links, params
from kinerja.core.models import Agency
from kinerja.core.params import ID_MAX, InvalidParameter
from kinerja.core.storedfiles import open_intact
from kinerja.core.uploads import attachment_response
from kinerja.integrity.content import agreement_rows
from kinerja.monitoring import formulas
from kinerja.portal import opendata, selectors, svgmap
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


def _cached(name: str, government, year: int, compute):
    finished = selectors.is_finished(year)
    timeout = settings.PORTAL_CACHE_FINISHED_SECONDS if finished else settings.PORTAL_CACHE_SECONDS
    key = f"portal:{name}:{government.pk}:{year}:{translation.get_language()}"
    return cache.get_or_set(key, compute, timeout)


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

    def compute():
        missions = selectors.missions(government, year)
        return {
            "missions": missions,
            "ikm": selectors.government_ikm(government, year),
            "indicators": sum(len(m.indicators) for m in missions),
            "overall": selectors.mean(m.to_date for m in missions),
        }

    data = _cached("home", government, year, compute)
    return _page(request, "portal/home.html", {"government": government, "year": year, "years": years, **data})


@require_safe
def agencies(request):
    government = _government()
    year, years = _year(request, government)
    rows = _cached("agencies", government, year, lambda: selectors.agencies(government, year))
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

    def compute():
        document = selectors.agreement_in_force(agency, year)
        results = selectors.agency_results(government, agency, year)
        return {
            "document": document,
            "agreement": agreement_rows(document),
            "results": results,
            "standards": selectors.national_standards(results),
            "achievement": selectors.mean(r.achievement for r in results),
            "to_date": selectors.mean(r.achievement_to_date for r in results),
            "ikm": selectors.agency_ikm(government, agency, year),
            "projects": list(selectors.public_projects(government, agency)),
            "innovations": selectors.agency_innovations(government, agency),
        }

    data = _cached(f"agency:{agency.pk}", government, year, compute)
    return _page(
        request,
        "portal/agency.html",
        {"government": government, "year": year, "years": years, "agency": agency, **data},
    )


@require_safe
def projects(request):
    government = _government()

    def compute():
        regions = selectors.projects_by_region(government)
        return {
            "projects": list(selectors.public_projects(government)),
            "regions": regions,
            "map": svgmap.region_map(
                {r["code"]: r["projects"] for r in regions}, title=_("Projects by regency and city")
            ),
        }

    year = selectors.public_years(government)[0]
    data = _cached("projects", government, year, compute)
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
    meetings = _cached("directives", government, year, lambda: selectors.directives(government, year))
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


def _rounded(value):
    return formulas.round_percent(value) if value is not None else None


def _table_rows(name: str, government, year: int) -> list[dict]:
    if name == "capaian-opd":
        return [
            {
                "agency_code": r.agency.code,
                "agency": r.agency.name,
                "indicators": r.indicators,
                # Rounded as the other tables' achievements (2 decimals, half up).
                "achievement": _rounded(r.achievement),
                "achievement_to_date": _rounded(r.to_date),
            }
            for r in selectors.agencies(government, year)
        ]
    if name == "iku":
        rows = []
        for mission in selectors.missions(government, year):
            for r, end in mission.indicators:
                # The standard and its verdict as the overview shows them (selectors.standard_entries).
                standard, source, meets = mission.standards.get(r.indicator_id, (None, "", None))
                rows.append(
                    {
                        "mission": mission.node.code,
                        "indicator_id": r.indicator_id,
                        "indicator": r.name,
                        "unit": r.unit,
                        "target": r.target,
                        "realization": r.realization,
                        # Rounded as the realisasi table's achievement (2 decimals, half up): the tables agree.
                        "achievement": formulas.round_percent(r.achievement) if r.achievement is not None else None,
                        "end_target": end,
                        "national_standard": standard,
                        "national_standard_source": source,
                        "meets_national_standard": meets,
                    }
                )
        return rows
    if name == "ikm":
        rows = []
        for agency in Agency.objects.filter(government=government).order_by("code"):
            for unit in selectors.agency_ikm(government, agency, year):
                rows.append(
                    {
                        "agency_code": agency.code,
                        "service_unit": unit.unit_name,
                        "period": unit.period,
                        "respondents": unit.ikm.respondents if unit.ikm else 0,
                        "ikm": unit.ikm.index if unit.ikm else None,
                        "grade": unit.ikm.grade if unit.ikm else "",
                    }
                )
        return rows
    if name == "proyek":
        return [
            {
                "code": p.code,
                "name": p.name,
                "category": p.category,
                "agency_code": p.agency.code,
                "region_code": p.region.code if p.region_id else "",
                "status": p.phase,
                "physical_plan": p.physical_plan,
                "physical_actual": p.physical_actual,
            }
            for p in selectors.public_projects(government)
        ]
    rows = []
    for meeting in selectors.directives(government, year):
        for directive in meeting.directives.all():
            for assignment in directive.assignments.all():
                rows.append(
                    {
                        "meeting_date": meeting.date.isoformat(),
                        "meeting": meeting.title,
                        "directive": directive.text,
                        "due": directive.due.isoformat(),
                        "agency_code": assignment.agency.code,
                        "status": assignment.status,
                    }
                )
    return rows


@require_safe
def table(request, name: str, fmt: str):
    if name not in opendata.TABLES or fmt not in ("csv", "json"):
        raise Http404(_("No open-data table with this name."))
    government = _government()
    year, _years = _year(request, government)
    if name == "realisasi":  # every value of the year: streamed from the database, too large to keep
        rows = selectors.realization_rows(government, year)
    else:
        rows = _cached(f"table:{name}", government, year, lambda: _table_rows(name, government, year))
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
