"""Each evidence file's use count, kept in step with the evidence rows, and what the reused-evidence read finds."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from kinerja.core.tests.files import pdf_bytes
from kinerja.monitoring import selectors, services, totals
from kinerja.monitoring.models import Evidence, EvidenceFile
from kinerja.tests.versions import current_version, realization_version

PDF = pdf_bytes(text="Daftar hadir")


def _value(world, periods, indicator, quarter):
    return services.realization_save(
        user=world.users["dinkes_operator"],
        indicator=indicator,
        period=periods[("quarter", quarter)],
        value="5",
        explanation="ok",
        today=datetime.date(2026, 12, 1),
        expected_version=realization_version(indicator, periods[("quarter", quarter)]),
    )


def _attach(world, realization, content, name="bukti.pdf"):
    upload = SimpleUploadedFile(name, content, content_type="application/pdf")
    return services.evidence_add(user=world.users["dinkes_operator"], realization=realization, upload=upload)


def _uses(evidence):
    return EvidenceFile.objects.get(sha256=evidence.sha256).uses


def test_the_count_follows_every_upload_and_removal(world, periods, output_indicator):
    first = _attach(world, _value(world, periods, output_indicator, 1), PDF)
    assert _uses(first) == 1
    second_value = _value(world, periods, output_indicator, 2)
    second = _attach(world, second_value, PDF, "lagi.pdf")
    assert second.sha256 == first.sha256 and _uses(first) == 2
    other = _attach(world, second_value, pdf_bytes(text="Foto kegiatan"), "lain.pdf")
    assert _uses(other) == 1
    user = world.users["planner"]
    # drafts: not yet put forward, the file not yet reused evidence (below, once submitted)
    assert selectors.reused_evidence(user=user, government_id=world.government.pk, year=2026) == []
    second_value.refresh_from_db()
    services.evidence_remove(
        user=world.users["dinkes_operator"], evidence=second, expected_version=second_value.lock_version
    )
    assert _uses(first) == 1
    assert selectors.reused_evidence(user=user, government_id=world.government.pk, year=2026) == []
    assert totals.check_files() == []
    # A value deleted with its files (a cascade) counts them out too.
    Evidence.objects.filter(pk=first.pk).get().realization.delete()
    assert _uses(first) == 0 and totals.check_files() == []


def test_drift_is_reported_and_a_rebuild_repairs_it(world, periods, output_indicator):
    evidence = _attach(world, _value(world, periods, output_indicator, 1), PDF)
    _attach(world, _value(world, periods, output_indicator, 2), PDF, "lagi.pdf")
    EvidenceFile.objects.filter(sha256=evidence.sha256).update(uses=1)  # as a bulk load would leave it
    assert totals.check_files() == [f"file {evidence.sha256[:12]}: stored 1 uses, counted 2"]
    with pytest.raises(CommandError, match="1 file counts"):
        call_command("monitoring_totals", "--check")
    call_command("monitoring_totals", "--rebuild")
    assert _uses(evidence) == 2 and totals.check_files() == []
    call_command("monitoring_totals", "--check")


def test_the_same_file_twice_on_one_value_is_refused_and_changes_nothing(world, periods, output_indicator):
    from django.core.exceptions import ValidationError

    value = _value(world, periods, output_indicator, 1)
    first = _attach(world, value, PDF)
    with pytest.raises(ValidationError, match="already attached to this value"):
        _attach(world, value, PDF, "salinan.pdf")
    assert list(value.evidence.values_list("pk", flat=True)) == [first.pk] and _uses(first) == 1
    # The same file on another value is allowed (the reality check weighs that reuse).
    _attach(world, _value(world, periods, output_indicator, 2), PDF, "lagi.pdf")
    assert _uses(first) == 2


def test_a_removal_never_fails_on_a_count_left_at_zero(world, periods, output_indicator):
    value = _value(world, periods, output_indicator, 1)
    evidence = _attach(world, value, PDF)
    EvidenceFile.objects.filter(sha256=evidence.sha256).update(uses=0)  # as a bulk load would leave it
    value.refresh_from_db()
    services.evidence_remove(
        user=world.users["dinkes_operator"], evidence=evidence, expected_version=value.lock_version
    )
    assert not Evidence.objects.filter(pk=evidence.pk).exists() and _uses(evidence) == 0


def test_a_file_is_reused_evidence_once_the_values_are_submitted(world, periods, output_indicator):
    values = [_value(world, periods, output_indicator, quarter) for quarter in (1, 2)]
    first, second = (_attach(world, value, PDF, f"hadir-{i}.pdf") for i, value in enumerate(values))
    user = world.users["planner"]
    assert selectors.reused_evidence(user=user, government_id=world.government.pk, year=2026) == []
    services.realization_submit(
        user=world.users["dinkes_head"], realization=values[0], expected_version=current_version(values[0])
    )
    assert selectors.reused_evidence(user=user, government_id=world.government.pk, year=2026) == []  # one use
    services.realization_submit(
        user=world.users["dinkes_head"], realization=values[1], expected_version=current_version(values[1])
    )
    reused = selectors.reused_evidence(user=user, government_id=world.government.pk, year=2026)
    assert sorted(row["id"] for row in reused) == sorted([first.pk, second.pk])
