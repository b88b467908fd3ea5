"""Supervision of agencies by leaders: who supervises which agency, the requests sent, the answers given.

A leader (the vice-governor, the Sekda) is assigned agencies to supervise; an assignment without an
agency covers every agency of the government (the governor's). The supervisor sends an agency a request
(a question or an instruction, about an indicator, a project, an obstacle or a reality-check signal, with
a due date); the agency head answers it with evidence; the supervisor closes it, or reopens it with a note.
"""

import datetime

from django.conf import settings
from django.core.validators import MaxLengthValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from kinerja.core.models import Agency, AuditedModel, Government
from kinerja.core.querysets import Scope
from kinerja.dashboards.permissions import SUPERVISION
from kinerja.planning.models import Indicator
from kinerja.projects.models import Obstacle, Project

REQUEST_TEXT_MAX = 2000
ANSWER_TEXT_MAX = 4000
NOTE_MAX = 1000
SIGNAL_KEY = RegexValidator(
    r"^[a-z0-9][a-z0-9_.:-]{0,99}$", _("A signal key is lower-case letters, digits and _ . : -")
)


def supervision_evidence_path(instance, filename: str) -> str:
    return f"supervision/evidence/{instance.sha256[:2]}/{instance.sha256}"


class RequestKind(models.TextChoices):
    QUESTION = "question", _("Question")
    INSTRUCTION = "instruction", _("Instruction")


class RequestState(models.TextChoices):
    OPEN = "open", _("Waiting for the answer")
    ANSWERED = "answered", _("Answered")
    CLOSED = "closed", _("Closed")


class SupervisionAssignment(AuditedModel):
    """A leader supervises an agency (or, without an agency, every agency of the government)."""

    scope = Scope(area=SUPERVISION, agency="agency")

    government = models.ForeignKey(Government, on_delete=models.PROTECT, related_name="+", verbose_name=_("government"))
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="supervisions", verbose_name=_("supervisor")
    )
    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="supervisions",
        verbose_name=_("agency"),
        help_text=_("Empty: every agency of the government."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    lock_version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["supervisor__username", "agency__name"]
        verbose_name = _("supervision assignment")
        verbose_name_plural = _("supervision assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["supervisor", "agency"], condition=Q(is_active=True), name="supervision_assignment_once"
            ),
            models.UniqueConstraint(
                fields=["supervisor", "government"],
                condition=Q(is_active=True, agency__isnull=True),
                name="supervision_assignment_all_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.supervisor} · {self.agency or _('every agency')}"


class SupervisionRequest(AuditedModel):
    """A question or an instruction a supervisor sends an agency, answered by the agency head by a due date."""

    scope = Scope(area=SUPERVISION, agency="agency")

    government = models.ForeignKey(Government, on_delete=models.PROTECT, related_name="+", verbose_name=_("government"))
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="supervision_requests", verbose_name=_("agency")
    )
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="supervision_requests_sent",
        verbose_name=_("supervisor"),
    )
    kind = models.CharField(_("kind"), max_length=12, choices=RequestKind.choices, default=RequestKind.QUESTION)
    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("indicator")
    )
    project = models.ForeignKey(
        Project, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("project")
    )
    obstacle = models.ForeignKey(
        Obstacle, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("obstacle")
    )
    signal_key = models.CharField(
        _("reality-check signal"), max_length=100, blank=True, validators=[SIGNAL_KEY],
        help_text=_("The key of a reality-check signal of the agency, e.g. ikm_gap."),
    )  # fmt: skip
    text = models.TextField(_("request"), validators=[MaxLengthValidator(REQUEST_TEXT_MAX)])
    # The day the supervisor sent it (the service's ``today``; ``created`` is the time the row was written,
    # which differs for requests recorded later, as the demo's).
    sent_on = models.DateField(_("sent on"))
    due = models.DateField(_("due date"))
    state = models.CharField(_("state"), max_length=10, choices=RequestState.choices, default=RequestState.OPEN)
    note = models.TextField(
        _("note of the supervisor"), blank=True, validators=[MaxLengthValidator(NOTE_MAX)],
        help_text=_("Why it was closed or reopened (the last note; earlier ones are in the audit trail)."),
    )  # fmt: skip
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    lock_version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["due", "id"]
        verbose_name = _("supervision request")
        verbose_name_plural = _("supervision requests")
        constraints = [
            models.CheckConstraint(
                condition=Q(state=RequestState.CLOSED, closed_at__isnull=False)
                | (~Q(state=RequestState.CLOSED) & Q(closed_at__isnull=True)),
                name="supervision_request_closed_time",
            ),
        ]
        indexes = [
            models.Index(fields=["government", "state", "due"], name="supervision_open_idx"),
            models.Index(fields=["supervisor", "state"], name="supervision_supervisor_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.agency} · {Truncator(self.text).chars(60)}"

    def is_overdue(self, today: datetime.date) -> bool:
        return self.state == RequestState.OPEN and self.due < today

    @property
    def subject_label(self) -> str:
        if self.indicator_id:
            return f"{_('Indicator')}: {self.indicator.name}"
        if self.project_id:
            return f"{_('Project')}: {self.project.name}"
        if self.obstacle_id:
            return f"{_('Obstacle')}: {self.obstacle.title}"
        if self.signal_key:
            return f"{_('Signal')}: {self.signal_key}"
        return str(_("The agency's performance"))


class SupervisionAnswer(AuditedModel):
    """The agency head's answer to a request, with its evidence."""

    scope = Scope(area=SUPERVISION, government="request__government", agency="request__agency")

    request = models.ForeignKey(
        SupervisionRequest, on_delete=models.CASCADE, related_name="answers", verbose_name=_("request")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("answered by"),
    )  # fmt: skip
    text = models.TextField(_("answer"), validators=[MaxLengthValidator(ANSWER_TEXT_MAX)])
    evidence = models.FileField(_("evidence"), upload_to=supervision_evidence_path, max_length=200, blank=True)
    evidence_name = models.CharField(_("file name"), max_length=255, blank=True)
    evidence_type = models.CharField(_("type"), max_length=120, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    answered_at = models.DateTimeField(_("answered"))

    class Meta:
        ordering = ["request", "answered_at", "id"]
        verbose_name = _("supervision answer")
        verbose_name_plural = _("supervision answers")

    def __str__(self) -> str:
        return Truncator(self.text).chars(80)
