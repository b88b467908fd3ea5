"""Integrity services fail closed: no user is refused, a step needs the version it acts on, and the
preparation of every agency's documents is a right on the whole government."""

import pytest
from django.core.exceptions import PermissionDenied

from kinerja.core.access import SYSTEM
from kinerja.core.services import ConflictError
from kinerja.integrity import services
from kinerja.integrity.choices import DocumentState
from kinerja.integrity.models import PreparationBatch, SignedDocument
from kinerja.integrity.tests.test_documents import prepare


def test_no_user_changes_nothing(world):
    document = prepare(world)
    with pytest.raises(PermissionDenied):
        services.document_mark_ready(user=None, document=document, expected_version=document.lock_version)
    assert SignedDocument.objects.get(pk=document.pk).state == DocumentState.DRAFT
    with pytest.raises(PermissionDenied):
        services.batch_start(user=None, government=world.government, year=2026)
    assert not PreparationBatch.objects.exists()


def test_only_a_government_role_prepares_every_agency(world):
    for name in ("dinkes_head", "stranger"):
        with pytest.raises(PermissionDenied):
            services.batch_start(user=world.users[name], government=world.government, year=2026)
    assert not PreparationBatch.objects.exists()


def test_a_step_without_the_current_version_is_a_conflict_and_changes_nothing(world):
    document = prepare(world)
    planner = world.users["planner"]
    for version in (None, document.lock_version + 1):
        with pytest.raises(ConflictError):
            services.document_mark_ready(user=planner, document=document, expected_version=version)
    assert SignedDocument.objects.get(pk=document.pk).state == DocumentState.DRAFT
    services.document_mark_ready(user=planner, document=document, expected_version=document.lock_version)
    assert SignedDocument.objects.get(pk=document.pk).state == DocumentState.READY


def test_the_system_actor_cannot_sign(world, trusted, p12):
    from kinerja.integrity.tests.test_documents import credential

    document = prepare(world)
    document = services.document_mark_ready(user=SYSTEM, document=document, expected_version=document.lock_version)
    with pytest.raises(PermissionDenied):
        services.document_sign(user=SYSTEM, document=document, credential=credential(p12, "dinkes.kepala"))
    assert SignedDocument.objects.get(pk=document.pk).state == DocumentState.READY
