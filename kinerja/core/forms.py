from decimal import Decimal

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core import validators
from django.utils.translation import gettext_lazy as _

from kinerja.core.choices import AGENCY_ROLES, Role
from kinerja.core.models import Agency
from kinerja.core.numbers import format_number_for_input, parse_integer, parse_number
from kinerja.core.validators import harden_form_fields


class HardenedFormMixin:
    """Give every field its limit: text length (``TEXT_MAX_LENGTH``), no NUL bytes, year range, date window."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        harden_form_fields(self.fields)

    def full_clean(self):
        harden_form_fields(self.fields)  # again, for fields a subclass added after __init__
        super().full_clean()


class BootstrapMixin(HardenedFormMixin):
    """Give every widget the Bootstrap class it needs, so templates can render fields plainly (and the limits)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()


class NumberTextInput(forms.TextInput):
    """A plain text input for a number, showing it as the page does (``825.000.000``, ``84,5``).

    Never ``type=number``: the browser reads such an input in its own locale and sends something else
    than what was typed ("84,5" arrived as 845). ``inputmode`` still brings up a numeric keyboard.
    """

    def __init__(self, attrs=None, *, integer: bool = False, grouping: bool = True):
        self.grouping = grouping
        super().__init__({"inputmode": "numeric" if integer else "decimal", "autocomplete": "off", **(attrs or {})})

    def format_value(self, value):
        if value is None or value == "":
            return None
        if isinstance(value, str):  # the text as typed, shown again next to its error
            return value
        return format_number_for_input(value, grouping=self.grouping)


class IndonesianDecimalField(forms.CharField):
    """The one form field for numbers: read by ``kinerja.core.numbers.parse_number`` (decimal comma, thousands dots).

    ``min_value``, ``max_value``, ``max_digits`` and ``decimal_places`` check as Django's DecimalField does;
    ``grouping=False`` shows the value without thousands dots (years, codes).
    """

    integer = False

    def __init__(
        self,
        *,
        min_value=None,
        max_value=None,
        max_digits: int | None = None,
        decimal_places: int | None = None,
        grouping: bool = True,
        **kwargs,
    ):
        self.min_value, self.max_value = min_value, max_value
        self.max_digits, self.decimal_places = max_digits, decimal_places
        kwargs.setdefault("widget", NumberTextInput(integer=self.integer, grouping=grouping))
        super().__init__(**kwargs)
        if min_value is not None:
            self.validators.append(validators.MinValueValidator(min_value))
        if max_value is not None:
            self.validators.append(validators.MaxValueValidator(max_value))
        if max_digits is not None or decimal_places is not None:
            self.validators.append(validators.DecimalValidator(max_digits, decimal_places))

    def to_python(self, value):
        number = parse_number(super().to_python(value))
        if number is None or number == number.to_integral_value():
            return number if number is None else number.quantize(Decimal(1))
        return number.normalize()  # "84,50" has two decimals only in writing: 84.5 fits decimal_places=1


class IndonesianIntegerField(IndonesianDecimalField):
    """A whole number (population, counts, rupiah without cents, years), read as ``IndonesianDecimalField`` reads."""

    integer = True

    def to_python(self, value):
        return parse_integer(forms.CharField.to_python(self, value))


def number_formfield(model_field, **kwargs):
    """A ModelForm's ``formfield_callback``: numeric model fields get the shared number fields, others their own.

    The primary key and ``editable=False`` fields never reach a form, so ``lock_version`` is not affected.
    """
    from django.db import models

    if not model_field.choices:
        if isinstance(model_field, (models.DecimalField, models.FloatField)):
            kwargs.setdefault("form_class", IndonesianDecimalField)
        elif isinstance(model_field, models.IntegerField):
            kwargs.setdefault("form_class", IndonesianIntegerField)
    return model_field.formfield(**kwargs)


def add_service_errors(form, exc) -> None:
    """Show a service's ValidationError on the form: under its field where the form has it, else on top."""
    if hasattr(exc, "error_dict"):
        for field_name, errors in exc.message_dict.items():
            form.add_error(field_name if field_name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def add_conflict(form, exc) -> None:
    """Show a stale-edit refusal (services.ConflictError) on the form, with the values now stored."""
    details = ", ".join(f"{key} = {value if value is not None else '–'}" for key, value in exc.current.items())
    form.add_error(None, f"{exc.message} ({details})")


class UserCreateForm(BootstrapMixin, forms.Form):
    username = forms.SlugField(label=_("Username"), max_length=150)
    first_name = forms.CharField(label=_("Name"), max_length=150)
    email = forms.EmailField(label=_("E-mail"), required=False)
    nip = forms.CharField(label=_("NIP"), max_length=30, required=False)
    position = forms.CharField(label=_("Position"), max_length=255, required=False)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    agency = forms.ModelChoiceField(label=_("Agency"), queryset=Agency.objects.none(), required=False)
    password = forms.CharField(label=_("Initial password"), widget=forms.PasswordInput, required=False)

    def __init__(self, *args, agencies=None, **kwargs):
        super().__init__(*args, **kwargs)
        if agencies is not None:
            self.fields["agency"].queryset = agencies

    def clean(self):
        data = super().clean()
        if data.get("role") in AGENCY_ROLES and not data.get("agency"):
            self.add_error("agency", _("This role needs an agency."))
        return data


class LoginForm(BootstrapMixin, AuthenticationForm):
    """The login form with Bootstrap classes; lockout after repeated failures is django-axes'."""


class AuditFilterForm(BootstrapMixin, forms.Form):
    """The audit trail's filters; a wrong value is reported on the page and that filter left out."""

    date_from = forms.DateField(
        label=_("From"), required=False, input_formats=["%Y-%m-%d", "%d-%m-%Y"], widget=forms.DateInput(
            attrs={"type": "date"}
        )
    )  # fmt: skip
    date_to = forms.DateField(
        label=_("To"), required=False, input_formats=["%Y-%m-%d", "%d-%m-%Y"], widget=forms.DateInput(
            attrs={"type": "date"}
        )
    )  # fmt: skip
    user = forms.CharField(label=_("User"), required=False, max_length=150)
    object_type = forms.ChoiceField(label=_("Object type"), required=False)
    action = forms.ChoiceField(label=_("Action"), required=False)
    object_id = forms.CharField(label=_("Object id"), required=False, max_length=64)

    def __init__(self, *args, **kwargs):
        from kinerja.core import audit_display

        super().__init__(*args, **kwargs)
        types = audit_display.audited_types()
        asked = (self.data.get("object_type") or "").strip()
        if asked and asked not in dict(types) and audit_display.model_for(asked) is not None:
            types.append((asked, audit_display.type_label(asked)))  # e.g. a link from an entry of a domain event
        self.fields["object_type"].choices = [("", _("All"))] + types
        actions = sorted(((key, str(label)) for key, label in audit_display.ACTION_LABELS.items()), key=lambda a: a[1])
        self.fields["action"].choices = [("", _("All"))] + actions

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date comes before the start date."))
        return data
