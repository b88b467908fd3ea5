"""Background tasks of monitoring (django-tasks)."""

import datetime

from django_tasks import task

from kinerja.monitoring import reminders


@task()
def send_reporting_digests(day: str) -> int:
    """Send the daily reminder digest for ``day`` (ISO date); return how many e-mails went out."""
    return reminders.send_digests(today=datetime.date.fromisoformat(day))


@task()
def process_entry_import(job_id: int) -> str:
    """Check and save an uploaded entry sheet, reporting progress on the job as rows are checked."""
    from kinerja.monitoring.entry_excel import import_sheet, read_rows, row_limit
    from kinerja.monitoring.models import ImportJob

    job = ImportJob.objects.select_related("agency", "period", "user").get(pk=job_id)
    data = job.file.open("rb").read()
    try:
        total = len(read_rows(data, max_rows=row_limit(user=job.user, agency=job.agency, period=job.period)))
    except Exception:  # unreadable: import_sheet reports it as the job's error
        total = 0
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.RUNNING, total=total)

    def progress(done: int) -> None:
        ImportJob.objects.filter(pk=job.pk).update(processed=done)

    from kinerja.core.audit import audit_context

    with audit_context(user=job.user, reason=f"Excel import {job.filename}"):
        result = import_sheet(user=job.user, agency=job.agency, period=job.period, data=data, progress=progress)
    status = ImportJob.DONE if result.ok else ImportJob.FAILED
    ImportJob.objects.filter(pk=job.pk).update(
        status=status,
        processed=total,
        saved=result.saved,
        errors=[{"row": row, "message": message} for row, message in result.errors],
    )
    return status
