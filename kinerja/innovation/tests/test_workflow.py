import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kinerja.core.access import SYSTEM
from kinerja.core.models import AuditEvent
from kinerja.core.services import ConflictError
from kinerja.innovation import formulas, selectors, services
from kinerja.innovation.models import Catalogue, CatalogueIndicator, CatalogueInUse, Claim, Innovation
from kinerja.innovation.tests.conftest import make_innovation, measures, pdf
from kinerja.tests.versions import current_version

pytestmark = pytest.mark.django_db


def test_the_2026_catalogue_is_installed_with_twenty_indicators_weighing_37(catalogue):
    indicators = list(catalogue.indicators.all())
    assert [i.number for i in indicators] == list(range(16, 36))
    assert sum(i.weight for i in indicators) == 37
    assert selectors.max_score(indicators) == 111
    assert catalogue.window_start == datetime.date(2024, 1, 1) and catalogue.window_end == datetime.date(2025, 12, 31)
    assert {i.number for i in indicators if i.mandatory} == {16, 35}


def test_an_operator_registers_an_innovation_of_the_own_agency_and_it_is_audited(world):
    innovation = make_innovation(world, user=world.users["dinkes_operator"])
    assert innovation.review_state == "draft" and innovation.lock_version == 1
    assert AuditEvent.objects.filter(object_type="innovation.innovation", object_id=str(innovation.pk)).exists()


def test_an_operator_cannot_register_for_another_agency(world):
    with pytest.raises(PermissionDenied):
        make_innovation(world, user=world.users["disdik_operator"])


@pytest.mark.parametrize("role", ["leader", "inspector", "service_quality", "planner", "no_role", "stranger"])
def test_readers_and_reviewers_do_not_register_innovations(world, role):
    with pytest.raises(PermissionDenied):
        make_innovation(world, user=world.users[role])


def test_a_stage_needs_its_date_and_dates_keep_their_order(world):
    with pytest.raises(ValidationError) as error:
        make_innovation(world, implemented_on=None)
    assert "implemented_on" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        make_innovation(world, implemented_on=datetime.date(2024, 3, 1))  # before the uji coba
    assert "implemented_on" in error.value.message_dict


def test_a_service_unit_of_another_agency_is_refused(world):
    with pytest.raises(ValidationError) as error:
        make_innovation(world, agency=world.disdik, service_unit=world.dinkes.service_units.first())
    assert "service_unit" in error.value.message_dict


def test_a_stale_edit_is_refused(world, innovation):
    from kinerja.core.services import ConflictError

    user = world.users["dinkes_operator"]
    services.innovation_save(user=user, government=world.government, innovation=innovation,
                             data={"location": "Palembang"}, expected_version=1)  # fmt: skip
    with pytest.raises(ConflictError):
        services.innovation_save(user=user, government=world.government, innovation=innovation,
                                 data={"location": "Banyuasin"}, expected_version=1)  # fmt: skip


def test_the_cut_of_each_measure_is_computed(world, innovation):
    change = services.change_save(
        user=world.users["dinkes_operator"], innovation=innovation, service="Pendaftaran rawat jalan",
        measures=measures(),
    )  # fmt: skip
    rows = {row.kind: row for row in selectors.measure_rows(change)}
    assert rows["steps"].cut == Decimal("62.50")
    assert rows["documents"].cut == Decimal("66.67")
    assert rows["time"].cut == Decimal("78.57")
    assert rows["cost"].cut is None  # free before: no share can be computed


def test_a_measure_with_only_one_side_is_refused_and_nothing_is_kept(world, innovation):
    with pytest.raises(ValidationError):
        services.change_save(user=world.users["dinkes_operator"], innovation=innovation, service="Rawat jalan",
                             measures={"steps": {"before": Decimal(3), "after": None}})  # fmt: skip
    assert not innovation.changes.exists()


def _claim(world, innovation, number, level, **kwargs):
    indicator = CatalogueIndicator.objects.get(catalogue__year=2026, number=number)
    seen = Claim.objects.filter(innovation=innovation, indicator=indicator).first()  # what the operator edits
    return services.claim_save(user=world.users["dinkes_operator"], innovation=innovation, indicator=indicator,
                               level=level, expected_version=seen.lock_version if seen else None,
                               **kwargs)  # fmt: skip


