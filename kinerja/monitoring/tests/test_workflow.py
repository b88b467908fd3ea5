import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from kinerja.core.models import AuditEvent
from kinerja.core.services import ConflictError
from kinerja.monitoring import services
from kinerja.monitoring.choices import RealizationState
from kinerja.monitoring.models import Realization
from kinerja.monitoring.tests.conftest import PDF, PNG, pdf
from kinerja.tests.versions import (
    budget_version,
    current_version,
    month_version,
    period_status_version,
    realization_version,
)

TW1 = ("quarter", 1)


def _draft(world, periods, output_indicator, user="dinkes_operator", value="12"):
    return services.realization_save(
        user=world.users[user],
        indicator=output_indicator,
        period=periods[TW1],
        value=value,
        explanation="3 RS",
        today=datetime.date(2026, 4, 2),
        expected_version=realization_version(output_indicator, periods[TW1]),
    )


def test_periods_have_deadlines_ten_days_after_they_end(periods):
    assert periods[("month", 2)].deadline == datetime.date(2026, 3, 10)
    assert periods[("quarter", 4)].ends == datetime.date(2026, 12, 31)
    assert periods[("quarter", 4)].deadline == datetime.date(2027, 1, 10)


def test_operator_enters_a_draft_and_the_head_submits_it(world, periods, output_indicator):
    draft = _draft(world, periods, output_indicator)
    assert draft.state == "draft" and draft.agency == world.dinkes and draft.value == 12
    services.evidence_add(user=world.users["dinkes_operator"], realization=draft, upload=pdf())
    with pytest.raises(PermissionDenied):
        services.realization_submit(
            user=world.users["dinkes_operator"], realization=draft, expected_version=current_version(draft)
        )
    with time_machine.travel(datetime.datetime(2026, 4, 5, 9, tzinfo=datetime.UTC)):
        submitted = services.realization_submit(
            user=world.users["dinkes_head"], realization=draft, expected_version=current_version(draft)
        )
    assert submitted.state == "submitted" and not submitted.is_late
    assert AuditEvent.objects.filter(action="submitted", object_id=str(draft.pk)).exists()


def test_submission_after_the_deadline_is_marked_late(world, periods, output_indicator):
    draft = _draft(world, periods, output_indicator)
    with time_machine.travel(datetime.datetime(2026, 4, 20, 9, tzinfo=datetime.UTC)):
        assert services.realization_submit(
            user=world.users["dinkes_head"], realization=draft, expected_version=current_version(draft)
        ).is_late


def test_submission_needs_evidence_or_an_explanation(world, periods, output_indicator):
    draft = services.realization_save(
        user=world.users["dinkes_operator"],
        indicator=output_indicator,
        period=periods[TW1],
        value="5",
        today=datetime.date(2026, 4, 2),
        expected_version=realization_version(output_indicator, periods[TW1]),
    )
    with pytest.raises(ValidationError, match="evidence"):
        services.realization_submit(
            user=world.users["dinkes_head"], realization=draft, expected_version=current_version(draft)
        )


def test_planner_verifies_and_the_value_is_locked(world, periods, output_indicator):
    draft = _draft(world, periods, output_indicator)
    services.realization_submit(
        user=world.users["dinkes_head"], realization=draft, expected_version=current_version(draft)
    )
    with pytest.raises(PermissionDenied):
        services.realization_verify(
            user=world.users["dinkes_head"], realization=draft, expected_version=current_version(draft)
        )
    verified = services.realization_verify(
        user=world.users["planner"], realization=draft, expected_version=current_version(draft)
    )
    assert verified.state == "verified" and verified.reviewed_by == world.users["planner"]
    with pytest.raises(ValidationError, match="correction"):
        _draft(world, periods, output_indicator, value="13")
    with pytest.raises(ValidationError):
        services.evidence_add(user=world.users["dinkes_operator"], realization=verified, upload=pdf())


