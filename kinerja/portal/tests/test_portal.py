"""The public portal publishes approved data only, without login, in a fixed number of queries."""

import csv
import datetime
import io
import json
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.urls import reverse

from kinerja.core.access import SYSTEM
from kinerja.core.audit import audit_context
from kinerja.core.models import ServiceUnit
from kinerja.integrity.choices import DocumentKind, DocumentState
from kinerja.integrity.models import SignedDocument
from kinerja.monitoring import services as monitoring
from kinerja.planning import services as planning
from kinerja.projects import services as projects
from kinerja.projects.choices import Category, Phase, Sector
from kinerja.satisfaction import services as satisfaction
from kinerja.satisfaction.method_data import install
from kinerja.satisfaction.models import SurveyElement, SurveyMethod
from kinerja.tests.versions import realization_version, report_version, target_version

CODES = [f"U{i}" for i in range(1, 10)]
YEAR = 2026
PAGES = ["portal:home", "portal:agencies", "portal:projects", "portal:directives", "portal:data"]


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


def _indicator(world, name: str):
    indicator = planning.indicator_create(
        user=SYSTEM, node=world.dinkes_program, name=name, unit="dokumen", frequency="quarterly",
        accumulation="sum", indicator_type="output",
    )  # fmt: skip
    planning.target_set(
        user=SYSTEM, indicator=indicator, year=YEAR, value=Decimal(40), expected_version=target_version(indicator, YEAR)
    )
    return indicator


@pytest.fixture
def published(world):
    """One record in each state for every kind of data the portal could show."""
    users = world.users
    operator, head, planner = users["dinkes_operator"], users["dinkes_head"], users["planner"]
    day = datetime.date(YEAR, 4, 5)
    with audit_context(username="test:setup"):
        periods = {(p.kind, p.number): p for p in monitoring.periods_ensure(government=world.government, year=YEAR)}
        quarter = periods[("quarter", 1)]
        values = {}
        for state, value in (
            ("draft", "1.9371"),
            ("submitted", "2.9372"),
            ("returned", "3.9373"),
            ("verified", "4.9374"),
        ):
            indicator = _indicator(world, f"Indikator {state}")
            item = monitoring.realization_save(
                user=operator,
                indicator=indicator,
                period=quarter,
                value=Decimal(value),
                explanation="Laporan TW I",
                today=day,
                expected_version=realization_version(indicator, quarter),
            )
            if state != "draft":
                item = monitoring.realization_submit(user=head, realization=item, expected_version=item.lock_version)
            if state == "returned":
                item = monitoring.realization_return(
                    user=planner, realization=item, reason="Bukti kurang", expected_version=item.lock_version
                )
            if state == "verified":
                item = monitoring.realization_verify(user=planner, realization=item, expected_version=item.lock_version)
            values[state] = item

        install(SurveyMethod, SurveyElement)
        surveys = {}
        for code, name, number in (("ended", "Unit Semester Satu", 1), ("running", "Unit Semester Dua", 2)):
            unit = ServiceUnit.objects.create(
                government=world.government, agency=world.dinkes, code=code, name=name, kind="hospital"
            )
            survey = satisfaction.survey_create(
                user=users["service_quality"], service_unit=unit, period_kind="semester", year=YEAR, number=number,
                population=1000, services=["Rawat jalan"],
            )  # fmt: skip
            for score in (3, 4):
                satisfaction.response_submit(
                    survey=survey, channel="paper", user=users["service_quality"], answered_on=survey.starts,
                    data={"service": survey.services.first().pk, "gender": "P", "age": "40", "education": "s1",
                          "occupation": "swasta", "suggestion": "", "scores": dict.fromkeys(CODES, score)},
                )  # fmt: skip
            surveys[code] = survey

        public = projects.project_save(
            user=SYSTEM, government=world.government,
            data={"code": "psn", "name": "Pelabuhan Tanjung Carat", "category": Category.NATIONAL,
                  "sector": Sector.TRANSPORT, "agency": world.dinkes, "value": Decimal("1e9"),
                  "start": datetime.date(YEAR, 1, 1), "planned_end": datetime.date(2028, 12, 31),
                  "phase": Phase.IMPLEMENTATION}, expected_version=None)  # fmt: skip
        projects.report_save(
            user=SYSTEM, project=public, month=datetime.date(YEAR, 1, 1), physical_plan=Decimal(5),
            physical_actual=Decimal("3.5"), financial=Decimal(0), today=datetime.date(YEAR, 2, 5), expected_version=report_version(public, datetime.date(YEAR, 1, 1)))  # fmt: skip
        internal = projects.project_save(
            user=SYSTEM, government=world.government,
            data={"code": "rutin", "name": "Rehab gudang arsip", "category": Category.REGULAR,
                  "sector": Sector.TRANSPORT, "agency": world.dinkes, "value": Decimal("1e6"),
                  "start": datetime.date(YEAR, 1, 1), "planned_end": datetime.date(YEAR, 12, 31),
                  "phase": Phase.IMPLEMENTATION}, expected_version=None)  # fmt: skip
    return {"values": values, "surveys": surveys, "public": public, "internal": internal, "quarter": quarter}


