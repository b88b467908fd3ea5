"""A project's health changes are recorded by the recomputation (``ProjectHealthChange``), in bulk."""

import datetime

import pytest
from django.utils import timezone

from kinerja.projects import services
from kinerja.projects.choices import Health, Phase
from kinerja.projects.models import Project, ProjectHealthChange
from kinerja.projects.tests.conftest import TODAY, make_project, report


def _changes():
    return list(ProjectHealthChange.objects.order_by("pk").values_list("project_id", "old_health", "new_health"))


def test_a_first_computation_is_not_a_change_and_only_a_change_is_recorded(world):
    project = Project.objects.get(pk=make_project(world).pk)  # saving computes the health a first time
    assert project.health_on is not None and _changes() == []
    services.refresh_health(project_ids=[project.pk], today=TODAY)
    before = Project.objects.get(pk=project.pk).health
    ProjectHealthChange.objects.all().delete()  # the real day of creation may differ from TODAY: start clean
    report(project, datetime.date(2026, 10, 1), "50", "50")
    assert _changes() == [(project.pk, before, Health.ON_TRACK)] and before != Health.ON_TRACK
    services.refresh_health(project_ids=[project.pk], today=TODAY)  # the same health again: nothing new
    assert len(_changes()) == 1
    report(project, datetime.date(2026, 10, 1), "80", "40")  # 40 points behind plan
    assert _changes()[-1] == (project.pk, Health.ON_TRACK, Health.CRITICAL)
    # A recomputation standing for another day is dated at the start of that day; one for today, now.
    change = ProjectHealthChange.objects.latest("pk")
    assert timezone.localtime(change.changed_at) == datetime.datetime.combine(
        TODAY, datetime.time.min, tzinfo=timezone.get_current_timezone()
    )
    Project.objects.filter(pk=project.pk).update(phase=Phase.CANCELLED)
    services.refresh_health(project_ids=[project.pk], today=timezone.localdate())
    change = ProjectHealthChange.objects.latest("pk")
    assert (change.old_health, change.new_health) == (Health.CRITICAL, Health.CLOSED)
    assert abs(timezone.now() - change.changed_at) < datetime.timedelta(minutes=5)


@pytest.mark.parametrize("count", [2, 6])
def test_the_recomputation_writes_the_changes_in_one_query(world, count, django_assert_num_queries):
    ids = [make_project(world, code=f"p{n}").pk for n in range(count)]
    services.refresh_health(project_ids=ids, today=TODAY)
    ProjectHealthChange.objects.all().delete()
    with django_assert_num_queries(HEALTH_QUERIES):  # nothing changed: nothing written
        services.refresh_health(project_ids=ids, today=TODAY)
    Project.objects.filter(pk__in=ids).update(phase=Phase.CANCELLED)
    with django_assert_num_queries(HEALTH_QUERIES + 1):  # every project changed: one insert for all
        assert services.refresh_health(project_ids=ids, today=TODAY) == count
    assert sorted(project_id for project_id, _old, new in _changes() if new == Health.CLOSED) == sorted(ids)


HEALTH_QUERIES = 4  # the ids, the projects with their latest report, the open milestones, the bulk update