def test_return_needs_a_reason_and_goes_back_to_the_agency(world, periods, output_indicator):
    draft = _draft(world, periods, output_indicator)
    services.realization_submit(
        user=world.users["dinkes_head"], realization=draft, expected_version=current_version(draft)
    )
    with pytest.raises(ValidationError):
        services.realization_return(
            user=world.users["planner"], realization=draft, reason="  ", expected_version=current_version(draft)
        )
    returned = services.realization_return(
        user=world.users["planner"],
        realization=draft,
        reason="Bukti tidak sesuai",
        expected_version=current_version(draft),
    )
    assert returned.state == "returned" and returned.return_reason == "Bukti tidak sesuai"
    fixed = _draft(world, periods, output_indicator, value="11")
    assert fixed.state == "returned" and fixed.value == 11
    assert (
        services.realization_submit(
            user=world.users["dinkes_head"], realization=fixed, expected_version=current_version(fixed)
        ).state
        == "submitted"
    )


def test_correction_after_verification_makes_a_new_version_and_keeps_the_old(world, periods, output_indicator):
    draft = _draft(world, periods, output_indicator)
    services.realization_submit(
        user=world.users["dinkes_head"], realization=draft, expected_version=current_version(draft)
    )
    services.realization_verify(user=world.users["planner"], realization=draft, expected_version=current_version(draft))
    with pytest.raises(ValidationError):
        services.realization_correct(
            user=world.users["dinkes_operator"],
            realization=draft,
            value="14",
            explanation="",
            reason="",
            expected_version=current_version(draft),
        )
    new = services.realization_correct(
        user=world.users["dinkes_operator"],
        realization=draft,
        value="14",
        explanation="salah hitung",
        reason="Salah hitung RS",
        expected_version=current_version(draft),
    )
    assert new.version == 2 and new.state == "draft" and new.is_current
    old = Realization.objects.get(pk=draft.pk)
    assert old.state == RealizationState.SUPERSEDED and not old.is_current and old.value == 12
    assert Realization.objects.filter(indicator=output_indicator, period=periods[TW1]).count() == 2


def test_other_agency_cannot_enter_values(world, periods, output_indicator):
    with pytest.raises(PermissionDenied):
        _draft(world, periods, output_indicator, user="disdik_operator")
    with pytest.raises(PermissionDenied):
        _draft(world, periods, output_indicator, user="inspector")


def test_value_must_be_a_number_and_the_period_must_fit_the_frequency(world, periods, output_indicator):
    with pytest.raises(ValidationError, match="not a number"):
        _draft(world, periods, output_indicator, value="dua belas")
    with pytest.raises(ValidationError, match="reported quarterly"):
        services.realization_save(
            user=world.users["dinkes_operator"],
            indicator=output_indicator,
            period=periods[("month", 1)],
            value="1",
            today=datetime.date(2026, 2, 2),
            expected_version=realization_version(output_indicator, periods[("month", 1)]),
        )


def test_a_period_that_has_not_started_cannot_be_reported(world, periods, output_indicator):
    with pytest.raises(ValidationError, match="not started"):
        services.realization_save(
            user=world.users["dinkes_operator"],
            indicator=output_indicator,
            period=periods[("quarter", 4)],
            value="1",
            today=datetime.date(2026, 4, 2),
            expected_version=realization_version(output_indicator, periods[("quarter", 4)]),
        )


def test_closed_period_refuses_entry_until_an_exception_is_granted(world, periods, output_indicator):
    planner = world.users["planner"]
    services.period_set_status(
        user=planner, period=periods[TW1], agency=world.dinkes, status="closed", expected_version=None
    )
    with pytest.raises(ValidationError, match="closed"):
        _draft(world, periods, output_indicator)
    with pytest.raises(ValidationError):
        services.period_set_status(
            user=planner,
            period=periods[TW1],
            agency=world.dinkes,
            status="closed",
            exception_until=datetime.date(2026, 4, 30),
            expected_version=period_status_version(periods[TW1], world.dinkes),
        )
    services.period_set_status(
        user=planner,
        period=periods[TW1],
        agency=world.dinkes,
        status="closed",
        exception_until=datetime.date(2026, 4, 30),
        note="RS baru",
        expected_version=period_status_version(periods[TW1], world.dinkes),
    )
    assert _draft(world, periods, output_indicator).state == "draft"
    with pytest.raises(PermissionDenied):
        services.period_set_status(
            user=world.users["dinkes_head"],
            period=periods[TW1],
            agency=world.dinkes,
            status="open",
            expected_version=period_status_version(periods[TW1], world.dinkes),
        )


