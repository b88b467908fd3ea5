"""Background tasks of the dashboards app (django-tasks): the leaders' weekly brief."""

import datetime

from django_tasks import task


@task()
def send_weekly_briefs(week: str = "", base_url: str = "") -> int:
    """E-mail every leader of every government the brief of ``week`` (ISO, e.g. 2026-W40; default last week)."""
    from kinerja.core.links import using
    from kinerja.core.models import Government
    from kinerja.dashboards import brief as briefs

    parsed = briefs.parse_week(week) if week else briefs.last_week(datetime.date.today())
    sent = 0
    with using(base_url):
        for government in Government.objects.order_by("code"):
            sent += briefs.send(government=government, week=parsed)
    return sent
