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


@pytest.fixture
def division(world):
    from kinerja.core.access import SYSTEM

    return services.division_save(
        user=SYSTEM, agency=world.dinkes, name="Bidang Yankes", head_name="Kabid", head_position="Kepala Bidang",
        activities=[world.dinkes_activity],
    )  # fmt: skip


def _change(world, division, version, **values):
    values = {"name": "Bidang Yankes", "head_name": "Kabid", "head_position": "Kepala Bidang",
              "activities": [world.dinkes_activity]} | values  # fmt: skip
    return services.division_save(
        user=world.users["dinkes_head"], agency=world.dinkes, division=division, expected_version=version, **values
    )


def test_a_division_changed_meanwhile_is_not_overwritten(world, division):
    from kinerja.integrity.models import Division

    assert division.lock_version == 1
    for stale in (None, 2):
        with pytest.raises(ConflictError) as error:
            _change(world, division, stale, head_name="Kabid Baru", activities=[])
        assert error.value.current["head_name"] == "Kabid"
    stored = Division.objects.get()
    assert (stored.head_name, stored.lock_version, stored.activities.count()) == ("Kabid", 1, 1)
    changed = _change(world, division, 1, head_name="Kabid Baru", activities=[])
    assert (changed.head_name, changed.lock_version, changed.activities.count()) == ("Kabid Baru", 2, 0)
    with pytest.raises(ConflictError):  # the page that showed version 1 is stale now
        _change(world, division, 1, head_position="Plt. Kepala Bidang")
    assert Division.objects.get().head_position == "Kepala Bidang"
    assert _change(world, division, 2, head_name="Kabid Baru", activities=[]).lock_version == 2  # nothing changed
    assert _change(world, division, 2, head_name="Kabid Baru").lock_version == 3  # the activities changed


def test_the_divisions_page_refuses_a_stale_change_and_keeps_the_input(client, world, division):
    from kinerja.integrity.models import Division

    client.force_login(world.users["dinkes_head"])
    url = reverse("integrity:divisions", args=[world.dinkes.code])
    page = client.get(f"{url}?year=2026&division={division.pk}", **HOST).content.decode()
    assert 'name="version" value="1"' in page and f'name="division" value="{division.pk}"' in page
    Division.objects.filter(pk=division.pk).update(head_name="Kabid Lain", lock_version=2)  # saved by someone else
    post = {"action": "division", "year": "2026", "name": "Bidang Yankes", "head_name": "Kabid Saya",
            "head_position": "Kepala Bidang", "division": division.pk, "version": "1"}  # fmt: skip
    response = client.post(url, post, **HOST)
    body = response.content.decode()
    assert response.status_code == 409 and STALE_ID in body and "Kabid Saya" in body and "Kabid Lain" in body
    assert 'name="version" value="2"' in body
    assert Division.objects.get().head_name == "Kabid Lain"
    assert client.post(url, post | {"version": "2"}, **HOST).status_code == 302
    stored = Division.objects.get()
    assert (stored.head_name, stored.lock_version) == ("Kabid Saya", 3)
