"""Account security: two-factor authentication (TOTP with recovery codes) and API tokens.

Two-factor authentication uses django-otp: a TOTP device (an authenticator app) per user and a static
device holding ten one-time recovery codes. It is required, when ``TWO_FACTOR_REQUIRED`` is on (the
default in production, off in the demo), of users holding a role in ``TWO_FACTOR_ROLES`` (those who
verify, sign, read everything or administer); anyone else may enrol.

API tokens use django-rest-knox: stored as hashes, expiring after ``API_TOKEN_TTL_HOURS``, listed and
revoked by their owner, and revoked all at once when the owner's password changes or the account is
deactivated. A user to whom two-factor authentication applies must send a current code to get a token.
"""

import segno
from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models.signals import pre_save
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp import devices_for_user
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from knox.models import AuthToken

from kinerja.core import audit
from kinerja.core.choices import Role
from kinerja.core.models import User

RECOVERY_CODES = 10
TOTP_NAME = "authenticator"
RECOVERY_NAME = "recovery"


# --- two-factor authentication --------------------------------------------------------------------


def two_factor_required(user) -> bool:
    """Return whether ``user`` must use a second factor (the setting is on and a role calls for it)."""
    if not settings.TWO_FACTOR_REQUIRED or not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return user.memberships.filter(is_active=True, role__in=settings.TWO_FACTOR_ROLES).exists()


def has_two_factor(user) -> bool:
    """Return whether ``user`` has a confirmed authenticator."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def two_factor_applies(user) -> bool:
    """Return whether a login of ``user`` needs a code: enrolled, or required to be."""
    return has_two_factor(user) or two_factor_required(user)


# What a session still owes after the password, decided at login and kept in the session.
SESSION_STEP = "kinerja_two_factor_step"
STEP_DONE, STEP_VERIFY, STEP_ENROL = "done", "verify", "enrol"


def session_step_decide(request) -> str:
    """Decide and remember which second step the session's user owes: none, a code, or enrolment."""
    user = request.user
    if has_two_factor(user):
        step = STEP_VERIFY
    elif two_factor_required(user):
        step = STEP_ENROL
    else:
        step = STEP_DONE
    request.session[SESSION_STEP] = step
    return step


def session_step_done(request) -> None:
    """The session passed its second step (a code was accepted, or an authenticator enrolled)."""
    request.session[SESSION_STEP] = STEP_DONE


