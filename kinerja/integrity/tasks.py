"""Background tasks of the integrity app (django-tasks)."""

import logging

from django_tasks import task

logger = logging.getLogger(__name__)


@task()
def prepare_batch(batch_id: int, base_url: str = "") -> str:
    """Prepare the missing agreements and pacts of every agency of a year, one agency per transaction.

    ``base_url`` is the address of the request that started the batch: the QR codes point to it unless
    ``PUBLIC_BASE_URL`` is set."""
    from kinerja.core import links
    from kinerja.core.access import SYSTEM
    from kinerja.core.audit import audit_context
    from kinerja.integrity import services

    with links.using(base_url), audit_context(user=SYSTEM, reason=f"preparation batch {batch_id}"):
        return services.batch_run(batch_id)


@task()
def make_annual_report(report_id: int) -> str:
    """Make an issued LKjIP's PDF and record its SHA-256 (kinerja/integrity/lkjip_services.py)."""
    from kinerja.integrity import lkjip_services

    return lkjip_services.report_make(report_id)
