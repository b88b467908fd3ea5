"""A revision names the version of the document the user saw: one signed or revised meanwhile is not revised."""

import pytest
from django.urls import reverse

from kinerja.core.services import ConflictError
from kinerja.integrity import services
from kinerja.integrity.choices import DocumentState
from kinerja.integrity.models import SignedDocument
from kinerja.integrity.tests.test_documents import prepare

HOST = {"HTTP_HOST": "127.0.0.1"}
STALE_ID = "Pengguna lain telah menyimpan data ini"


def test_a_document_changed_meanwhile_is_not_revised(world):
    document = prepare(world)
    planner = world.users["planner"]
    services.document_mark_ready(user=planner, document=document, expected_version=document.lock_version)
    for stale in (None, 1):  # the draft the user saw was made ready meanwhile
        with pytest.raises(ConflictError) as error:
            services.document_revise(user=planner, document=document, ground="official", expected_version=stale)
        assert error.value.current["state"] == DocumentState.READY
    assert SignedDocument.objects.count() == 1
    new = services.document_revise(user=planner, document=document, ground="official", expected_version=2)
    document.refresh_from_db()
    assert new.version == 2 and document.state == DocumentState.SUPERSEDED and document.lock_version == 3


def test_the_document_page_refuses_a_stale_revision_and_keeps_the_note(client, world):
    document = prepare(world)
    client.force_login(world.users["planner"])
    url = reverse("integrity:document", args=[document.pk])
    assert 'name="lock_version" value="1">' in client.get(url, **HOST).content.decode()
    services.document_mark_ready(user=world.users["planner"], document=document, expected_version=1)
    post = {"action": "revise", "ground": "official", "note": "Mutasi kepala dinas", "lock_version": "1"}
    response = client.post(url, post, **HOST)
    body = response.content.decode()
    assert response.status_code == 409 and STALE_ID in body and "Mutasi kepala dinas" in body
    assert SignedDocument.objects.count() == 1
    assert client.post(url, post | {"lock_version": "2"}, **HOST).status_code == 302
    assert SignedDocument.objects.count() == 2