@pytest.fixture
def standards(world, published):
    """Key indicators with a national standard: the verified one meets its standard (4,9374 against 4), the
    objective's has no verified value (no verdict); the submitted one is key without a standard."""
    from kinerja.planning.models import Indicator

    Indicator.objects.filter(pk=published["values"]["verified"].indicator_id).update(
        is_key=True, national_standard=Decimal(4), national_standard_source="SPM 2024"
    )
    Indicator.objects.filter(pk=world.objective_indicator.pk).update(
        is_key=True, national_standard=Decimal("73.5"), national_standard_source="RPJMN 2025–2029"
    )
    Indicator.objects.filter(pk=published["values"]["submitted"].indicator_id).update(is_key=True)
    cache.clear()
    return published


def _everything(client, world, published) -> str:
    """Every portal page and download of the year, concatenated."""
    texts = []
    for name in PAGES:
        response = client.get(reverse(name), {"year": YEAR})
        assert response.status_code == 200, name
        texts.append(response.getvalue().decode())
    for url in (
        reverse("portal:agency", args=[world.dinkes.code]),
        reverse("portal:project", args=[published["public"].pk]),
    ):
        response = client.get(url, {"year": YEAR})
        assert response.status_code == 200, url
        texts.append(response.getvalue().decode())
    from kinerja.portal.opendata import TABLES

    for table in TABLES:
        for fmt in ("csv", "json"):
            response = client.get(reverse("portal:table", args=[table, fmt]), {"year": YEAR})
            assert response.status_code == 200, (table, fmt)
            texts.append(response.getvalue().decode())
    texts.append(client.get(reverse("portal:oc4ids")).getvalue().decode())
    return "\n".join(texts)


def test_only_verified_values_are_published(client, world, standards):
    """Values, and the national-standard verdict drawn from them: a submitted value that would flip it counts not."""
    from kinerja.planning.models import Indicator

    published = standards
    Indicator.objects.filter(pk=published["values"]["verified"].indicator_id).update(national_standard=Decimal(6))
    _submit_second_quarter(world, published, "2")
    text = _everything(client, world, published)
    assert "Indikator verified" in text and "4,9374" in text and "4.9374" in text
    for state, value in (("draft", "1"), ("submitted", "2"), ("returned", "3")):
        assert f"{value},937" not in text and f"{value}.937" not in text, state
    assert "6,9374" not in text and "6.9374" not in text  # TW I verified plus TW II submitted: not public
    rows = list(
        csv.DictReader(io.StringIO(client.get("/publik/data/realisasi.csv", {"year": YEAR}).getvalue().decode()))
    )
    assert [(r["indicator"], r["period"], r["value"]) for r in rows] == [("Indikator verified", "2026-TW1", "4.9374")]
    _assert_verdict_from_verified_values(client, world, published)


def _submit_second_quarter(world, published, value: str):
    """A submitted (not verified) value of TW II for the verified indicator."""
    indicator = published["values"]["verified"].indicator
    quarter = next(
        p
        for p in monitoring.periods_ensure(government=world.government, year=YEAR)
        if (p.kind, p.number) == ("quarter", 2)
    )
    with audit_context(username="test:setup"):
        item = monitoring.realization_save(
            user=world.users["dinkes_operator"], indicator=indicator, period=quarter, value=Decimal(value),
            explanation="Laporan TW II", today=datetime.date(YEAR, 7, 5),
            expected_version=realization_version(indicator, quarter),
        )  # fmt: skip
        monitoring.realization_submit(
            user=world.users["dinkes_head"], realization=item, expected_version=item.lock_version
        )


