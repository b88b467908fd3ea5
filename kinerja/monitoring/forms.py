from django import forms
from django.utils.translation import gettext_lazy as _

from kinerja.core.forms import BootstrapMixin, HardenedFormMixin, IndonesianDecimalField
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
    # The version of the agency's status for the period as the page showed it (empty: it had none, open).
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class BudgetMonthForm(BootstrapMixin, forms.Form):
    cash_plan = IndonesianDecimalField(label=_("Cash plan (Rp)"), required=False)
    spent = IndonesianDecimalField(label=_("Spent (Rp)"), required=False)
    physical_plan = IndonesianDecimalField(label=_("Physical plan (cumulative %)"), required=False)
    physical_actual = IndonesianDecimalField(label=_("Physical actual (cumulative %)"), required=False)
    # The version of the month as the page showed it (empty: the month had no row yet).
    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class BulkStepForm(HardenedFormMixin, forms.Form):
    """Several values chosen on "what I must report" for one workflow step (submit, or verify).

    ``realizations`` is the queryset the user may choose from (restricted to their scope and to the
    values in the state the step needs); ``version_<id>`` carries the lock_version each value had on the
    page, so that a value changed meanwhile is refused instead of being submitted unseen.
    """

    realizations = forms.ModelMultipleChoiceField(
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Choose at least one value."),
            "invalid_choice": _("A chosen value cannot take this step (any more); reload the page."),
            "invalid_pk_value": _("A chosen value cannot take this step (any more); reload the page."),
        },
    )

    def __init__(self, *args, queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["realizations"].queryset = queryset

    def items(self) -> list[tuple]:
        """The chosen values with the lock_version seen on the page (None when the page sent none)."""
        items = []
        for realization in self.cleaned_data["realizations"]:
            raw = self.data.get(f"version_{realization.pk}")
            try:
                version = int(raw) if raw not in (None, "") else None
            except (TypeError, ValueError):
                version = -1  # a garbled version can match nothing: the value is refused as changed meanwhile
            items.append((realization, version))
        return items