def test_claims_are_reviewed_and_the_verified_score_counts_only_accepted_ones(world, innovation, catalogue):
    reviewer = world.users["service_quality"]
    regulation = _claim(world, innovation, 16, 3, upload=pdf())
    video = _claim(world, innovation, 35, 2, evidence_link="https://video.example.org/antrean")
    _claim(world, innovation, 28, 3, evidence_link="https://example.org/sp")
    services.claim_review(user=reviewer, claim=regulation, accept=True, expected_version=regulation.lock_version)
    services.claim_review(
        user=reviewer, claim=video, accept=False, note="Video belum memuat manfaat", expected_version=video.lock_version
    )
    found = selectors.scores([innovation.pk], catalogue)[innovation.pk]
    assert found.claimed == Decimal(3 * 3 + 4 * 2 + 2 * 3)
    assert found.verified == Decimal(9)
    assert (found.accepted, found.waiting, found.returned) == (1, 1, 1)
    # The database sum agrees with the pure formula.
    weights = {i.number: i.weight for i in catalogue.indicators.all()}
    levels = {c.indicator.number: c.level for c in Claim.objects.filter(innovation=innovation, state="accepted")}
    assert formulas.innovation_score(levels=levels, weights=weights) == found.verified


def test_a_changed_claim_goes_back_to_review(world, innovation):
    claim = _claim(world, innovation, 16, 2, evidence_link="https://example.org/sk")
    claim = services.claim_review(
        user=world.users["planner"], claim=claim, accept=True, expected_version=claim.lock_version
    )
    assert claim.state == "accepted"
    unchanged = _claim(world, innovation, 16, 2, evidence_link="https://example.org/sk")
    assert unchanged.state == "accepted"  # saving the same claim again changes nothing
    claim = _claim(world, innovation, 16, 3, evidence_link="https://example.org/perkada")
    assert claim.state == "submitted" and claim.reviewed_by is None


def test_returning_a_claim_needs_a_note_and_only_reviewers_review(world, innovation):
    claim = _claim(world, innovation, 16, 2, evidence_link="https://example.org/sk")
    with pytest.raises(ValidationError):
        services.claim_review(
            user=world.users["service_quality"],
            claim=claim,
            accept=False,
            note=" ",
            expected_version=claim.lock_version,
        )
    for role in ("dinkes_operator", "dinkes_head", "leader", "inspector", "stranger"):
        with pytest.raises(PermissionDenied):
            services.claim_review(user=world.users[role], claim=claim, accept=True, expected_version=claim.lock_version)
    assert Claim.objects.get(pk=claim.pk).state == "submitted"


def test_claims_need_penerapan_and_a_level_of_one_to_three(world):
    trial = make_innovation(world, name="Uji coba", stage="trial")
    indicator = CatalogueIndicator.objects.get(catalogue__year=2026, number=16)
    with pytest.raises(ValidationError):
        services.claim_save(user=SYSTEM, innovation=trial, indicator=indicator, level=2, expected_version=None)
    implemented = make_innovation(world)
    for level in (0, 4, True):
        with pytest.raises(ValidationError):
            services.claim_save(
                user=SYSTEM, innovation=implemented, indicator=indicator, level=level, expected_version=None
            )


def test_a_used_catalogue_cannot_be_changed_or_deleted(world, innovation, catalogue):
    _claim(world, innovation, 16, 2)
    indicator = catalogue.indicators.get(number=16)
    indicator.weight = Decimal(5)
    with pytest.raises(CatalogueInUse):
        indicator.save()
    with pytest.raises(CatalogueInUse):
        indicator.delete()
    catalogue.name = "Edited"
    with pytest.raises(CatalogueInUse):
        catalogue.save()
    with pytest.raises(CatalogueInUse):
        catalogue.delete()
    assert CatalogueIndicator.objects.get(pk=indicator.pk).weight == 3


def test_an_unused_catalogue_can_still_be_corrected_and_a_new_year_is_a_new_catalogue(catalogue):
    indicator = catalogue.indicators.get(number=17)
    indicator.level_1 = "1–10 orang"
    indicator.save()
    new = Catalogue.objects.create(year=2027, name="IID 2027", regulation="-", window_start=datetime.date(2025, 1, 1),
                                   window_end=datetime.date(2026, 12, 31), bands=catalogue.bands)  # fmt: skip
    assert new.indicators.count() == 0 and Catalogue.objects.count() == 2


