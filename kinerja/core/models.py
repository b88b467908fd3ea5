"""Organisation, access and audit: Government, Region, Agency, ServiceUnit, users and memberships."""

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kinerja.core import permissions
from kinerja.core.choices import AGENCY_ROLES, AgencyKind, GovernmentKind, RegionKind, Role, ServiceUnitKind
from kinerja.core.querysets import RestrictedQuerySet, Scope


class TimeStampedModel(models.Model):
    """Abstract base with creation and last-change times."""

    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class AuditedModel(TimeStampedModel):
    """Abstract base whose every create, update and delete lands in the audit trail.

    The values loaded from the database are kept on the instance so that an update records its
    "before" without another query.
    """

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        abstract = True

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        # Keep the loaded values as they are; they become the audit entry's "before" only if the
        # instance is saved (turning every loaded row into JSON up front made large reads slow).
        if len(values) == len(cls._meta.concrete_fields):
            instance._audit_loaded = dict(zip(field_names, values, strict=True))
        return instance

    def audit_government_id(self) -> int | None:
        """Return the government the record belongs to, for the audit entry."""
        path = self.scope.government
        target = self
        for part in path.split("__")[:-1]:
            target = getattr(target, part)
        return getattr(target, path.split("__")[-1] + "_id", None) if path not in ("id", "pk") else self.pk


