"""Background tasks of core (django-tasks): run by the worker process in production."""

from django.core.mail import mail_admins
from django_tasks import task

from kinerja.core import anchors
from kinerja.core.services import audit_check_run


@task()
def audit_chain_check(source: str = "task") -> dict:
    """Verify the audit trail (chain, checkpoints, seals) and checkpoint it; tell ADMINS at once when broken.

    The result is kept for the audit trail page."""
    check = audit_check_run(source=source)
    intact, message = check.intact, check.message
    if not intact:
        mail_admins("Kinerja: audit trail broken", f"The audit trail's hash chain is broken: {message}")
    else:
        anchors.checkpoint()
    return {"intact": intact, "message": message}


@task()
def stored_files_check() -> dict:
    """Check every stored file against its SHA-256; tell ADMINS when one is altered or missing."""
    from kinerja.core.storedfiles import verify_files

    hashed, unhashed, problems = verify_files()
    if problems:
        listed = "\n".join(str(problem) for problem in problems[:200])
        mail_admins("Kinerja: stored files altered or missing", f"{len(problems)} stored files:\n{listed}")
    return {"hashed": hashed, "unhashed": unhashed, "problems": [str(problem) for problem in problems]}
