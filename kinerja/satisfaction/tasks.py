"""Background tasks of the satisfaction app (django-tasks)."""

import logging

from django.core.files.base import ContentFile
from django_tasks import task

logger = logging.getLogger(__name__)


@task()
def build_survey_export(export_id: int) -> str:
    """Make the report PDF or the raw-data workbook of a survey and attach it to the export record."""
    from kinerja.satisfaction import documents, excel
    from kinerja.satisfaction.models import SurveyExport

    export = SurveyExport.objects.select_related("survey__service_unit__agency", "survey__method").get(pk=export_id)
    SurveyExport.objects.filter(pk=export.pk).update(status=SurveyExport.RUNNING)
    try:
        if export.kind == SurveyExport.REPORT:
            content = documents.report_pdf(export.survey, language=export.language)
        else:
            content = excel.raw_data_workbook(export.survey)
    except Exception as error:  # reported on the page; the traceback goes to the log
        logger.exception("survey export %s failed", export.pk)
        SurveyExport.objects.filter(pk=export.pk).update(status=SurveyExport.FAILED, error=str(error)[:2000])
        return SurveyExport.FAILED
    export.file.save(export.filename, ContentFile(content), save=False)
    SurveyExport.objects.filter(pk=export.pk).update(status=SurveyExport.DONE, file=export.file.name)
    return SurveyExport.DONE
