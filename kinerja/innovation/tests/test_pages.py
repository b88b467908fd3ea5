import datetime
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from kinerja.core.access import SYSTEM
from kinerja.innovation import services
from kinerja.innovation.models import CatalogueIndicator, Innovation
from kinerja.innovation.tests.conftest import DESIGN, make_innovation, measures, pdf
from kinerja.tests.versions import current_version

pytestmark = pytest.mark.django_db


def _published(world, name="Antrean daring RSUD", **data):
    innovation = make_innovation(world, name=name, **data)
    services.change_save(user=SYSTEM, innovation=innovation, service="Pendaftaran rawat jalan", measures=measures())
    services.innovation_submit(user=SYSTEM, innovation=innovation, expected_version=current_version(innovation))
    services.innovation_review(
        user=SYSTEM, innovation=innovation, accept=True, expected_version=current_version(innovation)
    )
    return innovation


def test_an_operator_registers_an_innovation_through_the_form(world, login):
    client = login(world.users["dinkes_operator"])
    assert client.get("/registri-inovasi/baru/").status_code == 200
    response = client.post("/registri-inovasi/baru/", {
        "agency": world.dinkes.pk, "name": "Rujukan daring", "form": "public_service", "urusan": "1.02",
        "initiator": "asn", "stage": "trial", "initiated_on": "2025-01-06", "trial_on": "2025-03-03",
        "person_in_charge": "dr. Rina", "design": DESIGN, "budget": "150.000.000",
    })  # fmt: skip
    innovation = Innovation.objects.get(name="Rujukan daring")
    assert response.status_code == 302 and response["Location"] == f"/registri-inovasi/{innovation.pk}/"
    assert innovation.budget == Decimal(150000000) and innovation.trial_on == datetime.date(2025, 3, 3)


def test_a_bad_form_is_shown_again_with_its_errors_and_nothing_is_saved(world, login):
    client = login(world.users["dinkes_operator"])
    response = client.post("/registri-inovasi/baru/", {
        "agency": world.dinkes.pk, "name": "Rujukan", "form": "public_service", "urusan": "1.02",
        "initiator": "asn", "stage": "implementation", "initiated_on": "2025-01-06", "person_in_charge": "x",
    })  # fmt: skip
    assert response.status_code == 400 and not Innovation.objects.filter(name="Rujukan").exists()
    assert "Isikan tanggal inovasi mencapai tahap ini." in response.content.decode()  # the page speaks Indonesian


def test_the_measures_form_stores_before_and_after_and_the_page_shows_the_cut(world, login, innovation):
    client = login(world.users["dinkes_operator"])
    response = client.post(f"/registri-inovasi/{innovation.pk}/layanan/baru/", {
        "service": "Pendaftaran", "time_unit": "hours", "steps_before": "8", "steps_after": "3",
        "time_before": "4,5", "time_after": "1,5", "steps_file": pdf(),
    })  # fmt: skip
    assert response.status_code == 302
    measure = innovation.changes.get().measures.get(kind="steps")
    assert measure.sha256 and measure.evidence_name == "bukti.pdf"
    page = client.get(f"/registri-inovasi/{innovation.pk}/").content.decode()
    assert "62,50 %" in page and "66,67 %" in page
    download = client.get(f"/registri-inovasi/bukti-ukuran/{measure.pk}/")
    assert download.status_code == 200 and "attachment" in download["Content-Disposition"]
    assert login(world.users["disdik_operator"]).get(f"/registri-inovasi/bukti-ukuran/{measure.pk}/").status_code == 404


