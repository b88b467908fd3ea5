"""Issuing an LKjIP: queued by the agency head (their agency's) or a planner (any, and the government's),
made by the worker, recorded by SHA-256 so that a copy can be verified like the agreements."""

import hashlib

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from kinerja.core import audit
from kinerja.core.access import require
from kinerja.core.models import Agency, Government
from kinerja.integrity import lkjip
from kinerja.integrity.models import AnnualReport
from kinerja.integrity.permissions import INTEGRITY


@transaction.atomic
def report_issue(*, user, government: Government, year: int, agency: Agency | None = None) -> AnnualReport:
    """Queue the making of the year's report (the next version); an unfinished one is returned instead."""
    require(user, "add", agency if agency is not None else government, area=INTEGRITY)
    reports = AnnualReport.objects.select_for_update(of=("self",)).filter(
        government=government, agency=agency, year=year
    )
    pending = reports.filter(status__in=[AnnualReport.QUEUED, AnnualReport.RUNNING]).first()
    if pending is not None:
        return pending
    version = (reports.aggregate(top=Max("version"))["top"] or 0) + 1
    report = AnnualReport.objects.create(
        government=government, agency=agency, year=year, version=version,
        issued_by=user if getattr(user, "pk", None) else None, step=_("Waiting for the worker"),
    )  # fmt: skip
    from kinerja.integrity.tasks import make_annual_report

    transaction.on_commit(lambda: make_annual_report.enqueue(report.pk))
    return report


def _step(report: AnnualReport, status: str, step: str) -> None:
    report.status, report.step = status, step
    AnnualReport.objects.filter(pk=report.pk).update(status=status, step=step)


def report_make(report_id: int) -> str:
    """Make the PDF of a queued report (the worker's task): figures, chapters, file and hash."""
    report = AnnualReport.objects.select_related("government", "agency").get(pk=report_id)
    if report.status not in (AnnualReport.QUEUED, AnnualReport.FAILED):
        return report.status
    try:
        _step(report, AnnualReport.RUNNING, _("Computing the achievements"))
        content = lkjip.build(government=report.government, year=report.year, agency=report.agency)
        _step(report, AnnualReport.RUNNING, _("Writing the PDF"))
        data = lkjip.render(content)
    except Exception as error:  # the report must say why it failed, and the next issuance may retry
        AnnualReport.objects.filter(pk=report.pk).update(status=AnnualReport.FAILED, error=str(error)[:2000])
        raise
    with transaction.atomic():
        report = AnnualReport.objects.select_for_update().get(pk=report.pk)
        report.pdf.save(f"lkjip-{report.year}.pdf", ContentFile(data), save=False)
        report.sha256 = hashlib.sha256(data).hexdigest()
        report.indicators = len(content.lines)
        report.status, report.step, report.error = AnnualReport.DONE, "", ""
        report.issued_at = timezone.now()
        report.save()
        audit.record_event(
            action="issue", obj=report, government_id=report.government_id,
            after={"sha256": report.sha256, "version": report.version, "indicators": report.indicators},
        )  # fmt: skip
    return report.status


def find_issued(sha256: str) -> AnnualReport | None:
    """The issued report whose PDF has this SHA-256 (the verification page's second question)."""
    return AnnualReport.objects.select_related("agency", "government").filter(sha256=sha256, status="done").first()
