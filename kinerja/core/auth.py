"""Authentication: refuse the public demo password outside the demo."""

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def demo_password_refused(password: str | None) -> bool:
    """Return whether ``password`` is the public demo password while demo logins are not allowed."""
    return password == settings.DEMO_PASSWORD and not settings.ALLOW_DEMO_LOGINS


class KinerjaModelBackend(ModelBackend):
    """The model backend, except that the published demo password never opens an account in production."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if demo_password_refused(password):
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


class DemoPasswordValidator:
    """Refuse the published demo password as a real password whenever demo logins are off."""

    def validate(self, password, user=None):
        if demo_password_refused(password):
            raise ValidationError(_("This is the public demo password; choose another."), code="demo_password")

    def get_help_text(self):
        return _("Your password cannot be the public demo password.")
