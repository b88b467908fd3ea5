"""The indicator and target forms show numbers as the pages do, and saving them unchanged changes nothing."""

from decimal import Decimal

from kinerja.core.access import SYSTEM
from kinerja.core.audit import audit_context
from kinerja.core.tests.pages import resubmit_data
from kinerja.planning import services
from kinerja.planning.models import Indicator, Target
from kinerja.tests.versions import current_version, target_version


def test_an_indicator_opened_and_saved_unchanged_keeps_its_baseline(world, login):
    indicator = world.program_indicator
    with audit_context(username="test:setup"):
        services.indicator_update(
            user=SYSTEM,
            indicator=indicator,
            data={"baseline": Decimal("1600.5"), "baseline_year": 2024},
            expected_version=current_version(indicator),
        )
    client = login(world.users["planner"])
    page = client.get(f"/plan/indicators/{indicator.pk}/edit/")
    html = page.content.decode()
    assert 'value="1.600,5"' in html and 'value="2024"' in html
    assert client.post(f"/plan/indicators/{indicator.pk}/edit/", resubmit_data(page, "baseline")).status_code == 302
    stored = Indicator.objects.get(pk=indicator.pk)
    assert (stored.baseline, stored.baseline_year, stored.precision) == (Decimal("1600.5"), 2024, indicator.precision)


def test_targets_opened_and_saved_unchanged_stay_as_they_were(world, login):
    indicator = world.program_indicator
    with audit_context(username="test:setup"):
        services.target_set(
            user=SYSTEM,
            indicator=indicator,
            year=2026,
            value=Decimal("71.26"),
            expected_version=target_version(indicator, 2026),
        )
        services.target_set(
            user=SYSTEM,
            indicator=indicator,
            year=2027,
            value=Decimal("825000000"),
            expected_version=target_version(indicator, 2027),
        )
    client = login(world.users["planner"])
    url = f"/plan/indicators/{indicator.pk}/targets/"
    page = client.get(url)
    html = page.content.decode()
    assert 'value="71,26"' in html and 'value="825.000.000"' in html
    before = {t.pk: (t.value, t.lock_version) for t in Target.objects.filter(indicator=indicator)}
    assert client.post(url, resubmit_data(page, "target_2026")).status_code == 302
    assert {t.pk: (t.value, t.lock_version) for t in Target.objects.filter(indicator=indicator)} == before
