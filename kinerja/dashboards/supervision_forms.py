from django import forms
from django.utils.translation import gettext_lazy as _

from kinerja.core.forms import BootstrapMixin
from kinerja.dashboards.models_supervision import ANSWER_TEXT_MAX, NOTE_MAX, REQUEST_TEXT_MAX, RequestKind

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class RequestForm(BootstrapMixin, forms.Form):
    """A supervision request to one agency; the subject lists hold only that agency's records."""

    kind = forms.ChoiceField(label=_("Kind"), choices=RequestKind.choices)
    text = forms.CharField(
        label=_("Question or instruction"), max_length=REQUEST_TEXT_MAX, widget=forms.Textarea(attrs={"rows": 4})
    )
    due = forms.DateField(label=_("Due date"), widget=DATE)
    indicator = forms.ModelChoiceField(label=_("About an indicator"), queryset=None, required=False)
    project = forms.ModelChoiceField(label=_("About a project"), queryset=None, required=False)
    obstacle = forms.ModelChoiceField(label=_("About an obstacle"), queryset=None, required=False)
    signal_key = forms.CharField(
        label=_("About a reality-check signal (its key)"), max_length=100, required=False,
        help_text=_("Leave the subjects empty for a request about the agency's performance as a whole."),
    )  # fmt: skip

    def __init__(self, *args, indicators, projects, obstacles, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = indicators
        self.fields["project"].queryset = projects
        self.fields["obstacle"].queryset = obstacles


class AnswerForm(BootstrapMixin, forms.Form):
    text = forms.CharField(label=_("Answer"), max_length=ANSWER_TEXT_MAX, widget=forms.Textarea(attrs={"rows": 4}))
    evidence = forms.FileField(label=_("Evidence (PDF, image or document)"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class DecisionForm(BootstrapMixin, forms.Form):
    """The supervisor closes the request or reopens it (a note saying what is missing, and a new due date)."""

    decision = forms.ChoiceField(
        label=_("Decision"), choices=[("close", _("Close the request")), ("reopen", _("Reopen: ask again"))]
    )
    note = forms.CharField(
        label=_("Note"), max_length=NOTE_MAX, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    due = forms.DateField(label=_("New due date (when reopening)"), widget=DATE, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class AssignmentForm(BootstrapMixin, forms.Form):
    supervisor = forms.ModelChoiceField(label=_("Leader"), queryset=None)
    agency = forms.ModelChoiceField(
        label=_("Agency"), queryset=None, required=False, help_text=_("Empty: every agency of the government.")
    )

    def __init__(self, *args, leaders, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["supervisor"].queryset = leaders
        self.fields["agency"].queryset = agencies
