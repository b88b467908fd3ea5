"""Background tasks of the integrity app (django-tasks)."""

import logging

from django_tasks import task

logger = logging.getLogger(__name__)


@task()
def prepare_batch(batch_id: int) -> str:
    """Prepare the missing agreements and pacts of every agency of a year, one agency per transaction."""
    from kinerja.integrity import services

    return services.batch_run(batch_id)
