from django import forms
from django.utils.translation import gettext_lazy as _

from kinerja.core.forms import BootstrapMixin, IndonesianDecimalField
from kinerja.monitoring.choices import PeriodStatus


class RealizationForm(BootstrapMixin, forms.Form):
    value = IndonesianDecimalField(label=_("Realization"))
    explanation = forms.CharField(label=_("Explanation"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class EvidenceForm(BootstrapMixin, forms.Form):
    file = forms.FileField(label=_("Evidence file (PDF, image, spreadsheet or document)"))


class ReturnForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(label=_("Reason for returning"), widget=forms.Textarea(attrs={"rows": 2}))


class CorrectionForm(BootstrapMixin, forms.Form):
    value = IndonesianDecimalField(label=_("Corrected realization"))
    explanation = forms.CharField(label=_("Explanation"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    reason = forms.CharField(label=_("Reason for the correction"), widget=forms.Textarea(attrs={"rows": 2}))


class PeriodStatusForm(BootstrapMixin, forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=PeriodStatus.choices)
    exception_until = forms.DateField(
        label=_("Late entry allowed until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(label=_("Note"), required=False)


class BudgetMonthForm(BootstrapMixin, forms.Form):
    cash_plan = IndonesianDecimalField(label=_("Cash plan (Rp)"), required=False)
    spent = IndonesianDecimalField(label=_("Spent (Rp)"), required=False)
    physical_plan = IndonesianDecimalField(label=_("Physical plan (cumulative %)"), required=False)
    physical_actual = IndonesianDecimalField(label=_("Physical actual (cumulative %)"), required=False)
