"""Writes of organisation and access data, and the shared helpers every service uses."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kinerja.core import audit
from kinerja.core.access import require
from kinerja.core.models import Agency, Government, Membership, User
from kinerja.core.permissions import USERS


class ConflictError(Exception):
    """Someone else saved the record since the user loaded it; ``current`` holds the values now stored."""

    def __init__(self, message, current: dict, changed: list[str]):
        super().__init__(message)
        self.message = message
        self.current = current
        self.changed = changed


def check_version(instance, expected_version: int | None, fields: list[str]) -> None:
    """Refuse the write unless the stored lock_version is the one the user edited.

    ``instance`` must have been loaded inside the writing transaction (select_for_update). No version
    (None: the caller did not say which version it edited, or thought the record did not exist yet) is a
    conflict too: a write never goes through unchecked.
    """
    if expected_version is not None and instance.lock_version == expected_version:
        return
    current = {name: audit.to_jsonable(getattr(instance, name)) for name in fields}
    raise ConflictError(
        gettext_lazy(
            "Someone else saved this record while you were editing it. Your changes were not saved; "
            "the values now stored are shown. Review them and save again."
        ),
        current=current,
        changed=fields,
    )


def apply_changes(instance, data: dict) -> list[str]:
    """Set attributes from ``data`` and return the names that changed."""
    changed = []
    for name, value in data.items():
        if getattr(instance, name) != value:
            setattr(instance, name, value)
            changed.append(name)
    return changed


@transaction.atomic
def user_create(
    *,
    actor,
    government: Government,
    username: str,
    password: str | None,
    role: str,
    agency: Agency | None = None,
    **data,
) -> User:
    """Create a user with one membership; ``password`` None leaves the account without a usable password."""
    require(actor, "add", agency or government, area=USERS)
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("This username is taken.")})
    new_user = User(username=username, **data)
    if password:
        from django.contrib.auth.password_validation import validate_password

        validate_password(password, new_user)
        new_user.set_password(password)
    else:
        new_user.set_unusable_password()
    new_user.full_clean(exclude=["password"])
    new_user.save()
    membership_create(actor=actor, user=new_user, government=government, role=role, agency=agency)
    return new_user


@transaction.atomic
def membership_create(
    *, actor, user: User, government: Government, role: str, agency: Agency | None = None
) -> Membership:
    require(actor, "add", agency or government, area=USERS)
    membership = Membership(user=user, government=government, role=role, agency=agency)
    membership.full_clean()
    membership.save()
    return membership


@transaction.atomic
def membership_deactivate(*, actor, membership: Membership, reason: str) -> Membership:
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    require(actor, "change", membership)
    if not reason.strip():
        raise ValidationError({"reason": _("A reason is required.")})
    with audit.audit_context(reason=reason):
        membership.is_active = False
        membership.save()
    return membership


def audit_check_run(*, source: str):
    """Verify the audit trail (chain, checkpoints, seals: ``anchors.verify_trail``) and keep the result, with
    its time, for the audit page."""
    from django.utils import timezone

    from kinerja.core import anchors
    from kinerja.core.models import AuditChainHead, AuditCheck

    head = AuditChainHead.objects.filter(pk=1).first()
    checked = timezone.now()
    intact, message = anchors.verify_trail()
    return AuditCheck.objects.create(
        checked=checked, intact=intact, message=message, up_to=head.sequence if head else 0, source=source
    )