@receiver(user_logged_in, dispatch_uid="kinerja.core.accounts.decide_second_step")
def _decide_second_step_at_login(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.user = user
        session_step_decide(request)


@transaction.atomic
def totp_start(*, user) -> TOTPDevice:
    """Start enrolling an authenticator: a new secret, unconfirmed until a code from it is entered."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    if has_two_factor(user):
        raise ValidationError(_("Two-factor authentication is already on for this account."))
    return TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=False)


def totp_pending(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()


def totp_qr_svg(device: TOTPDevice) -> str:
    """The enrolment QR code as inline SVG (made here: nothing is sent to a QR service)."""
    return segno.make(device.config_url, error="m").svg_inline(scale=4, dark="#212529", light="#ffffff")


def totp_secret(device: TOTPDevice) -> str:
    """The secret in base32, for typing into an authenticator by hand, in groups of four."""
    from base64 import b32encode

    text = b32encode(device.bin_key).decode()
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def _clean_code(code: str) -> str:
    return "".join(str(code or "").split()).lower()


@transaction.atomic
def totp_confirm(*, user, code: str) -> list[str]:
    """Confirm the pending authenticator with a code from it; return the new recovery codes (shown once)."""
    device = totp_pending(user)
    if device is None:
        raise ValidationError(_("Start the set-up again: no authenticator is waiting for confirmation."))
    if not device.verify_token(_clean_code(code)):
        raise ValidationError({"code": _("The code is wrong or expired. Enter the 6 digits the app shows now.")})
    device.confirmed = True
    device.save()
    codes = _new_recovery_codes(user)
    audit.record_event(action="two_factor_on", obj=user, object_repr=user.get_username(), after={"device": "totp"})
    return codes


def _new_recovery_codes(user) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


@transaction.atomic
def recovery_codes_renew(*, user) -> list[str]:
    """Replace the recovery codes (the old ones stop working); return the new ones."""
    if not has_two_factor(user):
        raise ValidationError(_("Turn on two-factor authentication first."))
    codes = _new_recovery_codes(user)
    audit.record_event(action="recovery_codes_renew", obj=user, object_repr=user.get_username())
    return codes


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def two_factor_check(*, user, code: str):
    """Return the device that accepts ``code`` (a TOTP code or a recovery code, used up), or None.

    django-otp throttles each device after failures, so guessing codes is slow."""
    code = _clean_code(code)
    if not code:
        return None
    with transaction.atomic():
        for device in devices_for_user(user, confirmed=True, for_verify=True):
            if device.verify_token(code):
                return device
    return None


@transaction.atomic
def two_factor_reset(*, user, target: User, reason: str) -> None:
    """Remove a user's authenticator and recovery codes (a lost phone): administrators only, with a reason.

    The user enrols again at the next login when two-factor authentication is required of them."""
    if not user.is_superuser and not user.memberships.filter(is_active=True, role=Role.ADMIN).exists():
        raise PermissionDenied(_("Only administrators reset two-factor authentication."))
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason.")})
    TOTPDevice.objects.filter(user=target).delete()
    StaticDevice.objects.filter(user=target).delete()
    tokens_revoke_all(user=target, why="two_factor_reset")
    audit.record_event(
        action="two_factor_reset", obj=target, object_repr=target.get_username(), reason=reason.strip()[:500]
    )


# --- API tokens -----------------------------------------------------------------------------------


def token_issue(*, user, code: str = "") -> tuple[AuthToken, str]:
    """Issue an API token for ``user`` (already authenticated by password); return (record, token text).

    Users to whom two-factor authentication applies must give a current code (or a recovery code);
    users required to use it but not enrolled must enrol first, on the account page."""
    if two_factor_applies(user):
        if not has_two_factor(user):
            raise PermissionDenied(_("Turn on two-factor authentication on the account page before using the API."))
        if two_factor_check(user=user, code=code) is None:
            raise ValidationError({"otp": _("Give the current code of your authenticator app (field otp).")})
    return token_create(user=user)


@transaction.atomic
def token_create(*, user) -> tuple[AuthToken, str]:
    """Create an API token for a user whose login is complete (both factors where they apply).

    At most ``REST_KNOX["TOKEN_LIMIT_PER_USER"]`` live tokens per user: a forgotten script that logs in
    on every run fills the limit and is told so, instead of piling up tokens."""
    limit = settings.REST_KNOX.get("TOKEN_LIMIT_PER_USER")
    if limit is not None and tokens_of(user).count() >= limit:
        raise ValidationError(
            _("You already have %(limit)s live API tokens: revoke one on the account page first.") % {"limit": limit}
        )
    record, token = AuthToken.objects.create(user=user)
    audit.record_event(
        action="token_create", obj=user, object_repr=user.get_username(),
        after={"token": record.token_key, "expiry": record.expiry.isoformat() if record.expiry else None},
    )  # fmt: skip
    return record, token


def tokens_of(user):
    """The user's live tokens, newest first (expired ones are left out; knox deletes them on use)."""
    return AuthToken.objects.filter(user=user, expiry__gt=timezone.now()).order_by("-created")


@transaction.atomic
def token_revoke(*, user, token_key: str) -> int:
    """Revoke the user's token(s) whose key starts the token; return how many were revoked."""
    deleted, _ = AuthToken.objects.filter(user=user, token_key=token_key).delete()
    if deleted:
        audit.record_event(
            action="token_revoke", obj=user, object_repr=user.get_username(), before={"token": token_key}
        )
    return deleted


def tokens_revoke_all(*, user, why: str) -> int:
    """Revoke every token of ``user`` (password changed, account deactivated, factor reset)."""
    deleted, _ = AuthToken.objects.filter(user=user).delete()
    if deleted:
        audit.record_event(
            action="token_revoke", obj=user, object_repr=user.get_username(), after={"all": deleted, "why": why}
        )
    return deleted


@receiver(pre_save, sender=User, dispatch_uid="kinerja.core.accounts.revoke_on_password_or_deactivation")
def _revoke_tokens_on_password_or_deactivation(sender, instance: User, raw=False, update_fields=None, **kwargs):
    """A new password or a deactivated account ends every API token, wherever the change is made
    (the user pages, the admin, ``changepassword``)."""
    if raw or instance.pk is None:
        return
    if update_fields is not None and not {"password", "is_active"} & set(update_fields):
        return  # the login's last_login update, for instance
    stored = User.objects.filter(pk=instance.pk).values("password", "is_active").first()
    if stored is None:
        return
    if stored["password"] != instance.password:
        tokens_revoke_all(user=instance, why="password_changed")
    elif stored["is_active"] and not instance.is_active:
        tokens_revoke_all(user=instance, why="deactivated")
