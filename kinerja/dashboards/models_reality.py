"""The reality check's own record: an inspector's review of a signal (imported by models.py)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
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


class SignalSighting(models.Model):
    """That the reality check computed a signal of an agency, from one day to another: the record that tells what
    was new or resolved in a week, the signals themselves being computed on the fly.

    ``reality.record_signals`` keeps them, once a day before the digests (and before a current weekly brief):
    one open sighting (``resolved_on`` empty) per agency, year and signal key; a signal no longer computed is
    resolved on that day; one that comes back later opens a new sighting, marked ``returned``. Derived by the
    system from the data, like the signals, so not audited. Only the current year is recorded.
    """

    government = models.ForeignKey(Government, on_delete=models.PROTECT, related_name="+", verbose_name=_("government"))
    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, related_name="signal_sightings", verbose_name=_("agency")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(_("kind"), max_length=40)
    key = models.CharField(_("signal"), max_length=120)
    explanation = models.TextField(_("explanation"), blank=True)
    first_seen = models.DateField(_("first seen"))
    last_seen = models.DateField(_("last seen"))
    resolved_on = models.DateField(_("resolved on"), null=True, blank=True)
    returned = models.BooleanField(_("returned after being resolved"), default=False)

    class Meta:
        ordering = ["first_seen", "pk"]
        verbose_name = _("signal sighting")
        verbose_name_plural = _("signal sightings")
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "year", "key"],
                condition=Q(resolved_on__isnull=True),
                name="signal_sighting_open_once",
            ),
        ]
        indexes = [
            models.Index(fields=["government", "year", "resolved_on"], name="signal_sighting_open_idx"),
            models.Index(fields=["government", "first_seen"], name="signal_sighting_first_idx"),
            models.Index(fields=["government", "resolved_on"], name="signal_sighting_resolved_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.key} {self.year} ({self.agency_id}) {self.first_seen}–{self.resolved_on or ''}"