def _assert_verdict_from_verified_values(client, world, published):
    """The verified indicator's standard of 6 against its verified 4,9374: not met, on every page and download.
    Its submitted TW II value (2) would make 6,9374: met."""
    cache.clear()
    pk = published["values"]["verified"].indicator_id
    for url in (reverse("portal:agency", args=[world.dinkes.code]), reverse("portal:home")):
        page = " ".join(client.get(url, {"year": YEAR}).getvalue().decode().split())
        assert "Standar nasional: 6 dokumen (SPM 2024) · belum terpenuhi" in page, url
    rows = csv.DictReader(io.StringIO(client.get("/publik/data/iku.csv", {"year": YEAR}).getvalue().decode()))
    (row,) = [r for r in rows if r["indicator_id"] == str(pk)]
    assert (row["realization"], row["national_standard"], row["meets_national_standard"]) == ("4.9374", "6", "false")
    body = json.loads(client.get("/publik/data/iku.json", {"year": YEAR}).getvalue())
    (item,) = [r for r in body["rows"] if r["indicator_id"] == pk]
    assert item["meets_national_standard"] is False


def test_the_verdict_check_fails_when_a_submitted_value_leaks(client, world, standards, monkeypatch):
    """The check above is real: were the portal to count submitted values, the verdict would flip to met."""
    from kinerja.monitoring.selectors import indicator_results
    from kinerja.planning.models import Indicator
    from kinerja.portal import selectors

    Indicator.objects.filter(pk=standards["values"]["verified"].indicator_id).update(national_standard=Decimal(6))
    _submit_second_quarter(world, standards, "2")
    monkeypatch.setattr(
        selectors,
        "_verified_results",
        lambda indicators, year: indicator_results(indicators=indicators, year=year, include_submitted=True),
    )
    with pytest.raises(AssertionError, match="belum terpenuhi"):
        _assert_verdict_from_verified_values(client, world, standards)
    cache.clear()
    page = " ".join(
        client.get(reverse("portal:agency", args=[world.dinkes.code]), {"year": YEAR}).getvalue().decode().split()
    )
    assert "Standar nasional: 6 dokumen (SPM 2024) · terpenuhi" in page  # the leak flipped it


def test_a_national_standard_is_shown_on_the_indicator_rows_that_have_one(client, world, published):
    from kinerja.planning.models import Indicator

    page = client.get(reverse("portal:agency", args=["dinkes"]), {"year": YEAR}).getvalue().decode()
    assert "Standar nasional" not in page  # none recorded: nothing is said
    verified = published["values"]["verified"].indicator_id
    Indicator.objects.filter(pk=verified).update(national_standard=Decimal(4), national_standard_source="SPM 2024")
    Indicator.objects.filter(pk=published["values"]["draft"].indicator_id).update(national_standard=Decimal(9))
    Indicator.objects.filter(pk=world.objective_indicator.pk).update(is_key=True, national_standard=Decimal("73.5"))
    cache.clear()
    page = " ".join(client.get(reverse("portal:agency", args=["dinkes"]), {"year": YEAR}).getvalue().decode().split())
    # 4,9374 verified against a standard of 4 (higher is better): met.
    assert "Standar nasional: 4 dokumen (SPM 2024) · terpenuhi" in page
    # The draft's value is not public: its standard is shown without a verdict.
    assert "Standar nasional: 9 dokumen</span>" in page
    home = " ".join(client.get(reverse("portal:home"), {"year": YEAR}).getvalue().decode().split())
    assert "Standar nasional: 73,5 tahun</span>" in home


def test_realization_rows_carry_the_target_to_date_and_achievement(client, world, published):
    rows = list(
        csv.DictReader(io.StringIO(client.get("/publik/data/realisasi.csv", {"year": YEAR}).getvalue().decode()))
    )
    assert list(rows[0]) == [
        "agency_code", "indicator_id", "indicator", "unit", "period", "value", "target", "achievement",
        "national_standard", "national_standard_source",
    ]  # fmt: skip
    # A quarterly summed indicator with 40 for the year: 10 to the end of TW I, 4,9374 of it is 49,37 %.
    assert rows[0]["agency_code"] == "dinkes"
    assert rows[0]["indicator_id"] == str(published["values"]["verified"].indicator_id)
    assert (rows[0]["target"], rows[0]["achievement"]) == ("10", "49.37")
    assert (rows[0]["national_standard"], rows[0]["national_standard_source"]) == ("", "")


