"""Background tasks of core (django-tasks): run by the worker process in production."""

from django.core.mail import mail_admins
from django_tasks import task

from kinerja.core import anchors


@task()
def audit_chain_check() -> dict:
    """Verify the audit trail (chain, checkpoints, seals) and checkpoint it; tell ADMINS at once when broken."""
    intact, message = anchors.verify_trail()
    if not intact:
        mail_admins("Kinerja: audit trail broken", f"The audit trail's hash chain is broken: {message}")
    else:
        anchors.checkpoint()
    return {"intact": intact, "message": message}
