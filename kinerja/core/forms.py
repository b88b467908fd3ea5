from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from kinerja.core.choices import AGENCY_ROLES, Role
from kinerja.core.models import Agency


class BootstrapMixin:
    """Give every widget the Bootstrap class it needs, so templates can render fields plainly."""

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