def test_agency_achievements_are_rounded_as_the_other_tables(client, world, published):
    """capaian-opd gives each agency's achievement to 2 decimals, as realisasi and iku do (4,9374 of 40 is
    12,3435 %: 12.34, not the engine's unrounded mean)."""
    rows = {
        row["agency_code"]: row
        for row in csv.DictReader(
            io.StringIO(client.get("/publik/data/capaian-opd.csv", {"year": YEAR}).getvalue().decode())
        )
    }
    assert rows["dinkes"]["achievement"] == "12.34"
    body = json.loads(client.get("/publik/data/capaian-opd.json", {"year": YEAR}).getvalue())
    (dinkes,) = [row for row in body["rows"] if row["agency_code"] == "dinkes"]
    assert dinkes["achievement"] in ("12.34", 12.34)


def test_open_data_carries_the_national_standards_and_the_iku_verdict(client, world, standards):
    verified, submitted = standards["values"]["verified"].indicator_id, standards["values"]["submitted"].indicator_id
    (value,) = csv.DictReader(io.StringIO(client.get("/publik/data/realisasi.csv", {"year": YEAR}).getvalue().decode()))
    # The standard and its source on every value of the indicator; no verdict for a period's value.
    assert (value["national_standard"], value["national_standard_source"]) == ("4", "SPM 2024")
    assert "meets_national_standard" not in value
    response = client.get("/publik/data/iku.csv", {"year": YEAR})
    rows = {int(r["indicator_id"]): r for r in csv.DictReader(io.StringIO(response.getvalue().decode()))}
    assert list(rows[verified])[-3:] == ["national_standard", "national_standard_source", "meets_national_standard"]
    pick = ("realization", "achievement", "national_standard", "national_standard_source", "meets_national_standard")
    # 4,9374 of the year's 40: 12,3435 %, rounded as the realisasi table rounds (2 decimals); 4,9374 meets 4.
    assert [rows[verified][k] for k in pick] == ["4.9374", "12.34", "4", "SPM 2024", "true"]
    # A standard without a verified value: no verdict; a key indicator without a standard: empty cells.
    assert [rows[world.objective_indicator.pk][k] for k in pick] == ["", "", "73.5", "RPJMN 2025–2029", ""]
    assert [rows[submitted][k] for k in pick] == ["", "", "", "", ""]
    body = json.loads(client.get("/publik/data/iku.json", {"year": YEAR}).getvalue())
    items = {r["indicator_id"]: r for r in body["rows"]}
    assert [items[verified][k] for k in pick] == [4.9374, 12.34, 4, "SPM 2024", True]
    assert [items[world.objective_indicator.pk][k] for k in pick] == [None, None, 73.5, "RPJMN 2025–2029", None]
    assert items[submitted]["meets_national_standard"] is None and items[submitted]["national_standard"] is None
    # The licence statement says where the standards come from, on the page and in every download.
    assert "Kinerja tidak menetapkan standar apa pun" in body["statement"]
    assert (
        "Kinerja tidak menetapkan standar apa pun"
        in client.get(reverse("portal:data"), {"year": YEAR}).getvalue().decode()
    )


def test_only_ended_survey_periods_are_published(client, world, published):
    text = _everything(client, world, published)
    assert "Unit Semester Satu" in text
    assert "Unit Semester Dua" not in text  # its period (July–December 2026) has not ended


def test_only_agreements_in_force_are_published(client, world, published):
    from kinerja.integrity import services as integrity

    with audit_context(username="test:setup"):
        document = integrity.document_prepare(
            user=world.users["planner"], kind=DocumentKind.PK_AGENCY, government=world.government, year=YEAR,
            agency=world.dinkes,
            first_party={"user": world.users["dinkes_head"], "name": "dr. Kepala", "position": "Kepala Dinas"},
            second_party={"user": world.users["leader"], "name": "Gubernur", "position": "Gubernur"},
        )  # fmt: skip
    url = reverse("portal:agency", args=["dinkes"])
    for state in (DocumentState.DRAFT, DocumentState.READY, DocumentState.FIRST_SIGNED):
        SignedDocument.objects.filter(pk=document.pk).update(state=state)
        cache.clear()
        page = client.get(url, {"year": YEAR}).getvalue().decode()
        assert "belum berlaku (belum ditandatangani kedua pihak)" in page and document.code not in page, state
    SignedDocument.objects.filter(pk=document.pk).update(
        state=DocumentState.IN_FORCE, document_date=datetime.date(YEAR, 1, 21)
    )
    cache.clear()
    page = client.get(url, {"year": YEAR}).getvalue().decode()
    assert document.code in page and "Angka kematian ibu" in page


