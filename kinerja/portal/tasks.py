"""Background tasks of the portal (django-tasks): run by the worker process in production."""

from django.utils import translation
from django_tasks import task


@task()
def refresh(name: str, government_id: int, year: int, language: str) -> None:
    """Compute the figures of portal page ``name`` again and keep them (``kinerja.portal.pages``)."""
    from kinerja.core.models import Agency, Government
    from kinerja.portal import pages

    government = Government.objects.filter(pk=government_id).first()
    with translation.override(language):
        if government is None:
            return
        try:
            pages.store(name, government, year, language)
        except Agency.DoesNotExist:  # the agency of an ``agency:<id>`` page was removed: nothing to keep
            pages.forget(name, government_id, year, language)
