"""Background tasks of core (django-tasks): run by the worker process in production."""

from django.core.mail import mail_admins
from django_tasks import task

from kinerja.core.audit import verify_chain


@task()
def audit_chain_check() -> dict:
    """Verify the audit trail's hash chain; tell the administrators (ADMINS) at once when it is broken."""
    intact, message = verify_chain()
    if not intact:
        mail_admins("Kinerja: audit trail broken", f"The audit trail's hash chain is broken: {message}")
    return {"intact": intact, "message": message}
