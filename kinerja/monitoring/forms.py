from django import forms
from django.utils.translation import gettext_lazy as _

from kinerja.core.forms import BootstrapMixin
from kinerja.monitoring.choices import PeriodStatus
from kinerja.planning.forms import NumberField


class RealizationForm(BootstrapMixin, forms.Form):
    value = NumberField(label=_("Realization"), required=True)
    explanation = forms.CharField(label=_("Explanation"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class EvidenceForm(BootstrapMixin, forms.Form):
    file = forms.FileField(label=_("Evidence file (PDF, image, spreadsheet or document)"))


class ReturnForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(label=_("Reason for returning"), widget=forms.Textarea(attrs={"rows": 2}))


class CorrectionForm(BootstrapMixin, forms.Form):
    value = NumberField(label=_("Corrected realization"), required=True)
    explanation = forms.CharField(label=_("Explanation"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    reason = forms.CharField(label=_("Reason for the correction"), widget=forms.Textarea(attrs={"rows": 2}))


class PeriodStatusForm(BootstrapMixin, forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=PeriodStatus.choices)
    exception_until = forms.DateField(
        label=_("Late entry allowed until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(label=_("Note"), required=False)


class BudgetMonthForm(BootstrapMixin, forms.Form):
    cash_plan = NumberField(label=_("Cash plan (Rp)"))
    spent = NumberField(label=_("Spent (Rp)"))
    physical_plan = NumberField(label=_("Physical plan (cumulative %)"))
    physical_actual = NumberField(label=_("Physical actual (cumulative %)"))
