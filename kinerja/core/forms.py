from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from kinerja.core.choices import AGENCY_ROLES, Role
from kinerja.core.models import Agency
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
