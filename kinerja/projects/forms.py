import datetime

from django import forms
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from kinerja.core.forms import BootstrapMixin, IndonesianDecimalField, number_formfield
from kinerja.core.models import Agency, Region
from kinerja.planning.models import Indicator, PlanNode
from kinerja.projects.choices import DirectiveStatus, FundingSource
from kinerja.projects.models import Meeting, Milestone, Obstacle, Project

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MAX_PHOTOS = 5


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


class ProjectForm(BootstrapMixin, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    funding_apbn = IndonesianDecimalField(
        label=_("APBN (Rp)"), required=False, min_value=0, max_digits=20, decimal_places=2
    )
    funding_apbd_province = IndonesianDecimalField(
        label=_("APBD of the province (Rp)"), required=False, min_value=0, max_digits=20, decimal_places=2
    )
    funding_apbd_regency = IndonesianDecimalField(
        label=_("APBD of a regency or city (Rp)"), required=False, min_value=0, max_digits=20, decimal_places=2
    )
    funding_bumn = IndonesianDecimalField(
        label=_("BUMN (Rp)"), required=False, min_value=0, max_digits=20, decimal_places=2
    )
    funding_bumd = IndonesianDecimalField(
        label=_("BUMD (Rp)"), required=False, min_value=0, max_digits=20, decimal_places=2
    )
    funding_private = IndonesianDecimalField(
        label=_("Private / KPBU (Rp)"), required=False, min_value=0, max_digits=20, decimal_places=2
    )

    class Meta:
        model = Project
        formfield_callback = number_formfield
        fields = [
            "code",
            "name",
            "description",
            "category",
            "sector",
            "agency",
            "partner_agencies",
            "partners",
            "region",
            "location",
            "latitude",
            "longitude",
            "value",
            "start",
            "planned_end",
            "actual_end",
            "phase",
            "funded_by",
            "indicators",
            "key_outputs",
            "note",
        ]
        widgets = {
            "start": DATE,
            "planned_end": DATE,
            "actual_end": DATE,
            "description": forms.Textarea(attrs={"rows": 3}),
            "partners": forms.Textarea(attrs={"rows": 2}),
            "key_outputs": forms.Textarea(attrs={"rows": 2}),
            "note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, government, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies
        self.fields["partner_agencies"].queryset = Agency.objects.filter(government=government).order_by("name")
        self.fields["region"].queryset = Region.objects.filter(government=government).order_by("code")
        # The sub-activities (and their indicators) of the owning agency only: a province has thousands.
        owner = self.instance.agency if self.instance.pk else (agencies[0] if len(agencies) == 1 else None)
        nodes = PlanNode.objects.filter(government=government, kind="sub_activity", agency=owner).order_by("code")
        self.fields["funded_by"].queryset = nodes
        self.fields["funded_by"].required = False
        self.fields["indicators"].queryset = Indicator.objects.filter(node__in=nodes).order_by("name")
        self.fields["indicators"].required = False
        if owner is None:
            hint = _("Save the project first; its agency's sub-activities can then be linked.")
            self.fields["funded_by"].help_text = self.fields["indicators"].help_text = hint
        if self.instance.pk:
            self.fields["version"].initial = self.instance.lock_version
            for funding in self.instance.fundings.all():
                name = f"funding_{funding.source}"
                if name in self.fields:
                    self.fields[name].initial = funding.amount

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("planned_end") and data["planned_end"] < data["start"]:
            self.add_error("planned_end", _("The planned end comes before the start."))
        if (data.get("latitude") is None) != (data.get("longitude") is None):
            self.add_error("longitude", _("Enter both the latitude and the longitude, or neither."))
        return data

    def fundings(self):
        return [
            (source, self.cleaned_data[f"funding_{source}"], "")
            for source in FundingSource.values
            if f"funding_{source}" in self.cleaned_data and self.cleaned_data[f"funding_{source}"]
        ]


class ReportForm(BootstrapMixin, forms.Form):
    month = forms.DateField(
        label=_("Month"), input_formats=["%Y-%m"], widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m")
    )
    physical_plan = IndonesianDecimalField(
        label=_("Planned physical progress, cumulative (%)"), min_value=0, max_value=100, max_digits=5, decimal_places=2
    )
    physical_actual = IndonesianDecimalField(
        label=_("Actual physical progress, cumulative (%)"), min_value=0, max_value=100, max_digits=5, decimal_places=2
    )
    financial = IndonesianDecimalField(
        label=_("Financial realization to date (Rp)"), min_value=0, max_digits=20, decimal_places=2
    )
    narrative = forms.CharField(label=_("Narrative"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    photos = MultipleFileField(label=_("Site photos (JPEG, PNG or WebP, at most 5)"), required=False)
    caption = forms.CharField(label=_("Photo caption"), max_length=255, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def clean_photos(self):
        photos = self.cleaned_data["photos"]
        if len(photos) > MAX_PHOTOS:
            raise forms.ValidationError(_("At most %(n)s photos per report.") % {"n": MAX_PHOTOS})
        return photos


class MilestoneForm(BootstrapMixin, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    evidence_file = forms.FileField(label=_("Evidence (PDF, image or document)"), required=False)

    class Meta:
        model = Milestone
        fields = ["title", "planned", "actual", "note"]
        widgets = {"planned": DATE, "actual": DATE, "note": forms.Textarea(attrs={"rows": 2})}


class ObstacleForm(BootstrapMixin, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Obstacle
        fields = [
            "agency",
            "project",
            "plan_node",
            "title",
            "description",
            "category",
            "severity",
            "raised_on",
            "owner",
        ]
        widgets = {"raised_on": DATE, "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, agencies, projects, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies
        self.fields["project"].queryset = projects
        self.fields["raised_on"].initial = datetime.date.today()
        # Plan nodes of one agency only (the obstacle's, or the user's single agency): a province has thousands.
        owner = self.instance.agency if self.instance.pk else (agencies[0] if len(agencies) == 1 else None)
        self.fields["plan_node"].queryset = PlanNode.objects.filter(agency=owner).order_by("code")
        self.fields["plan_node"].label_from_instance = lambda node: f"{node.code} {Truncator(node.title).chars(80)}"
        if self.instance.pk:
            self.fields["version"].initial = self.instance.lock_version
            self.fields["agency"].disabled = True


class FollowUpForm(BootstrapMixin, forms.Form):
    action = forms.CharField(label=_("Action"), widget=forms.Textarea(attrs={"rows": 2}))
    responsible = forms.CharField(label=_("Responsible party"), max_length=255)
    due = forms.DateField(label=_("Due date"), widget=DATE)
    done_on = forms.DateField(label=_("Done on"), widget=DATE, required=False)
    outcome = forms.CharField(label=_("Outcome"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class MeetingForm(BootstrapMixin, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Meeting
        fields = ["title", "date", "place", "chair", "attendees", "other_attendees", "minutes"]
        widgets = {
            "date": DATE,
            "minutes": forms.Textarea(attrs={"rows": 5}),
            "other_attendees": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attendees"].queryset = agencies
        self.fields["attendees"].required = False
        if self.instance.pk:
            self.fields["version"].initial = self.instance.lock_version


class DirectiveForm(BootstrapMixin, forms.Form):
    text = forms.CharField(label=_("Directive"), widget=forms.Textarea(attrs={"rows": 3}))
    due = forms.DateField(label=_("Due date"), widget=DATE)
    all_agencies = forms.BooleanField(label=_("Every agency"), required=False)
    agencies = forms.ModelMultipleChoiceField(
        label=_("Agencies concerned"), queryset=Agency.objects.none(), required=False
    )
    project = forms.ModelChoiceField(label=_("Project (optional)"), queryset=Project.objects.none(), required=False)

    def __init__(self, *args, agencies, projects, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agencies"].queryset = agencies
        self.fields["project"].queryset = projects

    def clean(self):
        data = super().clean()
        if data.get("all_agencies"):
            data["agencies"] = list(self.fields["agencies"].queryset)
        if not data.get("agencies"):
            self.add_error("agencies", _("Choose at least one agency, or every agency."))
        return data


class AssignmentReportForm(BootstrapMixin, forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[(v, label) for v, label in DirectiveStatus.choices if v != DirectiveStatus.NOT_STARTED],
    )
    text = forms.CharField(label=_("What was done"), widget=forms.Textarea(attrs={"rows": 3}))
    evidence = forms.FileField(label=_("Evidence (PDF, image or document)"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
