"""The audit trail as an inspector reads it: action names, object names, field labels and formatted values.

The stored entries keep what the code wrote (``update``, ``agency_id``, ``"1500000.5"``); this module turns
them into words when a page shows them. Labels of the objects an entry points to (a foreign key, a list of
ids) come from the trail itself: the ``object_repr`` of the latest entry about that object, which is kept
when the object is deleted; objects the trail does not hold (users) are read from their table. Either way a
page of entries costs a fixed number of queries, whatever it shows.
"""

import datetime
import decimal
import json
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from django.apps import apps
from django.db import models
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

# Every action the code writes (change capture and domain events). A test checks that each
# ``record_event(action=...)`` in the source has its label here.
ACTION_LABELS = {
    "create": _("created"),
    "update": _("changed"),
    "delete": _("deleted"),
    "submitted": _("submitted for verification"),
    "verified": _("verified"),
    "returned": _("returned for revision"),
    "sign": _("signed"),
    "revise": _("revised"),
    "verify": _("document checked"),
    "prepare_all": _("documents prepared for every agency"),
    "escalate": _("escalated"),
    "amend": _("plan amended"),
    "import": _("imported from Excel"),
    "import_paper": _("paper questionnaires imported"),
    "moderate": _("suggestion moderated"),
    "nomenclature_loaded": _("nomenclature loaded"),
    "deadline_changed": _("deadline changed"),
    "two_factor_on": _("two-factor authentication turned on"),
    "two_factor_reset": _("two-factor authentication reset"),
    "recovery_codes_renew": _("recovery codes renewed"),
    "token_create": _("API token created"),
    "token_revoke": _("API token revoked"),
    "checkpoint": _("audit trail checkpoint written"),
    "seal": _("survey answers sealed"),
    "chain_head_missing": _("audit chain head found missing"),
    "restore": _("restored from a backup"),
    "approve": _("approved"),
    "return": _("returned for revision"),
    "issue": _("issued"),
    "reviewed": _("reviewed"),
    "accepted": _("accepted"),
    "replicated": _("replicated by another agency"),
    "evidence_added": _("evidence file attached"),
    "evidence_removed": _("evidence file removed"),
}

# Keys of domain events that are not fields of the object's model. ``(label, related model)``: a related
# model turns the value (an id or a list of ids) into the objects' names.
EVENT_KEYS: dict[str, tuple] = {
    "label": (_("label"), None),
    "rows": (_("rows"), None),
    "sha256": (_("SHA-256 of the file"), None),
    "active": (_("in use"), None),
    "period_id": (_("plan period"), "planning.planperiod"),
    "nodes": (_("nodes copied"), None),
    "indicators": (_("indicators copied"), None),
    "targets": (_("targets copied"), None),
    "realizations_moved": (_("realizations moved"), None),
    "budgets_moved": (_("budgets moved"), None),
    "totals_moved": (_("year totals moved"), None),
    "file": (_("file"), None),
    "nodes_created": (_("nodes created"), None),
    "nodes_updated": (_("nodes changed"), None),
    "indicators_created": (_("indicators created"), None),
    "indicators_updated": (_("indicators changed"), None),
    "targets_set": (_("targets set"), None),
    "late": (_("late"), None),
    "party": (_("signing party"), None),
    "certificate": (_("certificate"), None),
    "certificate_sha256": (_("SHA-256 of the certificate"), None),
    "ground": (_("ground for the revision"), None),
    "issued": (_("issued by Kinerja"), None),
    "signatures_ok": (_("every signature valid"), None),
    "source": (_("checked through"), None),
    "documents": (_("documents made"), None),
    "errors": (_("errors"), None),
    "responses": (_("questionnaires"), None),
    "response": (_("questionnaire"), "satisfaction.response"),
    "device": (_("device"), None),
    "token": (_("token"), None),
    "expiry": (_("expires"), None),
    "all": (_("tokens revoked"), None),
    "why": (_("why"), None),
    "time": (_("time"), None),
    "last_entry": (_("last entry"), None),
    "from_response": (_("from questionnaire"), None),
    "to_response": (_("to questionnaire"), None),
    "database_sha256": (_("SHA-256 of the database"), None),
    "files": (_("stored files"), None),
    "audit_head": (_("audit chain head"), None),
}