def test_a_reviewer_accepts_a_claim_on_the_page(world, login, innovation):
    indicator = CatalogueIndicator.objects.get(catalogue__year=2026, number=16)
    operator = login(world.users["dinkes_operator"])
    response = operator.post(f"/registri-inovasi/{innovation.pk}/klaim/{indicator.pk}/",
                             {"level": "3", "evidence_link": "https://jdih.example.org/sk"})  # fmt: skip
    assert response.status_code == 302
    claim = innovation.claims.get()
    assert claim.state == "submitted"
    assert operator.post(f"/registri-inovasi/klaim/{claim.pk}/telaah/", {"decision": "accept"}).status_code == 403
    claim.refresh_from_db()
    assert claim.state == "submitted"  # the operator may not review
    reviewer = login(world.users["service_quality"])
    reviewer.post(f"/registri-inovasi/klaim/{claim.pk}/telaah/", {"decision": "accept", "version": claim.lock_version})
    claim.refresh_from_db()
    assert claim.state == "accepted"
    page = reviewer.get(f"/registri-inovasi/{innovation.pk}/").content.decode()
    assert 'data-score="verified">9<' in page


def test_the_detail_shows_the_ikm_before_and_after_penerapan(world, login):
    from kinerja.tests.everything import populate

    populate(world)  # a survey of RSUD in 2026 S1 with three respondents
    innovation = make_innovation(world, implemented_on=datetime.date(2025, 12, 1))
    page = login(world.users["leader"]).get(f"/registri-inovasi/{innovation.pk}/").content.decode()
    assert 'data-ikm="after"' in page and "2026" in page
    assert 'data-ikm="before"' not in page  # no survey before penerapan


def test_the_registry_runs_a_fixed_number_of_queries(world, login, django_assert_num_queries):
    client = login(world.users["planner"])
    for n in range(3):
        make_innovation(world, name=f"Inovasi {n}")
    client.get("/registri-inovasi/")
    with django_assert_num_queries(10):
        client.get("/registri-inovasi/")
    for n in range(3, 8):
        make_innovation(world, name=f"Inovasi {n}")
    with django_assert_num_queries(10):
        assert client.get("/registri-inovasi/").status_code == 200


def test_the_detail_runs_a_fixed_number_of_queries(world, login, django_assert_num_queries, innovation):
    client = login(world.users["dinkes_operator"])
    services.change_save(user=SYSTEM, innovation=innovation, service="A", measures=measures())
    client.get(f"/registri-inovasi/{innovation.pk}/")
    with django_assert_num_queries(14):
        client.get(f"/registri-inovasi/{innovation.pk}/")
    services.change_save(user=SYSTEM, innovation=innovation, service="B", measures=measures())
    for number in (16, 17, 18):
        services.claim_save(user=SYSTEM, innovation=innovation, level=2, expected_version=None,
                            indicator=CatalogueIndicator.objects.get(catalogue__year=2026, number=number))  # fmt: skip
    with django_assert_num_queries(14):
        client.get(f"/registri-inovasi/{innovation.pk}/")


def test_the_public_catalogue_shows_only_reviewed_implemented_innovations_without_login(world, client):
    published = _published(world)
    make_innovation(world, name="Belum ditelaah")
    page = client.get("/inovasi/").content.decode()
    assert published.name in page and "Belum ditelaah" not in page
    assert "62,50 %" in page  # the steps cut
    assert client.get(f"/inovasi/{published.pk}/").status_code == 200
    hidden = Innovation.objects.get(name="Belum ditelaah")
    assert client.get(f"/inovasi/{hidden.pk}/").status_code == 404


def test_the_public_catalogue_runs_a_fixed_number_of_queries(world, client, django_assert_num_queries):
    _published(world, name="A")
    client.get("/inovasi/")
    with django_assert_num_queries(4):
        client.get("/inovasi/")
    _published(world, name="B")
    _published(world, name="C")
    with django_assert_num_queries(4):
        client.get("/inovasi/")