def test_eligibility_is_explained(world, catalogue):
    indicators = list(catalogue.indicators.all())
    late = make_innovation(world, name="Terlambat", implemented_on=datetime.date(2026, 2, 1), design="pendek")
    checks = {c.name: c for c in selectors.eligibility(late, catalogue, indicators, [])}
    assert not checks["Implementation date"].ok and "01-01-2024" in checks["Implementation date"].explanation
    assert not checks["Design (rancang bangun)"].ok and "1 words" in checks["Design (rancang bangun)"].explanation
    assert not checks["Evidence of mandatory indicators"].ok
    assert "16. Regulasi inovasi daerah" in checks["Evidence of mandatory indicators"].explanation
    good = make_innovation(world, name="Tepat")
    _claim(world, good, 16, 3, upload=pdf())
    _claim(world, good, 35, 3, evidence_link="https://video.example.org/x")
    claims = list(good.claims.all())
    assert all(c.ok for c in selectors.eligibility(good, catalogue, indicators, claims))


def test_the_innovation_review_decides_what_the_public_sees_and_an_edit_sends_it_back(world, innovation):
    operator, reviewer = world.users["dinkes_operator"], world.users["service_quality"]
    services.innovation_submit(user=operator, innovation=innovation, expected_version=current_version(innovation))
    with pytest.raises(PermissionDenied):
        services.innovation_review(
            user=operator, innovation=innovation, accept=True, expected_version=current_version(innovation)
        )
    services.innovation_review(
        user=reviewer, innovation=innovation, accept=True, expected_version=current_version(innovation)
    )
    assert list(selectors.public_innovations()) == [innovation]
    services.change_save(user=operator, innovation=innovation, service="Rawat jalan", measures=measures())
    assert Innovation.objects.get(pk=innovation.pk).review_state == "submitted"
    assert list(selectors.public_innovations()) == []


def test_a_reviewer_cannot_accept_an_innovation_changed_after_reading_it(world, innovation):
    operator, reviewer = world.users["dinkes_operator"], world.users["service_quality"]
    services.innovation_submit(user=operator, innovation=innovation, expected_version=current_version(innovation))
    read = current_version(innovation)  # the version on the reviewer's page
    services.change_save(user=operator, innovation=innovation, service="Rawat jalan", measures=measures())
    assert current_version(innovation) == read + 1  # a new service raises the innovation's version too
    with pytest.raises(ConflictError):
        services.innovation_review(user=reviewer, innovation=innovation, accept=True, expected_version=read)
    with pytest.raises(ConflictError):
        services.innovation_review(user=reviewer, innovation=innovation, accept=True, expected_version=None)
    assert Innovation.objects.get(pk=innovation.pk).review_state == "submitted"
    assert not AuditEvent.objects.filter(object_id=str(innovation.pk), action="reviewed").exists()
    services.innovation_review(user=reviewer, innovation=innovation, accept=True, expected_version=read + 1)
    assert Innovation.objects.get(pk=innovation.pk).review_state == "reviewed"


def test_on_the_page_a_stale_review_is_refused_and_a_current_one_accepted(world, innovation, client):
    operator, reviewer = world.users["dinkes_operator"], world.users["service_quality"]
    services.innovation_submit(user=operator, innovation=innovation, expected_version=current_version(innovation))
    client.force_login(reviewer)
    page = client.get(f"/registri-inovasi/{innovation.pk}/").content.decode()
    read = current_version(innovation)
    assert f'name="version" value="{read}"' in page
    services.innovation_save(user=operator, government=world.government, data={"name": "Antrean daring v2"},
                             innovation=innovation, expected_version=read)  # fmt: skip
    answer = client.post(f"/registri-inovasi/{innovation.pk}/telaah/", {"decision": "accept", "version": read},
                         follow=True)  # fmt: skip
    assert "diubah saat Anda membacanya" in answer.content.decode()
    assert Innovation.objects.get(pk=innovation.pk).review_state == "submitted"
    client.post(f"/registri-inovasi/{innovation.pk}/telaah/", {"decision": "accept", "version": read + 1})
    assert Innovation.objects.get(pk=innovation.pk).review_state == "reviewed"