# Technical fields that carry no verbose_name of their own.
FIELD_LABELS = {
    "id": _("id"),
    "lock_version": _("data version"),
    "reviewed_by_id": _("reviewed by"),
    "claimed_by_id": _("claimed by"),
    "innovation_id": _("innovation"),
    "indicator_id": _("indicator"),
    "change_id": _("service changed"),
}

# Bookkeeping fields: on the entry's page, left out of the list's summary.
TECHNICAL = frozenset({"id", "created", "lock_version"})

DASH = "–"


def action_label(action: str) -> str:
    return str(ACTION_LABELS.get(action, action))


def model_for(object_type: str) -> type[models.Model] | None:
    try:
        return apps.get_model(object_type)
    except (LookupError, ValueError):
        return None


def type_label(object_type: str) -> str:
    model = model_for(object_type)
    return capfirst(str(model._meta.verbose_name)) if model is not None else object_type


def _field(model, key: str):
    if model is None:
        return None
    try:
        found = model._meta.get_field(key)
    except Exception:  # FieldDoesNotExist, or a key that is no field name at all
        return None
    # A reverse relation (PlanPeriod.nodes) is no value of the row: a domain event's count of that name is meant.
    return None if found.auto_created and not found.concrete else found


def field_label(model, key: str) -> str:
    """Return the label of ``key``: the model field's verbose_name, a domain event's key label, or the key."""
    if key in FIELD_LABELS:
        return capfirst(str(FIELD_LABELS[key]))
    found = _field(model, key)
    if found is not None and getattr(found, "verbose_name", None):
        return capfirst(str(found.verbose_name))
    if key in EVENT_KEYS:
        return capfirst(str(EVENT_KEYS[key][0]))
    return key.replace("_", " ")


def _related(model, key: str) -> str | None:
    """Return the label_lower of the model the value of ``key`` points to, if it points to one."""
    found = _field(model, key)
    if found is not None and found.is_relation and found.related_model is not None:
        return found.related_model._meta.label_lower
    if found is None and key in EVENT_KEYS:
        return EVENT_KEYS[key][1]
    return None


def format_number(value) -> str:
    """Write a number the Indonesian way (1.234.567,5), or the English way when English is active.

    A local formatter until core has a shared one; exact Decimal arithmetic, never float.
    """
    number = decimal.Decimal(str(value))
    if not number.is_finite():
        return str(value)
    text = format(number.normalize() if number != number.to_integral() else number.quantize(1), "f")
    sign, text = ("-", text[1:]) if text.startswith("-") else ("", text)
    whole, _sep, fraction = text.partition(".")
    thousands, point = (",", ".") if (get_language() or "id").startswith("en") else (".", ",")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    return sign + thousands.join(groups) + (point + fraction if fraction else "")


def _yes_no(value: bool) -> str:
    return str(_("Yes") if value else _("No"))


def _plain(value) -> str:
    if value is None or value == "":
        return DASH
    if isinstance(value, bool):
        return _yes_no(value)
    if isinstance(value, int | float | decimal.Decimal):
        return format_number(value)
    if isinstance(value, list):
        return ", ".join(_plain(v) for v in value) or DASH
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


@dataclass
class Change:
    key: str
    label: str
    before: str
    after: str
    technical: bool = False  # bookkeeping (version, time of creation): shown on the entry, not in the list


def _in_reading_order(model, keys) -> list[str]:
    """Order keys as the model declares its fields (the order of its forms); bookkeeping last, other keys after."""
    order = {f.attname: i for i, f in enumerate(model._meta.concrete_fields)} if model is not None else {}
    return sorted(keys, key=lambda key: (key in TECHNICAL, order.get(key, len(order)), key))


@dataclass
class EntryView:
    """One entry ready for a page: the stored event and its words."""

    event: object
    action: str
    type_label: str
    object_label: str
    changes: list[Change] = field(default_factory=list)

    @property
    def summary(self) -> list[Change]:
        return [change for change in self.changes if not change.technical]


