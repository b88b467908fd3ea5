"""The figures of the portal's pages, each kept in the cache under its name and refreshed ahead of time.

A page's figures are computed once per government, year and language (``figures``) and kept: a finished
year's for ``PORTAL_CACHE_FINISHED_SECONDS``, the current year's for ``PORTAL_CACHE_SECONDS``, so a value
verified this morning shows within minutes. When that time has passed, the next visitor is still served the
kept figures while one refresh (``kinerja.portal.tasks.refresh``, run by the worker) computes them again: no
visitor waits for the government's 40,000 achievements, except on an empty cache. The figures kept are
served at most one more such period past their time; past that they are computed in the request. A time of
0 computes on every request.
"""

import time

from django.conf import settings
from django.core.cache import cache
from django.utils import translation
from django.utils.translation import gettext as _

from kinerja.core.models import Agency
from kinerja.integrity.content import agreement_rows
from kinerja.monitoring import formulas
from kinerja.portal import selectors, svgmap

# A refresh claimed but not finished within this time (a worker stopped) may be claimed again.
REFRESH_CLAIM_SECONDS = 300


def _key(name: str, government_id: int, year: int, language: str) -> str:
    # "v2": entries are (fresh until, figures); an older installation's shared cache held the figures alone.
    return f"portal:v2:{name}:{government_id}:{year}:{language}"


def _seconds(year: int) -> int:
    return settings.PORTAL_CACHE_FINISHED_SECONDS if selectors.is_finished(year) else settings.PORTAL_CACHE_SECONDS


def kept(name: str, government, year: int):
    """The figures of page ``name`` (``home``, ``agencies``, ``agency:<id>``, ``projects``, ``directives``,
    ``table:<name>``) for ``government`` and ``year`` in the active language: kept, refreshed ahead."""
    seconds = _seconds(year)
    if seconds <= 0:
        return figures(name, government, year)
    language = translation.get_language()
    key = _key(name, government.pk, year, language)
    entry = cache.get(key)
    if entry is not None:
        fresh_until, value = entry
        if time.time() >= fresh_until and cache.add(f"{key}:refresh", 1, REFRESH_CLAIM_SECONDS):
            from kinerja.portal.tasks import refresh

            refresh.enqueue(name, government.pk, year, language)
        return value
    return store(name, government, year, language)


def store(name: str, government, year: int, language: str):
    """Compute the figures of page ``name`` and keep them (with the time they are fresh until)."""
    seconds = _seconds(year)
    value = figures(name, government, year)
    key = _key(name, government.pk, year, language)
    cache.set(key, (time.time() + seconds, value), 2 * seconds)
    cache.delete(f"{key}:refresh")
    return value


def forget(name: str, government_id: int, year: int, language: str) -> None:
    """Drop the kept figures of page ``name`` and any claim to refresh them."""
    key = _key(name, government_id, year, language)
    cache.delete_many([key, f"{key}:refresh"])


def figures(name: str, government, year: int):
    """Compute the figures of page ``name`` (approved data only: see ``selectors``)."""
    kind, _sep, argument = name.partition(":")
    if kind == "home":
        missions = selectors.missions(government, year)
        return {
            "missions": missions,
            "ikm": selectors.government_ikm(government, year),
            "indicators": sum(len(m.indicators) for m in missions),
            "overall": selectors.mean(m.to_date for m in missions),
        }
    if kind == "agencies":
        return selectors.agencies(government, year)
    if kind == "agency":
        agency = Agency.objects.get(government=government, pk=int(argument))
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
    if kind == "projects":
        regions = selectors.projects_by_region(government)
        return {
            "projects": list(selectors.public_projects(government)),
            "regions": regions,
            "map": svgmap.region_map(
                {r["code"]: r["projects"] for r in regions}, title=_("Projects by regency and city")
            ),
        }
    if kind == "directives":
        return selectors.directives(government, year)
    if kind == "table":
        return table_rows(argument, government, year)
    raise ValueError(f"no portal page {name!r}")


def _rounded(value):
    return formulas.round_percent(value) if value is not None else None


def table_rows(name: str, government, year: int) -> list[dict]:
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
