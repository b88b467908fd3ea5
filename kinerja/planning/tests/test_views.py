from decimal import Decimal

from kinerja.core.access import SYSTEM
from kinerja.planning.models import Indicator, PlanNode, Target


def test_tree_page_shows_the_top_of_the_plan_expanded_two_levels(world, login):
    response = login(world.users["dinkes_operator"]).get("/plan/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Sumsel Maju Terus untuk Semua" in html and "Misi SDM" in html
    assert f'hx-get="/plan/nodes/{world.mission.pk}/children/"' in html


def test_expanding_a_node_returns_only_its_children_rows(world, login):
    client = login(world.users["dinkes_operator"])
    response = client.get(f"/plan/nodes/{world.objective.pk}/children/", HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "<html" not in html
    assert "Program upaya kesehatan" in html
    assert "Program pengelolaan pendidikan" not in html  # another agency's program stays hidden


def test_tree_filters_by_agency_kind_and_search(world, login):
    client = login(world.users["planner"])
    by_agency = client.get("/plan/", {"agency": "disdik"})
    assert [n.pk for n in by_agency.context["top_nodes"]] == [world.disdik_program.pk]
    by_kind = client.get("/plan/", {"kind": "program"})
    assert {n.pk for n in by_kind.context["results"]} == {world.dinkes_program.pk, world.disdik_program.pk}
    by_search = client.get("/plan/", {"q": "rumah sakit"})
    assert [n.pk for n in by_search.context["results"]] == [world.dinkes_sub.pk]
    assert by_search.context["results"][0].breadcrumbs[-1].pk == world.dinkes_activity.pk


def test_tree_search_answers_htmx_with_the_body_partial(world, login):
    response = login(world.users["planner"]).get(
        "/plan/", {"q": "kesehatan"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="tree-body"
    )
    assert "<html" not in response.content.decode()


def test_operator_opening_another_agency_node_gets_404(world, login):
    client = login(world.users["dinkes_operator"])
    assert client.get(f"/plan/nodes/{world.disdik_program.pk}/").status_code == 404
    assert client.get(f"/plan/indicators/{world.disdik_indicator.pk}/").status_code == 404
    assert client.get("/agencies/disdik/").status_code == 404


def test_node_detail_lists_indicators_with_targets(world, login):
    response = login(world.users["dinkes_operator"]).get(f"/plan/nodes/{world.dinkes_program.pk}/")
    html = response.content.decode()
    assert "Angka kematian ibu" in html and "97" in html  # 2026 target
    assert f"/plan/nodes/{world.dinkes_program.pk}/edit/" not in html  # no edit link for an operator


def test_planner_creates_a_sub_activity_picked_from_the_nomenclature(world, login):
    client = login(world.users["planner"])
    search = client.get(f"/plan/nodes/{world.dinkes_activity.pk}/nomenclature/", {"q": "alat"}, HTTP_HX_REQUEST="true")
    assert "1.02.02.1.01.0010" in search.content.decode()
    form = client.get(f"/plan/nodes/{world.dinkes_activity.pk}/add/", {"code": "1.02.02.1.01.0010"})
    assert form.context["form"].initial["title"].startswith("Pengadaan Alat Kesehatan")
    response = client.post(
        f"/plan/nodes/{world.dinkes_activity.pk}/add/",
        {
            "code": "1.02.02.1.01.0010",
            "title": form.context["form"].initial["title"],
            "with_output_indicator": "on",
            "agency": world.dinkes.pk,
        },
    )
    assert response.status_code == 302
    node = PlanNode.objects.get(code="1.02.02.1.01.0010")
    indicator = node.indicators.get()
    assert indicator.indicator_type == "output" and indicator.unit


def test_support_program_search_shows_codes_with_the_agency_bidang(world, login):
    from kinerja.planning import services

    program = services.node_create(
        user=SYSTEM, period=world.period, parent=world.objective, code="1.02.01", title="Penunjang", agency=world.dinkes
    )
    response = login(world.users["planner"]).get(f"/plan/nodes/{program.pk}/nomenclature/", HTTP_HX_REQUEST="true")
    codes = [row["code"] for row in response.context["rows"]]
    assert codes == ["1.02.01.1.01"]


def test_invalid_node_form_shows_the_error_and_saves_nothing(world, login):
    count = PlanNode.objects.count()
    response = login(world.users["planner"]).post(
        f"/plan/nodes/{world.dinkes_activity.pk}/add/",
        {"code": "1.02.02.1.01.9999", "title": "Fiktif", "agency": world.dinkes.pk},
    )
    assert response.status_code == 200
    assert (
        "not in the SIPD nomenclature" in response.content.decode()
        or "tidak ada dalam nomenklatur" in response.content.decode()
    )
    assert PlanNode.objects.count() == count


def test_second_save_of_a_stale_form_is_refused_showing_the_stored_value(world, login):
    client = login(world.users["planner"])
    stale = world.mission.lock_version
    client.post(
        f"/plan/nodes/{world.mission.pk}/edit/", {"code": "M1", "title": "Versi pertama", "lock_version": stale}
    )
    response = client.post(
        f"/plan/nodes/{world.mission.pk}/edit/", {"code": "M1", "title": "Versi kedua", "lock_version": stale}
    )
    assert response.status_code == 200
    assert "Versi pertama" in response.content.decode()
    world.mission.refresh_from_db()
    assert world.mission.title == "Versi pertama"


def test_planner_sets_targets_with_decimal_comma(world, login):
    client = login(world.users["planner"])
    indicator = world.disdik_indicator
    data = {"lock_version": indicator.lock_version, "final_target": "92,5"}
    data.update({f"target_{y}": f"{85 + y - 2025},5" for y in range(2025, 2030)})
    response = client.post(f"/plan/indicators/{indicator.pk}/targets/", data)
    assert response.status_code == 302
    assert Target.objects.get(indicator=indicator, year=2027).value == Decimal("87.5")
    indicator.refresh_from_db()
    assert indicator.final_target == Decimal("92.5")


def test_non_numeric_target_in_the_form_is_refused_and_nothing_changes(world, login):
    client = login(world.users["planner"])
    indicator = world.objective_indicator
    before = list(Target.objects.filter(indicator=indicator).values_list("year", "value"))
    response = client.post(
        f"/plan/indicators/{indicator.pk}/targets/", {"lock_version": indicator.lock_version, "target_2026": "naik"}
    )
    assert response.status_code == 200 and response.context["form"].errors
    assert list(Target.objects.filter(indicator=indicator).values_list("year", "value")) == before


def test_planner_creates_and_edits_an_indicator(world, login):
    client = login(world.users["planner"])
    data = {
        "name": "Cakupan imunisasi",
        "unit": "%",
        "polarity": "positive",
        "indicator_type": "outcome",
        "frequency": "quarterly",
        "accumulation": "last",
        "baseline": "88,2",
        "baseline_year": "2024",
        "precision": "1",
        "is_key": "on",
        "responsible_agency": world.dinkes.pk,
    }
    response = client.post(f"/plan/nodes/{world.dinkes_program.pk}/indicators/add/", data)
    indicator = Indicator.objects.get(name="Cakupan imunisasi")
    assert response.status_code == 302 and indicator.baseline == Decimal("88.2") and indicator.is_key
    data.update(name="Cakupan imunisasi dasar lengkap", lock_version=indicator.lock_version)
    assert client.post(f"/plan/indicators/{indicator.pk}/edit/", data).status_code == 302
    indicator.refresh_from_db()
    assert indicator.name == "Cakupan imunisasi dasar lengkap"


def test_planner_amends_the_plan_and_the_old_version_becomes_read_only(world, login):
    client = login(world.users["planner"])
    response = client.post(f"/plan/periods/{world.period.pk}/amend/", {"reason": "Perubahan RPJMD 2027"})
    assert response.status_code == 302
    old = client.get(f"/plan/nodes/{world.mission.pk}/")
    assert old.context["can_edit"] is False
    assert (
        client.post(
            f"/plan/nodes/{world.mission.pk}/edit/", {"code": "M1", "title": "x", "lock_version": 1}
        ).status_code
        == 200
    )
    world.mission.refresh_from_db()
    assert world.mission.title == "Misi SDM"


def test_language_switch_to_english(world, login):
    client = login(world.users["planner"])
    client.post("/i18n/setlang/", {"language": "en", "next": "/plan/"})
    response = client.get("/plan/")
    assert 'lang="en"' in response.content.decode()
    client.post("/i18n/setlang/", {"language": "id", "next": "/plan/"})
    assert 'lang="id"' in client.get("/plan/").content.decode()


def test_planner_creates_a_renstra_and_starts_its_tree(world, login):
    from kinerja.planning.models import PlanPeriod

    client = login(world.users["planner"])
    response = client.post(
        "/plan/periods/new/", {"kind": "renstra", "name": "Renstra Dinkes", "start_year": 2025, "end_year": 2029}
    )
    assert response.status_code == 200 and "agency" in response.context["form"].errors
    response = client.post(
        "/plan/periods/new/",
        {"kind": "renstra", "name": "Renstra Dinkes", "start_year": 2025, "end_year": 2029, "agency": world.dinkes.pk},
    )
    period = PlanPeriod.objects.get(name="Renstra Dinkes")
    assert response.status_code == 302 and period.agency == world.dinkes
    response = client.post(f"/plan/nodes/new/?period={period.pk}", {"title": "Visi Renstra", "period": period.pk})
    assert response.status_code == 302
    assert PlanNode.objects.get(period=period, kind="vision").agency == world.dinkes
    assert login(world.users["dinkes_operator"]).get("/plan/periods/new/").status_code == 403
