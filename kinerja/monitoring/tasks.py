"""Background tasks of monitoring (django-tasks)."""

import datetime

from django_tasks import task

from kinerja.monitoring import reminders


@task()
def send_reporting_digests(day: str) -> int:
    """Send the daily reminder digest for ``day`` (ISO date); return how many e-mails went out."""
    return reminders.send_digests(today=datetime.date.fromisoformat(day))
