"""Background tasks of core (django-tasks): run by the worker process in production."""

from django.core.mail import mail_admins
from django_tasks import task

from kinerja.core.services import audit_check_run


@task()
def audit_chain_check(source: str = "task") -> dict:
    """Verify the audit trail's hash chain; tell the administrators (ADMINS) at once when it is broken."""
    check = audit_check_run(source=source)
    intact, message = check.intact, check.message
    if not intact:
        mail_admins("Kinerja: audit trail broken", f"The audit trail's hash chain is broken: {message}")
    return {"intact": intact, "message": message}
