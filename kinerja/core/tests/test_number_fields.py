"""Every number a person types into Kinerja goes through the one shared field (kinerja.core.forms).

The forms are discovered, not listed: every module of the project is imported and every form class found,
so that a form added later with Django's own IntegerField or DecimalField (a browser ``type=number``
input, which turned "84,5" into 845) fails here.
"""

import importlib
import pkgutil
import re
from pathlib import Path

from django import forms

import kinerja
from kinerja.core.forms import IndonesianDecimalField, IndonesianIntegerField, NumberTextInput

ROOT = Path(kinerja.__file__).parent
SKIPPED = re.compile(r"\.(tests|migrations)(\.|$)|^kinerja\.(settings|settings_test|wsgi|conftest|browser)$")


def _project_modules():
    for info in pkgutil.walk_packages([str(ROOT)], prefix="kinerja."):
        if not SKIPPED.search(info.name):
            yield importlib.import_module(info.name)


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def project_forms() -> list[type]:
    modules = list(_project_modules())
    assert len(modules) > 50  # the walk found the apps, not an empty package
    found = {
        cls
        for cls in _subclasses(forms.BaseForm)
        if cls.__module__.startswith("kinerja.") and not SKIPPED.search(cls.__module__)
    }
    return sorted(found, key=lambda cls: f"{cls.__module__}.{cls.__qualname__}")


def _machine_field(field) -> bool:
    """A hidden version counter (lock_version) is written by the page, never typed."""
    return isinstance(field.widget, forms.HiddenInput)


def number_field_problems(form_name: str, fields: dict) -> list[str]:
    problems = []
    for name, field in fields.items():
        if isinstance(field.widget, forms.NumberInput):
            problems.append(f"{form_name}.{name}: a browser number input ({type(field.widget).__name__})")
        if isinstance(field, (forms.IntegerField, forms.DecimalField, forms.FloatField)) and not _machine_field(field):
            problems.append(f"{form_name}.{name}: Django's {type(field).__name__}, not the shared number field")
        if isinstance(field, IndonesianDecimalField) and not isinstance(field.widget, NumberTextInput):
            problems.append(f"{form_name}.{name}: the shared field with another widget")
    return problems


def test_the_project_forms_are_discovered():
    names = {cls.__name__ for cls in project_forms()}
    assert {"ReportForm", "ProjectForm", "BudgetMonthForm", "IndicatorForm", "SurveyNumbersForm"} <= names


def test_every_numeric_form_field_of_every_app_is_the_shared_number_field():
    problems = []
    for cls in project_forms():
        problems += number_field_problems(f"{cls.__module__}.{cls.__name__}", cls.base_fields)
    assert problems == []


def test_the_fields_a_form_adds_when_it_is_made_are_the_shared_number_field_too(world):
    from kinerja.planning.choices import Polarity
    from kinerja.planning.forms import TargetsForm

    indicator = world.program_indicator
    indicator.polarity = Polarity.RANGE  # the range form adds the upper bounds as well
    form = TargetsForm(indicator=indicator)
    assert number_field_problems("TargetsForm", form.fields) == []
    assert any(isinstance(field, IndonesianDecimalField) for field in form.fields.values())


def test_the_number_fields_the_forms_declare_are_found_by_this_test():
    """The check above can fail: a Django DecimalField and a browser number input are reported."""

    class Careless(forms.Form):
        amount = forms.DecimalField()
        count = IndonesianIntegerField(widget=forms.NumberInput)

    problems = number_field_problems("Careless", Careless.base_fields)
    assert [p.split(":")[0] for p in problems] == ["Careless.amount"] * 2 + ["Careless.count"] * 2


def test_no_page_has_a_browser_number_input():
    pages = [p for p in ROOT.rglob("*") if p.suffix in {".html", ".js"} and "tests" not in p.parts]
    assert len(pages) > 50
    pattern = re.compile(r"""type\s*=\s*["']?number\b""")
    assert [str(p.relative_to(ROOT)) for p in pages if pattern.search(p.read_text(encoding="utf-8"))] == []


def test_every_decimal_the_api_takes_is_read_by_the_shared_reader():
    """DRF's DecimalField reads the string "1.600" as 1.6; every writable decimal is the shared NumberField."""
    from rest_framework import serializers

    from kinerja.core.api.fields import NumberField

    output_only = {"IndicatorAchievementSerializer", "AgencyAchievementSerializer", "IkmSerializer"}  # computed figures
    list(_project_modules())
    problems, checked = [], 0
    for cls in _subclasses(serializers.Serializer):
        if not cls.__module__.startswith("kinerja.") or SKIPPED.search(cls.__module__) or cls.__name__ in output_only:
            continue
        if issubclass(cls, serializers.ModelSerializer) and not hasattr(cls, "Meta"):
            continue  # an abstract base (StrictModelSerializer): its subclasses are checked
        for name, field in cls().fields.items():
            if isinstance(field, serializers.DecimalField) and not field.read_only:
                checked += 1
                if not isinstance(field, NumberField):
                    problems.append(f"{cls.__module__}.{cls.__name__}.{name}")
    assert checked > 10 and problems == []