def test_only_strategic_and_priority_projects_are_published(client, world, published):
    text = _everything(client, world, published)
    assert "Pelabuhan Tanjung Carat" in text
    assert "Rehab gudang arsip" not in text
    assert client.get(reverse("portal:project", args=[published["internal"].pk])).status_code == 404
    package = json.loads(client.get(reverse("portal:oc4ids")).content)
    assert [p["title"] for p in package["projects"]] == ["Pelabuhan Tanjung Carat"]
    assert package["license"].startswith("https://creativecommons.org/")


def test_pages_need_no_login_and_say_what_they_show(client, world, published):
    home = client.get(reverse("portal:home"), {"year": YEAR})
    assert home.status_code == 200
    assert b"login" not in home.request["PATH_INFO"].encode()
    projects_page = client.get(reverse("portal:projects")).getvalue().decode()
    assert "<svg" in projects_page and "<table" in projects_page  # the map and its table twin


def test_downloads_carry_a_licence_and_keep_formulas_as_text(client, world, published):
    from kinerja.planning.models import Indicator

    Indicator.objects.filter(pk=published["values"]["verified"].indicator_id).update(name='=HYPERLINK("http://x")')
    response = client.get("/publik/data/realisasi.csv", {"year": YEAR})
    assert 'rel="license"' in response["Link"]
    assert response["Content-Disposition"] == 'attachment; filename="realisasi-2026.csv"'
    (row,) = list(csv.DictReader(io.StringIO(response.getvalue().decode())))
    assert row["indicator"] == '\'=HYPERLINK("http://x")'  # text, never a live formula
    body = json.loads(client.get("/publik/data/realisasi.json", {"year": YEAR}).getvalue())
    assert body["license"] == "CC BY 4.0" and body["columns"][0] == "agency_code"
    assert body["rows"][0]["indicator"] == '=HYPERLINK("http://x")'  # JSON keeps the text as it is
    assert body["rows"][0]["value"] == 4.9374


@pytest.mark.parametrize(
    "url",
    ["/publik/?year=0", "/publik/?year=abc", "/publik/?year=1999", "/publik/opd/?year=99999"],
)
def test_bad_years_are_refused_clearly(client, world, url):
    response = client.get(url)
    assert response.status_code == 400


@pytest.mark.parametrize(
    "url",
    ["/publik/opd/tidak-ada/", "/publik/proyek/999999/", "/publik/proyek/99999999999999999999999/",
     "/publik/foto/99999999999999999999999/", "/publik/data/rahasia.csv", "/publik/data/realisasi.xml"],
)  # fmt: skip
def test_unknown_things_are_not_found(client, world, url):
    assert client.get(url).status_code == 404


def test_writes_are_refused(client, world):
    assert client.post(reverse("portal:home")).status_code == 405


def test_query_counts_do_not_grow_with_the_data(client, world, published, django_assert_max_num_queries):
    """Each page's queries are fixed: adding agencies' values and projects adds none."""
    counts = {}
    for name in (*PAGES, "agency"):
        url = reverse("portal:agency", args=["dinkes"]) if name == "agency" else reverse(name)
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url, {"year": YEAR}).status_code == 200
        counts[name] = len(queries)
    with audit_context(username="test:setup"):
        for number in range(3):
            _indicator(world, f"Tambahan {number}")
            projects.project_save(
                user=SYSTEM, government=world.government,
                data={"code": f"extra{number}", "name": f"Proyek {number}", "category": Category.REGIONAL,
                      "sector": Sector.TRANSPORT, "agency": world.disdik, "value": Decimal("1e6"),
                      "start": datetime.date(YEAR, 1, 1), "planned_end": datetime.date(YEAR, 12, 31),
                      "phase": Phase.IMPLEMENTATION}, expected_version=None)  # fmt: skip
    for name, count in counts.items():
        url = reverse("portal:agency", args=["dinkes"]) if name == "agency" else reverse(name)
        cache.clear()
        with django_assert_max_num_queries(count):
            assert client.get(url, {"year": YEAR}).status_code == 200


def test_a_cached_page_is_served_without_computing_again(client, world, published, django_assert_max_num_queries):
    client.get(reverse("portal:home"), {"year": YEAR})
    with django_assert_max_num_queries(6):  # the government, the years, the session: not the figures
        assert client.get(reverse("portal:home"), {"year": YEAR}).status_code == 200


