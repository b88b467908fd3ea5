"""Satisfaction services fail closed: no user is refused, an update needs the version it edits."""

import pytest
from django.core.exceptions import PermissionDenied

from kinerja.core.services import ConflictError
from kinerja.satisfaction import services
from kinerja.satisfaction.models import Response, Survey


def test_no_user_changes_nothing(world, survey):
    with pytest.raises(PermissionDenied):
        services.survey_update(user=None, survey=survey, data={"population": 5}, expected_version=survey.lock_version)
    with pytest.raises(PermissionDenied):  # a paper questionnaire is entered by someone
        services.response_submit(survey=survey, data={}, channel="paper", user=None)
    assert Survey.objects.get(pk=survey.pk).population == survey.population
    assert not Response.objects.filter(survey=survey).exists()


def test_an_update_without_the_current_version_is_a_conflict_and_changes_nothing(world, survey):
    officer = world.users["service_quality"]
    for version in (None, survey.lock_version + 1):
        with pytest.raises(ConflictError):
            services.survey_update(user=officer, survey=survey, data={"population": 5}, expected_version=version)
    assert Survey.objects.get(pk=survey.pk).population == survey.population
    services.survey_update(user=officer, survey=survey, data={"population": 5}, expected_version=survey.lock_version)
    assert Survey.objects.get(pk=survey.pk).population == 5
