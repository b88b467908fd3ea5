"""A moderation decision names the version of the suggestion the moderator saw: a second moderator does not
overwrite the first's decision unseen."""

import pytest

from kinerja.core.models import AuditEvent
from kinerja.core.services import ConflictError
from kinerja.satisfaction import services
from kinerja.satisfaction.models import Response
from kinerja.satisfaction.tests.test_surveys import CODES, data

HOST = {"HTTP_HOST": "127.0.0.1"}
STALE_ID = "Pengguna lain telah menyimpan data ini"


@pytest.fixture
def suggestion(survey):
    return services.response_submit(
        survey=survey, data=data(survey, dict.fromkeys(CODES, 4), suggestion="Parkir sempit"), form_token="t-1"
    )


def test_a_second_moderator_does_not_overwrite_the_first(world, suggestion):
    officer = world.users["service_quality"]
    first = services.suggestion_moderate(user=officer, response=suggestion, status="published", expected_version=1)
    assert (first.suggestion_status, first.lock_version) == ("published", 2)
    for stale in (None, 1):  # the second moderator's page still showed the suggestion private
        with pytest.raises(ConflictError) as error:
            services.suggestion_moderate(user=officer, response=suggestion, status="hidden", expected_version=stale)
        assert error.value.current == {"suggestion_status": "published"}
    stored = Response.objects.get(pk=suggestion.pk)
    assert (stored.suggestion_status, stored.lock_version) == ("published", 2)
    assert AuditEvent.objects.filter(action="moderate").count() == 1
    hidden = services.suggestion_moderate(user=officer, response=suggestion, status="hidden", expected_version=2)
    assert (hidden.suggestion_status, hidden.lock_version) == ("hidden", 3)
    same = services.suggestion_moderate(user=officer, response=suggestion, status="hidden", expected_version=3)
    assert same.lock_version == 3 and AuditEvent.objects.filter(action="moderate").count() == 2


def test_the_results_page_refuses_a_stale_moderation(client, world, survey, suggestion):
    client.force_login(world.users["service_quality"])
    url = f"/satisfaction/{survey.pk}/"
    page = client.get(url, **HOST).content.decode()
    assert f'name="response" value="{suggestion.pk}"><input type="hidden" name="lock_version" value="1">' in page
    Response.objects.filter(pk=suggestion.pk).update(suggestion_status="published", lock_version=2)  # moderated
    post = {"action": "moderate", "response": suggestion.pk, "status": "hidden", "lock_version": "1"}
    response = client.post(url, post, follow=True, **HOST)
    assert STALE_ID in response.content.decode()
    assert Response.objects.get(pk=suggestion.pk).suggestion_status == "published"
    client.post(url, post | {"lock_version": "2"}, **HOST)
    assert Response.objects.get(pk=suggestion.pk).suggestion_status == "hidden"
