"""Meetings, directives and follow-up actions: an edit names the version it was made on; a stale one changes nothing."""

import datetime

import pytest

from kinerja.core.access import SYSTEM
from kinerja.core.services import ConflictError
from kinerja.projects import services
from kinerja.projects.choices import ObstacleCategory
from kinerja.projects.models import Directive, FollowUp, Meeting
from kinerja.projects.tests.conftest import TODAY

HOST = {"HTTP_HOST": "127.0.0.1"}
STALE_ID = "Pengguna lain telah menyimpan data ini"


@pytest.fixture
def meeting(world):
    return services.meeting_save(
        user=SYSTEM, government=world.government,
        data={"title": "Rakor", "date": datetime.date(2026, 1, 21), "place": "Griya Agung", "chair": "Gubernur"},
    )  # fmt: skip


@pytest.fixture
def follow_up(world, project):
    obstacle = services.obstacle_save(
        user=world.users["dinkes_operator"], agency=world.dinkes, today=TODAY, expected_version=None,
        data={"project": project, "title": "Lahan", "category": ObstacleCategory.LAND, "raised_on": TODAY, "owner": "Kabid"},
    )  # fmt: skip
    return services.follow_up_save(
        user=SYSTEM, obstacle=obstacle, action="Musyawarah", responsible="Kabid", due=TODAY, today=TODAY
    )


def test_a_meeting_edit_needs_the_version_it_was_made_on(world, meeting):
    planner = world.users["planner"]
    assert meeting.lock_version == 1
    for stale in (None, 2):
        with pytest.raises(ConflictError) as error:
            services.meeting_save(user=planner, government=world.government, meeting=meeting,
                                  data={"title": "Rakor baru"}, expected_version=stale)  # fmt: skip
        assert error.value.current["title"] == "Rakor"
    assert Meeting.objects.get().title == "Rakor" and Meeting.objects.get().lock_version == 1
    saved = services.meeting_save(
        user=planner, government=world.government, meeting=meeting, data={"title": "Rakor baru"}, expected_version=1
    )
    assert saved.title == "Rakor baru" and saved.lock_version == 2
    with pytest.raises(ConflictError):  # the first editor's page is now stale
        services.meeting_save(user=planner, government=world.government, meeting=meeting,
                              data={"title": "Lain"}, expected_version=1)  # fmt: skip
    saved = services.meeting_save(user=planner, government=world.government, meeting=meeting,
                                  data={}, attendees=[world.dinkes], expected_version=2)  # fmt: skip
    assert saved.lock_version == 3 and list(saved.attendees.all()) == [world.dinkes]


def test_a_directive_edit_needs_the_version_it_was_made_on(world, meeting):
    planner = world.users["planner"]
    directive = services.directive_save(
        user=planner, meeting=meeting, text="Selaraskan", due=datetime.date(2026, 3, 31), agencies=[world.dinkes]
    )
    assert directive.lock_version == 1
    with pytest.raises(ConflictError):
        services.directive_save(user=planner, meeting=meeting, text="Ubah", due=datetime.date(2026, 3, 31),
                                agencies=[world.dinkes, world.disdik], directive=directive, expected_version=None)  # fmt: skip
    directive.refresh_from_db()
    assert directive.text == "Selaraskan" and directive.assignments.count() == 1
    changed = services.directive_save(user=planner, meeting=meeting, text="Ubah", due=datetime.date(2026, 3, 31),
                                      agencies=[world.dinkes, world.disdik], directive=directive, expected_version=1)  # fmt: skip
    assert changed.text == "Ubah" and changed.lock_version == 2 and changed.assignments.count() == 2
    with pytest.raises(ConflictError):
        services.directive_save(user=planner, meeting=meeting, text="Lagi", due=datetime.date(2026, 3, 31),
                                agencies=[world.dinkes], directive=directive, expected_version=1)  # fmt: skip
    assert Directive.objects.get().text == "Ubah" and Directive.objects.get().assignments.count() == 2


