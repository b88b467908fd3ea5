"""The reality check's own record: an inspector's review of a signal (imported by models.py)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kinerja.core.models import Agency, AuditedModel, Government
from kinerja.core.querysets import Scope
from kinerja.dashboards.permissions import REALITY


class SignalReview(AuditedModel):
    """That an inspector looked into one signal of the reality check, with what they found.

    A signal is computed, never stored: the review is tied to it by its stable key (the kind and the
    subject, e.g. ``year_end_surge:indicator-42``) within an agency and a year. A reviewed signal stays
    on the page, marked reviewed; if the data stop producing it, the review stays in the trail.
    """

    scope = Scope(area=REALITY, agency="agency")

    government = models.ForeignKey(Government, on_delete=models.PROTECT, related_name="+", verbose_name=_("government"))
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="signal_reviews", verbose_name=_("agency")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(_("kind"), max_length=40)
    key = models.CharField(_("signal"), max_length=120)
    note = models.TextField(_("note"))
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed"))
    lock_version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["year", "agency", "key"]
        verbose_name = _("signal review")
        verbose_name_plural = _("signal reviews")
        constraints = [
            models.UniqueConstraint(fields=["agency", "year", "key"], name="signal_review_once"),
        ]
        indexes = [models.Index(fields=["government", "year"], name="signal_review_year_idx")]

    def __str__(self) -> str:
        return f"{self.key} {self.year} ({self.agency_id})"