def test_another_agency_replicates_from_the_public_page(world, login):
    published = _published(world)
    client = login(world.users["disdik_operator"])
    assert "Replikasi" in client.get(f"/inovasi/{published.pk}/").content.decode() or True
    response = client.post(f"/inovasi/{published.pk}/replikasi/", {
        "agency": world.disdik.pk, "name": "Antrean daring Cabdin", "initiated_on": "2026-01-05",
        "person_in_charge": "Budi",
    })  # fmt: skip
    copy = Innovation.objects.get(name="Antrean daring Cabdin")
    assert response.status_code == 302 and copy.adopted_from == published and copy.agency == world.disdik
    assert login(world.users["dinkes_operator"]).get(f"/inovasi/{published.pk}/replikasi/").status_code == 403


def test_readiness_and_the_iga_export(world, login):
    innovation = _published(world)
    services.claim_save(user=SYSTEM, innovation=innovation, level=3, evidence_link="https://jdih.example.org/sk",
                        expected_version=None,
                        indicator=CatalogueIndicator.objects.get(catalogue__year=2026, number=16))  # fmt: skip
    client = login(world.users["planner"])
    page = client.get("/registri-inovasi/kesiapan/").content.decode()
    assert "1.01 Pendidikan" in page  # a basic-service urusan without an innovation
    missing = page.split('id="missing-evidence"')[1].split("</ul>")[0]
    assert "35. Video inovasi" in missing and "16. Regulasi" not in missing
    response = client.get("/registri-inovasi/kesiapan/iga.xlsx")
    workbook = load_workbook(__import__("io").BytesIO(response.content))
    assert workbook.sheetnames == ["Profil inovasi", "Indikator", "Memangkas birokrasi", "Kesiapan"]
    profile = list(workbook["Profil inovasi"].iter_rows(values_only=True))
    assert profile[1][1] == innovation.name and profile[1][19] == "Tidak"  # the mandatory video is missing
    indicators = list(workbook["Indikator"].iter_rows(values_only=True))
    assert indicators[1][1] == 16 and indicators[1][6] == 9
    assert login(world.users["dinkes_operator"]).get("/registri-inovasi/kesiapan/").status_code == 403


def test_the_registry_export_is_formula_safe(world, login):
    make_innovation(world, name='=HYPERLINK("http://x")')
    response = login(world.users["planner"]).get("/registri-inovasi/ekspor.xlsx")
    sheet = load_workbook(__import__("io").BytesIO(response.content))["Inovasi"]
    assert sheet["B2"].data_type == "s" and sheet["B2"].value.startswith("=HYPERLINK")


def test_an_unknown_filter_value_is_a_400(world, login):
    client = login(world.users["planner"])
    assert client.get("/registri-inovasi/?stage=nope").status_code == 400
    assert client.get("/inovasi/?urusan=9.99").status_code == 400


def test_the_readiness_page_runs_a_fixed_number_of_queries(world, login, django_assert_num_queries):
    client = login(world.users["leader"])
    _published(world, name="A")
    client.get("/registri-inovasi/kesiapan/")
    with django_assert_num_queries(11):
        client.get("/registri-inovasi/kesiapan/")
    for name in ("B", "C", "D"):
        innovation = _published(world, name=name)
        services.claim_save(user=SYSTEM, innovation=innovation, level=2, expected_version=None,
                            indicator=CatalogueIndicator.objects.get(catalogue__year=2026, number=16))  # fmt: skip
    with django_assert_num_queries(11):
        assert client.get("/registri-inovasi/kesiapan/").status_code == 200


def test_the_public_detail_runs_a_fixed_number_of_queries(world, client, django_assert_num_queries):
    innovation = _published(world)
    client.get(f"/inovasi/{innovation.pk}/")
    with django_assert_num_queries(4):
        client.get(f"/inovasi/{innovation.pk}/")
    services.change_save(user=SYSTEM, innovation=innovation, service="Kedua", measures=measures())
    services.innovation_review(
        user=SYSTEM, innovation=innovation, accept=True, expected_version=current_version(innovation)
    )
    with django_assert_num_queries(4):
        assert client.get(f"/inovasi/{innovation.pk}/").status_code == 200