def test_a_follow_up_edit_needs_the_version_it_was_made_on(world, follow_up):
    operator = world.users["dinkes_operator"]
    values = {"action": "Musyawarah", "responsible": "Kabid", "due": TODAY, "done_on": TODAY, "outcome": "Sepakat"}
    with pytest.raises(ConflictError):
        services.follow_up_save(user=operator, obstacle=follow_up.obstacle, follow_up=follow_up, today=TODAY,
                                expected_version=None, **values)  # fmt: skip
    follow_up.refresh_from_db()
    assert follow_up.done_on is None and follow_up.lock_version == 1
    done = services.follow_up_save(user=operator, obstacle=follow_up.obstacle, follow_up=follow_up, today=TODAY,
                                   expected_version=1, **values)  # fmt: skip
    assert done.done_on == TODAY and done.lock_version == 2
    with pytest.raises(ConflictError):
        services.follow_up_save(user=operator, obstacle=follow_up.obstacle, follow_up=follow_up, today=TODAY,
                                expected_version=1, **(values | {"outcome": "Lain"}))  # fmt: skip
    assert FollowUp.objects.get().outcome == "Sepakat"


def test_the_meeting_page_refuses_a_stale_form_and_keeps_the_input(client, world, meeting):
    client.force_login(world.users["planner"])
    form = {"title": "Rakor koordinasi", "date": "2026-01-21", "place": "Griya Agung", "chair": "Gubernur"}
    from django.urls import reverse

    url = reverse("projects:meeting_edit", args=[meeting.pk])
    assert 'name="version" value="1"' in client.get(url, **HOST).content.decode()
    Meeting.objects.filter(pk=meeting.pk).update(title="Rakor lain", lock_version=2)  # saved by someone else
    response = client.post(url, form | {"version": "1"}, **HOST)
    body = response.content.decode()
    assert response.status_code == 400 and STALE_ID in body and "Rakor koordinasi" in body
    assert Meeting.objects.get().title == "Rakor lain"
    assert client.post(url, form | {"version": "2"}, **HOST).status_code == 302
    assert Meeting.objects.get().title == "Rakor koordinasi"


def test_marking_a_follow_up_done_from_a_stale_page_is_refused(client, world, follow_up):
    from django.urls import reverse

    client.force_login(world.users["dinkes_operator"])
    url = reverse("projects:obstacle", args=[follow_up.obstacle_id])
    assert (
        f'name="follow_up" value="{follow_up.pk}"><input type="hidden" name="version" value="1">'
        in client.get(url, **HOST).content.decode()
    )
    FollowUp.objects.filter(pk=follow_up.pk).update(responsible="Sekda", lock_version=2)
    post = {"op": "done", "follow_up": follow_up.pk, "outcome": "Lahan dibebaskan", "version": "1"}
    response = client.post(url, post, **HOST)
    body = response.content.decode()
    assert response.status_code == 409 and STALE_ID in body and 'value="Lahan dibebaskan"' in body
    assert FollowUp.objects.get().done_on is None
    assert client.post(url, post | {"version": "2"}, **HOST).status_code == 302
    assert FollowUp.objects.get().outcome == "Lahan dibebaskan"


def test_the_api_answers_409_on_a_stale_meeting_or_follow_up(client, world, meeting, follow_up):
    client.force_login(world.users["planner"])
    body = client.get(f"/api/v1/meetings/{meeting.pk}/", **HOST).json()
    assert body["version"] == 1
    stale = client.patch(f"/api/v1/meetings/{meeting.pk}/", {"title": "Baru"}, content_type="application/json", **HOST)
    assert stale.status_code == 409 and stale.json()["extra"]["current"]["title"] == "Rakor"
    ok = client.patch(f"/api/v1/meetings/{meeting.pk}/", {"title": "Baru", "expected_version": 1},
                      content_type="application/json", **HOST)  # fmt: skip
    assert ok.status_code == 200 and ok.json()["version"] == 2
    client.force_login(world.users["dinkes_operator"])
    url = f"/api/v1/follow-ups/{follow_up.pk}/"
    stale = client.patch(url, {"outcome": "x", "expected_version": 5}, content_type="application/json", **HOST)
    assert stale.status_code == 409 and stale.json()["extra"]["current"]["outcome"] == ""
    ok = client.patch(url, {"outcome": "x", "expected_version": 1}, content_type="application/json", **HOST)
    assert ok.status_code == 200 and ok.json()["version"] == 2 and FollowUp.objects.get().outcome == "x"
