"""Forms of the registry pages: the innovation, a changed service with its four measures, a claim, a review."""

from django import forms
from django.db import models
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from kinerja.core.forms import BootstrapMixin, IndonesianDecimalField
from kinerja.core.models import Region, ServiceUnit
from kinerja.innovation.choices import MEASURE_ORDER, MeasureKind, TimeUnit
from kinerja.innovation.models import Innovation
from kinerja.planning.models import PlanNode

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXT = {"rows": 4}


class InnovationForm(BootstrapMixin, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Innovation
        fields = [
            "agency", "name", "service_unit", "form", "urusan", "initiator", "is_digital", "stage",
            "initiated_on", "trial_on", "implemented_on", "plan_node", "sub_activity", "budget",
            "design", "goals", "benefits", "results", "region", "location", "person_in_charge", "contact",
            "video_url",
        ]  # fmt: skip
        widgets = {
            "initiated_on": DATE, "trial_on": DATE, "implemented_on": DATE,
            "design": forms.Textarea(attrs={"rows": 10}), "goals": forms.Textarea(attrs=TEXT),
            "benefits": forms.Textarea(attrs=TEXT), "results": forms.Textarea(attrs=TEXT),
        }  # fmt: skip
        field_classes = {"budget": IndonesianDecimalField}

    @staticmethod
    def formfield_callback(model_field, **kwargs):
        if isinstance(model_field, models.URLField):
            kwargs["assume_scheme"] = "https"
        return model_field.formfield(**kwargs)

    def __init__(self, *args, agencies, government, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies
        owner = self.instance.agency if self.instance.pk else (agencies[0] if len(agencies) == 1 else None)
        if owner is not None and not self.instance.pk:
            self.fields["agency"].initial = owner
        owner_ids = [owner.pk] if owner else [a.pk for a in agencies]
        self.fields["service_unit"].queryset = ServiceUnit.objects.filter(agency__in=owner_ids).order_by("name")
        nodes = PlanNode.objects.filter(government=government, agency__in=owner_ids).order_by("code")
        self.fields["plan_node"].queryset = nodes.filter(kind__in=["program", "activity"])
        self.fields["sub_activity"].queryset = nodes.filter(kind="sub_activity")
        for name in ("plan_node", "sub_activity"):
            self.fields[name].label_from_instance = lambda node: f"{node.code} {Truncator(node.title).chars(80)}"
        self.fields["region"].queryset = Region.objects.filter(government=government).order_by("code")
        self.fields["design"].help_text = _("At least 300 words for an entry in the innovation index.")
        if self.instance.pk:
            self.fields["version"].initial = self.instance.lock_version
            self.fields["agency"].disabled = True


class ChangeForm(BootstrapMixin, forms.Form):
    """A changed service: its name and standard, then before/after and evidence of each of the four measures."""

    service = forms.CharField(label=_("Service"), max_length=255)
    standard = forms.CharField(label=_("Service standard"), max_length=255, required=False)
    time_unit = forms.ChoiceField(label=_("Service time in"), choices=TimeUnit.choices, initial=TimeUnit.DAYS)

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, measured=(), **kwargs):
        """``measured``: the kinds the service already has a measure of (they can be deleted)."""
        super().__init__(*args, **kwargs)
        self.measured = set(measured)
        for kind in MEASURE_ORDER:
            label = MeasureKind(kind).label
            self.fields[f"{kind}_before"] = IndonesianDecimalField(
                label=_("%(m)s before") % {"m": label}, required=False
            )
            self.fields[f"{kind}_after"] = IndonesianDecimalField(label=_("%(m)s after") % {"m": label}, required=False)
            self.fields[f"{kind}_link"] = forms.URLField(
                label=_("Evidence link"), required=False, max_length=500, assume_scheme="https"
            )
            self.fields[f"{kind}_file"] = forms.FileField(label=_("Evidence file"), required=False)
            if kind in self.measured:
                self.fields[f"{kind}_delete"] = forms.BooleanField(
                    label=_("Delete the measure %(m)s") % {"m": label}, required=False
                )
                self.fields[f"{kind}_delete"].widget.attrs.update(
                    {"class": "form-check-input", "aria-label": self.fields[f"{kind}_delete"].label}
                )
        # The measure fields were added after BootstrapMixin styled the others.
        for field in self.fields.values():
            if not isinstance(field.widget, forms.Select | forms.CheckboxInput):
                field.widget.attrs.setdefault("class", "form-control")

    def measures(self) -> dict:
        data = self.cleaned_data
        found = {}
        for kind in MEASURE_ORDER:
            if data.get(f"{kind}_delete"):
                found[kind] = {"delete": True}
                continue
            before, after = data.get(f"{kind}_before"), data.get(f"{kind}_after")
            if before is None and after is None:
                continue
            found[kind] = {"before": before, "after": after, "evidence_link": data.get(f"{kind}_link") or ""}
            if data.get(f"{kind}_file"):
                found[kind]["upload"] = data[f"{kind}_file"]
        return found

    def rows(self):
        return [(MeasureKind(kind).label, [self[f"{kind}_{part}"] for part in ("before", "after", "link", "file")],
                 self[f"{kind}_delete"] if kind in self.measured else None)
                for kind in MEASURE_ORDER]  # fmt: skip


class ClaimForm(BootstrapMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    level = forms.TypedChoiceField(label=_("Level"), coerce=int, widget=forms.RadioSelect)
    explanation = forms.CharField(label=_("Explanation"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    evidence_link = forms.URLField(label=_("Evidence link"), required=False, max_length=500, assume_scheme="https")
    evidence_file = forms.FileField(label=_("Evidence file"), required=False)

    def __init__(self, *args, indicator, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["level"].choices = [(n, f"{n}: {text}") for n, text in indicator.levels]
        self.fields["level"].widget.attrs = {}
        self.fields["evidence_link"].help_text = indicator.evidence


class ReviewForm(BootstrapMixin, forms.Form):
    decision = forms.ChoiceField(choices=[("accept", _("Accept")), ("return", _("Return"))])
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class AdoptForm(BootstrapMixin, forms.Form):
    agency = forms.ModelChoiceField(label=_("Adopting agency"), queryset=None)
    name = forms.CharField(label=_("Name"), max_length=255)
    initiated_on = forms.DateField(label=_("Initiative since"), widget=DATE)
    person_in_charge = forms.CharField(label=_("Person in charge"), max_length=200)

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies
