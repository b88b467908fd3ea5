from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from kinerja.core.forms import BootstrapMixin, IndonesianDecimalField, IndonesianIntegerField
from kinerja.core.models import Agency
from kinerja.planning.choices import Accumulation, Frequency, IndicatorType, NodeKind, PeriodKind, Polarity


class NodeForm(BootstrapMixin, forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=40,
        required=False,
        help_text=_("SIPD code for programs, activities and sub-activities; left empty, other levels are numbered."),
    )
    title = forms.CharField(label=_("Title"), widget=forms.Textarea(attrs={"rows": 2}))
    agency = forms.ModelChoiceField(label=_("Agency"), queryset=Agency.objects.none(), required=False)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    with_output_indicator = forms.BooleanField(
        label=_("Add the official output indicator of the nomenclature"), required=False, initial=True
    )
    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, kind: str, agencies=None, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        if agencies is not None:
            self.fields["agency"].queryset = agencies
        if kind != NodeKind.SUB_ACTIVITY or editing:
            del self.fields["with_output_indicator"]
        if editing:
            del self.fields["agency"]


class IndicatorForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label=_("Indicator"), widget=forms.Textarea(attrs={"rows": 2}))
    unit = forms.CharField(label=_("Unit"), max_length=100)
    polarity = forms.ChoiceField(label=_("Polarity"), choices=Polarity.choices)
    indicator_type = forms.ChoiceField(label=_("Type"), choices=IndicatorType.choices)
    frequency = forms.ChoiceField(label=_("Reporting frequency"), choices=Frequency.choices)
    accumulation = forms.ChoiceField(label=_("Accumulation over the year"), choices=Accumulation.choices)
    baseline = IndonesianDecimalField(label=_("Baseline"), required=False)
    baseline_year = IndonesianIntegerField(
        label=_("Baseline year"), required=False, min_value=1990, max_value=2100, grouping=False
    )
    precision = IndonesianIntegerField(label=_("Decimal places"), min_value=0, max_value=6, initial=2)
    definition = forms.CharField(
        label=_("Definition and formula"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    data_source = forms.CharField(label=_("Data source"), max_length=255, required=False)
    responsible_agency = forms.ModelChoiceField(
        label=_("Responsible agency"), queryset=Agency.objects.none(), required=False
    )
    is_key = forms.BooleanField(label=_("Key indicator (IKU)"), required=False)
    national_standard = IndonesianDecimalField(
        label=_("National standard"),
        required=False,
        help_text=_("The value the LKjIP compares the realization with: an SPM standard or a national target."),
    )
    national_standard_source = forms.CharField(
        label=_("Source of the national standard"),
        max_length=255,
        required=False,
        help_text=_("The regulation or plan that sets it, e.g. Permenkes 6/2024 (SPM) or the RPJMN 2025–2029."),
    )
    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, agencies=None, **kwargs):
        super().__init__(*args, **kwargs)
        if agencies is not None:
            self.fields["responsible_agency"].queryset = agencies

    def clean(self):
        data = super().clean()
        if (data.get("national_standard_source") or "").strip() and data.get("national_standard") is None:
            self.add_error("national_standard", _("Give the value of the national standard whose source is written."))
        return data


class TargetsForm(BootstrapMixin, forms.Form):
    """One field per year of the plan period (and its upper bound for range indicators), plus the final target."""

    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, indicator, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicator = indicator
        self.is_range = indicator.polarity == Polarity.RANGE
        self.years = indicator.node.period.years
        for year in self.years:
            self.fields[f"target_{year}"] = IndonesianDecimalField(label=str(year), required=False)
            if self.is_range:
                self.fields[f"target_{year}_high"] = IndonesianDecimalField(
                    label=_("%(year)s, upper bound") % {"year": year}, required=False
                )
        self.fields["final_target"] = IndonesianDecimalField(label=_("Final target of the period"), required=False)
        if self.is_range:
            self.fields["final_target_high"] = IndonesianDecimalField(
                label=_("Final target, upper bound"), required=False
            )
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control")

    def rows(self):
        return [(self[f"target_{year}"], self[f"target_{year}_high"] if self.is_range else None) for year in self.years]

    def clean(self):
        data = super().clean()
        for year in self.years:
            low, high = data.get(f"target_{year}"), data.get(f"target_{year}_high")
            if low is not None and high is not None and low > high:
                self.add_error(f"target_{year}_high", _("The lower bound is above the upper bound."))
            if self.is_range and (low is None) != (high is None):
                self.add_error(f"target_{year}_high", _("Give both bounds of the range, or neither."))
        low, high = data.get("final_target"), data.get("final_target_high")
        if low is not None and high is not None and low > high:
            self.add_error("final_target_high", _("The lower bound is above the upper bound."))
        return data

    def annual_values(self) -> dict:
        return {
            year: (self.cleaned_data.get(f"target_{year}"), self.cleaned_data.get(f"target_{year}_high"))
            for year in self.years
        }


class PeriodForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=PeriodKind.choices)
    name = forms.CharField(label=_("Name"), max_length=255)
    start_year = IndonesianIntegerField(label=_("First year"), min_value=2000, max_value=2100, grouping=False)
    end_year = IndonesianIntegerField(label=_("Last year"), min_value=2000, max_value=2100, grouping=False)
    agency = forms.ModelChoiceField(label=_("Agency (Renstra only)"), queryset=Agency.objects.none(), required=False)
    legal_basis = forms.CharField(label=_("Legal basis"), max_length=255, required=False)

    def __init__(self, *args, agencies=None, **kwargs):
        super().__init__(*args, **kwargs)
        if agencies is not None:
            self.fields["agency"].queryset = agencies

    def clean(self):
        data = super().clean()
        if data.get("start_year") and data.get("end_year") and data["end_year"] < data["start_year"]:
            self.add_error("end_year", _("The last year comes before the first year."))
        if data.get("kind") == PeriodKind.RENSTRA and not data.get("agency"):
            self.add_error("agency", _("A Renstra belongs to an agency."))
        if data.get("kind") == PeriodKind.RPJMD and data.get("agency"):
            self.add_error("agency", _("An RPJMD belongs to the whole government, not to an agency."))
        return data


class AmendForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(label=_("Reason for the amendment"), widget=forms.Textarea(attrs={"rows": 3}))
    legal_basis = forms.CharField(label=_("Legal basis of the amendment"), max_length=255, required=False)


class ImportForm(BootstrapMixin, forms.Form):
    file = forms.FileField(label=_("Excel file (.xlsx)"))

    def __init__(self, *args, max_bytes: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.max_bytes = max_bytes

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.max_bytes:
            raise ValidationError(
                _("The file is %(size)s MB; the limit is %(limit)s MB.")
                % {"size": round(upload.size / 1048576, 1), "limit": self.max_bytes // 1048576}
            )
        head = upload.read(4)
        upload.seek(0)
        if head != b"PK\x03\x04":
            raise ValidationError(_("This is not an Excel workbook (.xlsx). Download the template and fill it in."))
        return upload
