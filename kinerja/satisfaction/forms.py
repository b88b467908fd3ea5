from django import forms
from django.utils.translation import gettext_lazy as _

from kinerja.core.forms import HardenedFormMixin, IndonesianIntegerField


class SurveyNumbersForm(HardenedFormMixin, forms.Form):
    """The numbers of a new survey (the page's own inputs carry the same names): year, period number, population."""

    year = IndonesianIntegerField(label=_("Year"), min_value=2000, max_value=2100, grouping=False)
    number = IndonesianIntegerField(label=_("Number"), min_value=1, max_value=4, grouping=False)
    population = IndonesianIntegerField(label=_("Service users in the previous period"), min_value=0)


class PopulationForm(HardenedFormMixin, forms.Form):
    """The population of a survey changed on its page; empty leaves it as it is."""

    population = IndonesianIntegerField(label=_("Population"), min_value=0, required=False)
