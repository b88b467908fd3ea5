from django.db import models
from django.utils.translation import gettext_lazy as _


class PeriodKind(models.TextChoices):
    MONTH = "month", _("Month")
    QUARTER = "quarter", _("Quarter")


class PeriodStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")
    LOCKED = "locked", _("Locked")


class RealizationState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    VERIFIED = "verified", _("Verified")
    RETURNED = "returned", _("Returned")
    SUPERSEDED = "superseded", _("Superseded by a correction")


EDITABLE_STATES = frozenset({RealizationState.DRAFT, RealizationState.RETURNED})
QUARTER_NAMES = {1: "TW I", 2: "TW II", 3: "TW III", 4: "TW IV"}
MONTH_NAMES = {
    1: _("January"), 2: _("February"), 3: _("March"), 4: _("April"), 5: _("May"), 6: _("June"),
    7: _("July"), 8: _("August"), 9: _("September"), 10: _("October"), 11: _("November"), 12: _("December"),
}  # fmt: skip