def test_locked_period_refuses_verification(world, periods, output_indicator):
    draft = _draft(world, periods, output_indicator)
    services.realization_submit(
        user=world.users["dinkes_head"], realization=draft, expected_version=current_version(draft)
    )
    services.period_set_status(
        user=world.users["planner"], period=periods[TW1], agency=world.dinkes, status="locked", expected_version=None
    )
    with pytest.raises(ValidationError, match="locked"):
        services.realization_verify(
            user=world.users["planner"], realization=draft, expected_version=current_version(draft)
        )


def test_concurrent_edit_is_refused_showing_what_changed(world, periods, output_indicator):
    draft = _draft(world, periods, output_indicator)
    loaded = draft.lock_version
    services.realization_save(
        user=world.users["dinkes_operator"],
        indicator=output_indicator,
        period=periods[TW1],
        value="20",
        expected_version=loaded,
        today=datetime.date(2026, 4, 2),
    )
    with pytest.raises(ConflictError) as excinfo:
        services.realization_save(
            user=world.users["dinkes_head"],
            indicator=output_indicator,
            period=periods[TW1],
            value="30",
            expected_version=loaded,
            today=datetime.date(2026, 4, 2),
        )
    assert excinfo.value.current["value"] == "20"
    assert Realization.objects.get(pk=draft.pk).value == 20


def test_evidence_is_checked_by_content_and_stored_with_its_hash(world, periods, output_indicator, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    draft = _draft(world, periods, output_indicator)
    user = world.users["dinkes_operator"]
    evidence = services.evidence_add(user=user, realization=draft, upload=pdf())
    import hashlib

    assert evidence.sha256 == hashlib.sha256(PDF).hexdigest() and evidence.content_type == "application/pdf"
    assert services.evidence_add(user=user, realization=draft, upload=pdf("foto.png", PNG)).content_type == "image/png"
    with pytest.raises(ValidationError, match="content was checked"):
        services.evidence_add(
            user=user, realization=draft, upload=pdf("laporan.pdf", b"MZ\x90\x00\x03" + b"\x00" * 200)
        )
    with pytest.raises(ValidationError, match="content was checked"):
        services.evidence_add(user=user, realization=draft, upload=pdf("catatan.pdf", b"just some text, not a pdf"))
    settings.UPLOAD_MAX_BYTES = 1024
    with pytest.raises(ValidationError, match="at most"):
        services.evidence_add(user=user, realization=draft, upload=pdf("besar.pdf", PDF + b"0" * 2048))
    assert draft.evidence.count() == 2


def test_budget_months_refuse_spending_above_the_ceiling_and_bad_percentages(world):
    with pytest.raises(PermissionDenied):  # the pagu is Bappeda's figure, not the agency's
        services.budget_set(
            user=world.users["dinkes_operator"],
            node=world.dinkes_sub,
            year=2026,
            ceiling="1",
            expected_version=budget_version(world.dinkes_sub, 2026),
        )
    budget = services.budget_set(
        user=world.users["planner"],
        node=world.dinkes_sub,
        year=2026,
        ceiling="1.000.000,00",
        expected_version=budget_version(world.dinkes_sub, 2026),
    )
    assert budget.ceiling == Decimal("1000000")
    services.budget_month_set(
        user=world.users["dinkes_operator"],
        budget=budget,
        month=1,
        cash_plan="400000",
        spent="300000",
        physical_plan="10",
        physical_actual="12,5",
        expected_version=month_version(budget, 1),
    )
    with pytest.raises(ValidationError, match="exceeds the ceiling"):
        services.budget_month_set(
            user=world.users["dinkes_operator"],
            budget=budget,
            month=2,
            cash_plan="700000",
            expected_version=month_version(budget, 2),
        )
    with pytest.raises(ValidationError, match="between 0 and 100"):
        services.budget_month_set(
            user=world.users["dinkes_operator"],
            budget=budget,
            month=2,
            physical_actual="120",
            expected_version=month_version(budget, 2),
        )
    with pytest.raises(ValidationError, match="below what the months already plan"):
        services.budget_set(
            user=world.users["planner"], node=world.dinkes_sub, year=2026, ceiling="399999",
            expected_version=budget.lock_version,
        )  # fmt: skip
    budget.refresh_from_db()
    assert budget.ceiling == Decimal("1000000")
    with pytest.raises(ValidationError, match="per sub-activity"):
        services.budget_set(
            user=world.users["planner"],
            node=world.dinkes_program,
            year=2026,
            ceiling="5",
            expected_version=budget_version(world.dinkes_program, 2026),
        )