class _Labels:
    """Names of the objects that entries point to, fetched for a whole page at once."""

    def __init__(self, user):
        self.user = user
        self.wanted: dict[str, set[str]] = {}
        self.names: dict[tuple[str, str], str] = {}

    def want(self, object_type: str, value) -> None:
        for item in value if isinstance(value, list) else [value]:
            if item not in (None, ""):
                self.wanted.setdefault(object_type, set()).add(str(item))

    def load(self) -> None:
        from kinerja.core.models import AuditedModel, AuditEvent

        if not self.wanted:
            return
        in_trail, elsewhere = {}, {}
        for object_type, ids in self.wanted.items():
            model = model_for(object_type)
            if model is not None and issubclass(model, AuditedModel):
                in_trail[object_type] = ids
            elif model is not None:
                elsewhere[model] = ids
        if in_trail:
            condition = Q()
            for object_type, ids in in_trail.items():
                condition |= Q(object_type=object_type, object_id__in=sorted(ids))
            visible = AuditEvent.objects.restrict(self.user, "view") if self.user is not None else AuditEvent.objects
            latest = visible.filter(condition).values("object_type", "object_id").annotate(last=Max("sequence"))
            rows = AuditEvent.objects.filter(sequence__in=latest.values("last")).values_list(
                "object_type", "object_id", "object_repr"
            )
            self.names.update({(t, i): r for t, i, r in rows if r})
        for model, ids in elsewhere.items():
            keys = [int(i) if i.isdigit() else i for i in ids]
            for obj in model._default_manager.filter(pk__in=keys):
                self.names[(model._meta.label_lower, str(obj.pk))] = str(obj)

    def name(self, object_type: str, value) -> str:
        return self.names.get((object_type, str(value)), f"#{value}")


def _format(model, key: str, value, labels: _Labels) -> str:
    if value is None or value == "" or value == []:
        return DASH
    related = _related(model, key)
    if related is not None:
        items = value if isinstance(value, list) else [value]
        return ", ".join(labels.name(related, item) for item in items)
    found = _field(model, key)
    if found is None:
        return _plain(value)
    choices = dict(found.flatchoices) if getattr(found, "choices", None) else None
    if choices is not None and not isinstance(value, list | dict):
        label = choices.get(value)
        if label is None and isinstance(value, str) and value.lstrip("-").isdigit():
            label = choices.get(int(value))
        return str(label) if label is not None else str(value)
    try:
        if isinstance(found, models.BooleanField):
            return _yes_no(bool(value))
        if isinstance(found, models.DateTimeField):
            moment = datetime.datetime.fromisoformat(str(value))
            return date_format(timezone.localtime(moment), "d-m-Y H:i:s")
        if isinstance(found, models.DateField):
            return date_format(datetime.date.fromisoformat(str(value)), "d-m-Y")
        if isinstance(found, models.DecimalField | models.FloatField):
            return format_number(value)
        if isinstance(found, models.FileField):
            return PurePosixPath(str(value)).name or DASH
    except (ValueError, TypeError, decimal.InvalidOperation):
        return str(value)  # an entry written before the field's type changed: shown as stored
    return _plain(value)


def present(events, *, user=None, with_changes: bool = True) -> list[EntryView]:
    """Return the entries in words, resolving every object they name with a fixed number of queries."""
    events = list(events)
    labels = _Labels(user)
    if with_changes:
        for event in events:
            model = model_for(event.object_type)
            for key in set(event.before or {}) | set(event.after or {}):
                related = _related(model, key)
                if related is not None:
                    for values in (event.before or {}, event.after or {}):
                        labels.want(related, values.get(key))
        labels.load()
    views = []
    for event in events:
        model = model_for(event.object_type)
        label = event.object_repr or (f"#{event.object_id}" if event.object_id else DASH)
        view = EntryView(
            event=event, action=action_label(event.action), type_label=type_label(event.object_type), object_label=label
        )
        if with_changes:
            before, after = event.before or {}, event.after or {}
            if event.action in ("create", "delete"):
                shown = after if event.action == "create" else before
                keys = [key for key, value in shown.items() if value not in (None, "", []) and key != "id"]
            else:
                keys = [key for key, _b, _a in event.changes]
            for key in _in_reading_order(model, keys):
                view.changes.append(
                    Change(
                        key=key,
                        label=field_label(model, key),
                        before=_format(model, key, before.get(key), labels) if key in before else DASH,
                        after=_format(model, key, after.get(key), labels) if key in after else DASH,
                        technical=key in TECHNICAL,
                    )
                )
        views.append(view)
    return views


def audited_types() -> list[tuple[str, str]]:
    """Return (object_type, label) of every audited model, by label, for the page's filter."""
    from kinerja.core.models import AuditedModel

    types = [
        (model._meta.label_lower, type_label(model._meta.label_lower))
        for model in apps.get_models()
        if issubclass(model, AuditedModel)
    ]
    return sorted(types, key=lambda item: item[1])