class Government(AuditedModel):
    """A regional government (pemda) running Kinerja: a province, regency or city."""

    scope = Scope(area=permissions.ORGANISATION, government="id", agency=None)

    code = models.CharField(_("code"), max_length=10, unique=True, help_text=_("Kemendagri region code, e.g. 16."))
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=GovernmentKind.choices)
    head_title = models.CharField(_("title of the head"), max_length=100, default="Gubernur")
    head_name = models.CharField(_("name of the head"), max_length=200, blank=True)
    capital = models.CharField(_("capital"), max_length=100, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("government")
        verbose_name_plural = _("governments")

    def __str__(self) -> str:
        return self.name

    @property
    def nomenclature_level(self) -> str:
        """Return which SIPD list applies: the provincial one, or the regency/city one."""
        return "provinsi" if self.kind == GovernmentKind.PROVINCE else "kabkota"


class Region(AuditedModel):
    """A regency (kabupaten) or city (kota) inside a province."""

    scope = Scope(area=permissions.ORGANISATION, agency=None)

    government = models.ForeignKey(
        Government, on_delete=models.CASCADE, related_name="regions", verbose_name=_("government")
    )
    code = models.CharField(_("Kemendagri code"), max_length=10)
    bps_code = models.CharField(_("BPS code"), max_length=10, blank=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=RegionKind.choices)

    class Meta:
        ordering = ["code"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        constraints = [models.UniqueConstraint(fields=["government", "code"], name="region_unique_code")]

    def __str__(self) -> str:
        return self.name


class Agency(AuditedModel):
    """A government agency (OPD): dinas, badan, biro, inspektorat or sekretariat."""

    scope = Scope(area=permissions.ORGANISATION, agency="id")

    government = models.ForeignKey(
        Government, on_delete=models.PROTECT, related_name="agencies", verbose_name=_("government")
    )
    code = models.SlugField(_("code"), max_length=40, help_text=_("Short lower-case code, e.g. dinkes."))
    name = models.CharField(_("name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=60)
    kind = models.CharField(_("kind"), max_length=20, choices=AgencyKind.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent agency"),
        help_text=_("Where a bureau sits under the Sekretariat Daerah."),
    )
    sipd_unit_code = models.CharField(_("SIPD unit code"), max_length=40, blank=True)
    head_name = models.CharField(_("name of the head"), max_length=200, blank=True)
    head_nip = models.CharField(_("NIP of the head"), max_length=30, blank=True)
    head_position = models.CharField(_("position of the head"), max_length=255, blank=True)
    is_illustrative = models.BooleanField(_("illustrative"), default=False)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        constraints = [
            models.UniqueConstraint(fields=["government", "code"], name="agency_unique_code"),
            models.CheckConstraint(condition=~Q(parent=models.F("id")), name="agency_not_own_parent"),
        ]

    def __str__(self) -> str:
        return self.short_name or self.name

    def clean(self) -> None:
        if self.parent_id and self.parent.government_id != self.government_id:
            raise ValidationError({"parent": _("The parent agency belongs to another government.")})
        if self.parent_id and self.parent.parent_id:
            raise ValidationError({"parent": _("A parent agency cannot itself sit under another agency.")})


class ServiceUnit(AuditedModel):
    """A unit that serves the public (UPTD, hospital, licensing office)."""

    scope = Scope(area=permissions.ORGANISATION, agency="agency")

    government = models.ForeignKey(
        Government, on_delete=models.PROTECT, related_name="service_units", verbose_name=_("government")
    )
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="service_units", verbose_name=_("agency"))
    code = models.SlugField(_("code"), max_length=60)
    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=20, choices=ServiceUnitKind.choices)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, null=True, blank=True, related_name="service_units", verbose_name=_("region")
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    is_illustrative = models.BooleanField(_("illustrative"), default=False)

    class Meta:
        ordering = ["agency__name", "name"]
        verbose_name = _("service unit")
        verbose_name_plural = _("service units")
        constraints = [models.UniqueConstraint(fields=["government", "code"], name="service_unit_unique_code")]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.agency_id and self.agency.government_id != self.government_id:
            raise ValidationError({"agency": _("The agency belongs to another government.")})


class User(AbstractUser):
    """A person using Kinerja; what they may do comes from their memberships."""

    nip = models.CharField(_("NIP"), max_length=30, blank=True, help_text=_("Civil-servant number."))
    position = models.CharField(_("position"), max_length=255, blank=True)

    class Meta:
        ordering = ["username"]
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class Membership(AuditedModel):
    """A role held by a user, for one agency or for a whole government."""

    scope = Scope(area=permissions.USERS, agency="agency")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user"))
    government = models.ForeignKey(
        Government, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("government")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    agency = models.ForeignKey(
        Agency,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("agency"),
        help_text=_("Required for agency heads and operators; empty means the whole government."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["user__username", "role"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "agency"], name="membership_unique_agency_role"),
            models.UniqueConstraint(
                fields=["user", "role", "government"],
                condition=Q(agency__isnull=True),
                name="membership_unique_government_role",
            ),
            models.CheckConstraint(
                condition=~Q(role__in=sorted(AGENCY_ROLES)) | Q(agency__isnull=False),
                name="membership_agency_role_needs_agency",
            ),
        ]

    def __str__(self) -> str:
        where = self.agency.short_name if self.agency_id else self.government.name
        return f"{self.user} · {self.get_role_display()} · {where}"

    def clean(self) -> None:
        if self.role in AGENCY_ROLES and not self.agency_id:
            raise ValidationError({"agency": _("This role needs an agency.")})
        if self.agency_id and self.agency.government_id != self.government_id:
            raise ValidationError({"agency": _("The agency belongs to another government.")})


class AuditEventQuerySet(RestrictedQuerySet):
    def update(self, **kwargs):
        raise PermissionError("The audit trail is append-only.")

    def delete(self):
        raise PermissionError("The audit trail is append-only.")


class AuditEvent(models.Model):
    """One entry of the audit trail; ``hash`` covers its fields and the previous entry's hash."""

    scope = Scope(area=permissions.AUDIT, agency=None)

    sequence = models.BigIntegerField(_("sequence"), unique=True)
    created = models.DateTimeField(_("time"), db_index=True)
    government_id = models.BigIntegerField(_("government"), null=True, blank=True, db_index=True)
    user_id = models.BigIntegerField(_("user id"), null=True, blank=True, db_index=True)
    username = models.CharField(_("user"), max_length=150, blank=True)
    request_id = models.CharField(_("request id"), max_length=64, blank=True)
    action = models.CharField(_("action"), max_length=40)
    object_type = models.CharField(_("object type"), max_length=100)
    object_id = models.CharField(_("object id"), max_length=64)
    object_repr = models.CharField(_("object"), max_length=300, blank=True)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    prev_hash = models.CharField(_("previous hash"), max_length=64)
    hash = models.CharField(_("hash"), max_length=64)
    # Which AUDIT_KEY authenticated the entry (its HMAC is ``hash``); empty for the entries written before
    # keys were introduced, which carry a plain SHA-256 and are vouched for by the first keyed entry.
    key_id = models.CharField(_("key id"), max_length=16, blank=True, default="")

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-sequence"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object_idx")]

    def __str__(self) -> str:
        return f"#{self.sequence} {self.action} {self.object_type}:{self.object_id}"

    def save(self, *args, **kwargs):
        raise PermissionError("Audit events are written only by kinerja.core.audit.record_event.")

    def delete(self, *args, **kwargs):
        raise PermissionError("The audit trail is append-only.")

    @property
    def changes(self) -> list[tuple[str, object, object]]:
        """Return (field, before, after) for every field whose value changed."""
        before, after = self.before or {}, self.after or {}
        keys = sorted(set(before) | set(after))
        return [(key, before.get(key), after.get(key)) for key in keys if before.get(key) != after.get(key)]


class AuditChainHead(models.Model):
    """The last entry of the chain: a lock point for appends and a witness against removed tail entries."""

    sequence = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("audit chain head")

    def __str__(self) -> str:
        return f"head #{self.sequence}"


class RateCounter(models.Model):
    """How many requests one client made in one fixed window of one rate limit (see ``kinerja.core.ratelimit``).

    The client is stored as a keyed hash, never as an address. Rows of ended windows are deleted as new
    windows open.
    """

    scope = models.CharField(_("scope"), max_length=40)
    client = models.CharField(_("client"), max_length=64)
    window_start = models.BigIntegerField(_("window start"), help_text=_("Unix time the window opened."))
    count = models.PositiveIntegerField(_("count"), default=0)

    class Meta:
        verbose_name = _("rate counter")
        verbose_name_plural = _("rate counters")
        ordering = ["scope", "client", "window_start"]
        constraints = [
            models.UniqueConstraint(fields=["scope", "client", "window_start"], name="core_ratecounter_unique_window")
        ]
        indexes = [models.Index(fields=["scope", "window_start"], name="core_ratecounter_scope_start")]

    def __str__(self) -> str:
        return f"{self.scope} {self.client[:8]}… @{self.window_start}: {self.count}"


class AuditCheck(models.Model):
    """The result of one verification of the hash chain, shown on the audit trail page.

    Written by ``audit_verify``, the worker's check and the page's "check now"; the page shows the latest, with
    its time, rather than walking the whole chain on every view.
    """

    checked = models.DateTimeField(_("checked"), db_index=True)
    intact = models.BooleanField(_("intact"))
    message = models.TextField(_("message"))
    up_to = models.BigIntegerField(_("last entry checked"), help_text=_("The chain head when the check began."))
    source = models.CharField(_("source"), max_length=20)

    class Meta:
        ordering = ["-checked", "-pk"]
        verbose_name = _("audit chain check")
        verbose_name_plural = _("audit chain checks")

    def __str__(self) -> str:
        return f"{self.checked:%Y-%m-%d %H:%M} {'intact' if self.intact else 'broken'}"