def test_another_agency_replicates_a_reviewed_innovation(world, innovation):
    services.innovation_submit(user=SYSTEM, innovation=innovation, expected_version=current_version(innovation))
    with pytest.raises(ValidationError):  # not yet reviewed
        services.innovation_adopt(user=world.users["disdik_operator"], original=innovation, agency=world.disdik,
                                  data={"name": "Antrean daring", "initiated_on": datetime.date(2026, 1, 5),
                                        "person_in_charge": "Budi"})  # fmt: skip
    services.innovation_review(
        user=world.users["planner"], innovation=innovation, accept=True, expected_version=current_version(innovation)
    )
    copy = services.innovation_adopt(
        user=world.users["disdik_operator"], original=innovation, agency=world.disdik,
        data={"name": "Antrean daring Cabdin", "initiated_on": datetime.date(2026, 1, 5), "person_in_charge": "Budi"},
    )  # fmt: skip
    assert copy.adopted_from == innovation and copy.agency == world.disdik and copy.stage == "initiative"
    assert list(innovation.replications.all()) == [copy]
    with pytest.raises(ValidationError):
        services.innovation_adopt(user=SYSTEM, original=innovation, agency=world.dinkes, data={})


def test_operators_see_their_own_agency_and_reviewers_every_agency(world, innovation):
    other = make_innovation(world, agency=world.disdik, name="Legalisasi daring", urusan="1.01", service_unit=None)
    assert list(selectors.innovation_list(user=world.users["dinkes_operator"])) == [innovation]
    assert list(selectors.innovation_list(user=world.users["disdik_operator"])) == [other]
    for role in ("service_quality", "planner", "leader", "inspector"):
        assert set(selectors.innovation_list(user=world.users[role])) == {innovation, other}
    assert list(selectors.innovation_list(user=world.users["stranger"])) == []


def test_readiness_counts_and_finds_the_gaps(world, catalogue):
    make_innovation(world, name="A")
    make_innovation(world, name="B", stage="trial")
    report = selectors.readiness(user=world.users["planner"], government=world.government, catalogue=catalogue)
    assert report.by_stage[0][1] == 0 and report.by_stage[1][1] == 1 and report.by_stage[2][1] == 1
    assert [code for code, _name in report.basic_without] == ["1.01", "1.03", "1.04", "1.05", "1.06"]
    dinkes_row = next(row for row in report.by_agency if row["agency"] == world.dinkes)
    assert dinkes_row["total"] == 2
    disdik_row = next(row for row in report.by_agency if row["agency"] == world.disdik)
    assert disdik_row["total"] == 0
    assert len(report.entries) == 1 and not report.entries[0]["eligible"]
    assert report.band == "tidak_dapat_dinilai"


@pytest.mark.parametrize(
    "implemented_on, ok",
    [
        (datetime.date(2023, 12, 31), False),
        (datetime.date(2024, 1, 1), True),
        (datetime.date(2025, 12, 31), True),
        (datetime.date(2026, 1, 1), False),
    ],
)
def test_the_implementation_window_includes_both_ends(world, catalogue, implemented_on, ok):
    innovation = make_innovation(world, initiated_on=datetime.date(2023, 1, 2), trial_on=datetime.date(2023, 6, 1),
                                 implemented_on=implemented_on)  # fmt: skip
    checks = {c.name: c for c in selectors.eligibility(innovation, catalogue, [], [])}
    assert checks["Implementation date"].ok is ok


@pytest.mark.parametrize("words, ok", [(299, False), (300, True)])
def test_the_rancang_bangun_needs_300_words(world, catalogue, words, ok):
    innovation = make_innovation(world, design=" ".join(["kata"] * words))
    checks = {c.name: c for c in selectors.eligibility(innovation, catalogue, [], [])}
    assert checks["Design (rancang bangun)"].ok is ok


def test_review_decisions_are_in_the_audit_trail(world, innovation):
    indicator = CatalogueIndicator.objects.get(catalogue__year=2026, number=16)
    claim = services.claim_save(user=SYSTEM, innovation=innovation, indicator=indicator, level=2, expected_version=None)
    services.claim_review(
        user=world.users["service_quality"],
        claim=claim,
        accept=False,
        note="SK belum diunggah",
        expected_version=claim.lock_version,
    )
    services.innovation_submit(
        user=world.users["dinkes_operator"], innovation=innovation, expected_version=current_version(innovation)
    )
    services.innovation_review(
        user=world.users["planner"], innovation=innovation, accept=True, expected_version=current_version(innovation)
    )
    returned = AuditEvent.objects.get(object_type="innovation.claim", action="returned")
    assert returned.reason == "SK belum diunggah"
    actions = set(AuditEvent.objects.filter(object_type="innovation.innovation").values_list("action", flat=True))
    assert {"submitted", "reviewed"} <= actions