def test_only_reviewed_innovations_in_implementation_are_published(client, world, published):
    from kinerja.innovation.models import Innovation
    from kinerja.innovation.tests.conftest import make_innovation

    states = {}
    for name, stage, review in (
        ("Antrean daring RSUD", "implementation", "reviewed"),
        ("Resep elektronik", "implementation", "submitted"),
        ("Telemedisin desa", "trial", "reviewed"),
        ("Pendaftaran bayi", "implementation", "draft"),
    ):
        innovation = make_innovation(world, name=name, stage=stage)
        Innovation.objects.filter(pk=innovation.pk).update(review_state=review)
        states[name] = review
    text = _everything(client, world, published)
    assert "Antrean daring RSUD" in text
    for name in ("Resep elektronik", "Telemedisin desa", "Pendaftaran bayi"):
        assert name not in text, name


def _agencies_page(client) -> str:
    response = client.get(reverse("portal:agencies"), {"year": YEAR})
    assert response.status_code == 200
    return response.content.decode()


def _later(seconds: int):
    import time_machine

    return time_machine.travel(datetime.datetime.now(tz=datetime.UTC) + datetime.timedelta(seconds=seconds), tick=False)


def test_kept_figures_past_their_time_are_served_while_one_refresh_computes_them(client, world, published, settings):
    """Past PORTAL_CACHE_SECONDS the visitor still gets the kept page at once; the refresh (the worker's task,
    run at once by the test backend) keeps the new figures, which the next visitor sees."""
    from kinerja.core.models import Agency

    settings.PORTAL_CACHE_SECONDS = 300
    assert "Dinas Kesehatan" in _agencies_page(client)
    Agency.objects.filter(pk=world.dinkes.pk).update(name="Dinas Kesehatan Baru")
    assert "Dinas Kesehatan Baru" not in _agencies_page(client)  # kept: not computed again
    with _later(301):
        assert "Dinas Kesehatan Baru" not in _agencies_page(client)  # served as kept; the refresh runs
        assert "Dinas Kesehatan Baru" in _agencies_page(client)  # what the refresh kept


def test_one_refresh_is_claimed_however_many_visitors_come(client, world, published, settings, monkeypatch):
    from kinerja.portal import tasks

    settings.PORTAL_CACHE_SECONDS = 300
    queued = []
    monkeypatch.setattr(tasks, "refresh", type("Queue", (), {"enqueue": staticmethod(lambda *a: queued.append(a))}))
    _agencies_page(client)
    with _later(301):
        for _ in range(3):
            _agencies_page(client)
    assert queued == [("agencies", world.government.pk, YEAR, "id")]


def test_figures_far_past_their_time_are_computed_in_the_request(client, world, published, settings):
    from kinerja.core.models import Agency

    settings.PORTAL_CACHE_SECONDS = 300
    _agencies_page(client)
    Agency.objects.filter(pk=world.dinkes.pk).update(name="Dinas Kesehatan Baru")
    with _later(601):  # past twice the time: no longer kept at all
        assert "Dinas Kesehatan Baru" in _agencies_page(client)


def test_no_keeping_when_the_time_is_zero(client, world, published, settings):
    from kinerja.core.models import Agency

    settings.PORTAL_CACHE_SECONDS = 0
    _agencies_page(client)
    Agency.objects.filter(pk=world.dinkes.pk).update(name="Dinas Kesehatan Baru")
    assert "Dinas Kesehatan Baru" in _agencies_page(client)


def test_a_refresh_of_a_removed_agency_drops_its_page(world, published):
    from kinerja.portal import pages, tasks

    key = pages._key(f"agency:{world.dinkes.pk}", world.government.pk, YEAR, "id")
    cache.set(key, (0, {"old": True}), 600)
    cache.set(f"{key}:refresh", 1, 600)
    tasks.refresh.call(f"agency:{2**40}", world.government.pk, YEAR, "id")  # no such agency: nothing kept
    assert cache.get(pages._key(f"agency:{2**40}", world.government.pk, YEAR, "id")) is None
    tasks.refresh.call(f"agency:{world.dinkes.pk}", world.government.pk, YEAR, "id")
    fresh_until, value = cache.get(key)
    assert value["results"] is not None and "old" not in value  # computed again, and the claim released
    assert cache.get(f"{key}:refresh") is None
