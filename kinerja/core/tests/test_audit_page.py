"""The audit trail page reads as a record for an inspector, in Indonesian, with the chain's last check."""

import ast
import datetime
from decimal import Decimal
from pathlib import Path

import polib
import pytest
import time_machine
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.utils import translation

from kinerja.core import audit, audit_display
from kinerja.core.choices import AgencyKind, Role
from kinerja.core.models import Agency, AuditCheck, AuditedModel, AuditEvent, Membership
from kinerja.planning import services
from kinerja.tests.versions import current_version

ROOT = Path(__file__).resolve().parents[2]


def _source_files():
    for path in sorted(ROOT.rglob("*.py")):
        if "migrations" not in path.parts and "tests" not in path.parts:
            yield path


def _record_event_calls():
    for path in _source_files():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "attr", getattr(node.func, "id", "")) == "record_event"
            ):
                yield path, node


def _module_constant(path, name: str):
    """The value of a module-level constant assigned a literal in the file at ``path``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in tree.body:
        targets = any(getattr(t, "id", None) == name for t in getattr(node, "targets", ()))
        if isinstance(node, ast.Assign) and targets and isinstance(node.value, ast.Constant):
            return node.value.value
    raise AssertionError(f"{path}: {name} is not a module constant")


def _change_indicator(world):
    """An update touching a decimal, a boolean, a choice and a foreign key to an agency deleted since."""
    planner = world.users["planner"]
    with audit.audit_context(username="test:setup"):
        old = Agency.objects.create(
            government=world.government, code="lama", name="Badan Lama", short_name="Badan Lama", kind=AgencyKind.BADAN
        )
    indicator = services.indicator_update(
        user=planner,
        indicator=world.disdik_indicator,
        data={"responsible_agency_id": old.pk},
        expected_version=current_version(world.disdik_indicator),
    )
    with audit.audit_context(user=planner, reason="perbaikan baseline"):
        indicator = services.indicator_update(
            user=planner,
            indicator=indicator,
            data={
                "baseline": Decimal("1234567.5"),
                "is_key": True,
                "polarity": "negative",
                "responsible_agency_id": world.disdik.pk,
            },
            expected_version=current_version(indicator),
        )
    with audit.audit_context(username="test:setup"):
        old.delete()
    return AuditEvent.objects.filter(object_type="planning.indicator", object_id=str(indicator.pk)).first()


def test_an_entry_shows_action_object_field_labels_and_formatted_values_in_indonesian(world, login):
    event = _change_indicator(world)
    response = login(world.users["inspector"]).get(f"/audit/{event.sequence}/")
    html = response.content.decode()
    entry = response.context["entry"]
    assert entry.action == "diubah" and entry.type_label == "Indikator" and entry.object_label == "APK SMA"
    changes = {c.key: (c.label, c.before, c.after) for c in entry.changes}
    assert changes["baseline"][1:] == ("–", "1.234.567,5")
    assert changes["is_key"][1:] == ("Tidak", "Ya")
    assert changes["polarity"][1:] == ("Semakin tinggi semakin baik", "Semakin rendah semakin baik")
    assert [c.key for c in entry.changes][-1] == "lock_version"  # in the form's order, bookkeeping last
    assert changes["responsible_agency_id"][1:] == ("Badan Lama", "Disdik")  # the deleted agency keeps its name
    assert changes["lock_version"][0] == "Versi data" and changes["lock_version"][1:] == ("2", "3")
    assert "IKU" in changes["is_key"][0]
    for raw in ("responsible_agency_id", "lock_version", "F(", "planning.indicator #"):
        assert f">{raw}<" not in html
    assert "perbaikan baseline" in html


def test_the_list_names_objects_and_summarises_changes(world, login):
    _change_indicator(world)
    response = login(world.users["inspector"]).get("/audit/", {"object_type": "planning.indicator"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "APK SMA" in html and "Indikator" in html and "diubah" in html
    assert "1.234.567,5" in html and "Badan Lama → Disdik" in html
    deleted = login(world.users["inspector"]).get("/audit/", {"object_type": "core.agency", "action": "delete"})
    assert [e.object_label for e in deleted.context["entries"]] == ["Badan Lama"]
    assert "dihapus" in deleted.content.decode()


def test_english_is_shown_when_the_user_switches(world, login):
    event = _change_indicator(world)
    client = login(world.users["inspector"])
    client.post("/i18n/setlang/", {"language": "en", "next": "/audit/"})
    entry = client.get(f"/audit/{event.sequence}/").context["entry"]
    assert entry.action == "changed"
    assert {c.key: c.after for c in entry.changes}["baseline"] == "1,234,567.5"


def test_the_date_range_filters_by_local_day_and_a_wrong_date_is_reported(world, login):
    planner = world.users["planner"]
    with (
        time_machine.travel(datetime.datetime(2026, 3, 1, 23, 30, tzinfo=datetime.UTC)),
        audit.audit_context(user=planner),
    ):
        services.node_update(
            user=planner,
            node=world.mission,
            data={"title": "Misi Maret"},
            expected_version=current_version(world.mission),
        )  # 2 March in Jakarta
    client = login(world.users["inspector"])
    march = client.get("/audit/", {"date_from": "2026-03-02", "date_to": "2026-03-02"})
    assert [e.event.after["title"] for e in march.context["entries"]] == ["Misi Maret"]
    assert client.get("/audit/", {"date_to": "2026-03-01"}).context["page_obj"].paginator.count == 0
    assert (
        client.get("/audit/", {"date_from": "02-03-2026", "date_to": "2026-03-02"}).context["page_obj"].paginator.count
        == 1
    )
    wrong = client.get("/audit/", {"date_from": "2026-13-40", "user": "planner"})
    assert wrong.status_code == 200 and wrong.context["form"].errors["date_from"]
    assert {e.event.username for e in wrong.context["entries"]} == {"planner"}  # the other filters still apply
    reversed_range = client.get("/audit/", {"date_from": "2026-03-03", "date_to": "2026-03-02"})
    assert reversed_range.status_code == 200 and "date_to" in reversed_range.context["form"].errors


def test_the_banner_shows_the_last_check_and_what_was_written_since(world, login):
    client = login(world.users["inspector"])
    assert "Rantai hash belum pernah diperiksa." in client.get("/audit/").content.decode()
    call_command("audit_verify", "--no-checkpoint")  # a checkpoint would be an entry written after the check
    check = AuditCheck.objects.get()
    assert check.intact and check.source == "command" and check.up_to == AuditEvent.objects.count()
    html = client.get("/audit/").content.decode()
    assert "Rantai hash utuh" in html and f"hingga entri #{check.up_to}" in html and "belum diperiksa" not in html
    services.node_update(
        user=world.users["planner"],
        node=world.mission,
        data={"title": "Misi lain"},
        expected_version=current_version(world.mission),
    )
    assert "1 entri yang ditulis sesudahnya belum diperiksa." in client.get("/audit/").content.decode()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditevent SET reason = 'diubah diam-diam' WHERE sequence = 3")
    assert "Rantai hash utuh" in client.get("/audit/").content.decode()  # honest: the last check, not this view
    response = client.post("/audit/check/", follow=True)
    html = response.content.decode()
    assert "Rantai hash RUSAK" in html and "entry 3" in html
    assert AuditCheck.objects.first().source == "page" and not AuditCheck.objects.first().intact


def test_only_readers_of_the_trail_may_run_the_check(world, login):
    for name in ("planner", "dinkes_operator"):
        assert login(world.users[name]).post("/audit/check/").status_code == 403
    assert not AuditCheck.objects.exists()
    assert login(world.users["admin_user"]).get("/audit/check/").status_code == 405


# session, user, memberships, the account's second-factor state; count and page of entries; labels of the
# objects named (trail, users); last check, chain head.
AUDIT_PAGE_QUERIES = 9


@pytest.mark.parametrize("changes", [1, 60])
def test_the_audit_page_runs_a_fixed_number_of_queries(world, login, django_assert_num_queries, changes):
    for number in range(changes):
        services.node_update(
            user=world.users["planner"],
            node=world.mission,
            data={"title": f"Misi {number}"},
            expected_version=current_version(world.mission),
        )
    _change_indicator(world)  # on the first page: names from the trail (agencies, one deleted) ...
    with audit.audit_context(username="test:setup"):  # ... and from the users' table
        Membership.objects.create(user=world.users["no_role"], government=world.government, role=Role.LEADER)
    call_command("audit_verify")
    client = login(world.users["inspector"])
    client.get("/audit/")  # the session and the user's memberships are loaded once per request anyway
    with django_assert_num_queries(AUDIT_PAGE_QUERIES):
        response = client.get("/audit/")
    assert len(response.context["entries"]) == min(50, response.context["page_obj"].paginator.count)


def test_every_action_written_has_an_indonesian_label():
    actions = set()
    for path, call in _record_event_calls():
        for keyword in call.keywords:
            if keyword.arg == "action":
                values = [n.value for n in ast.walk(keyword.value) if isinstance(n, ast.Constant)]
                if not values and isinstance(keyword.value, ast.Name):  # a module constant, e.g. SEAL_ACTION
                    values = [_module_constant(path, keyword.value.id)]
                assert values, f"{path}: record_event's action is not a literal"
                actions.update(v for v in values if isinstance(v, str))
    assert {"create", "update", "delete", "submitted", "verified", "returned", "sign", "escalate"} <= actions
    assert actions - set(audit_display.ACTION_LABELS) == set()
    catalogue = {e.msgid: e.msgstr for e in polib.pofile(str(ROOT / "locale" / "id" / "LC_MESSAGES" / "django.po"))}
    with translation.override(None):
        msgids = {action: str(audit_display.ACTION_LABELS[action]) for action in actions}
    assert {action for action, msgid in msgids.items() if not catalogue.get(msgid)} == set()


def test_every_key_a_domain_event_records_has_a_label():
    field_names = {f.name for m in apps.get_models() for f in m._meta.get_fields()} | {
        f.attname for m in apps.get_models() for f in m._meta.concrete_fields
    }
    keys = set()
    for _path, call in _record_event_calls():
        for keyword in call.keywords:
            if keyword.arg in ("before", "after") and isinstance(keyword.value, ast.Dict):
                keys.update(k.value for k in keyword.value.keys if isinstance(k, ast.Constant))
    assert keys
    assert {k for k in keys if k not in audit_display.EVENT_KEYS and k not in field_names} == set()


def test_every_audited_field_has_a_label_of_its_own():
    missing = []
    for model in apps.get_models():
        if issubclass(model, AuditedModel):
            for field in model._meta.concrete_fields:
                if field._verbose_name is None and field.attname not in audit_display.FIELD_LABELS:
                    missing.append(f"{model._meta.label}.{field.name}")
    assert missing == []


@pytest.mark.parametrize(
    ("value", "indonesian", "english"),
    [
        (Decimal("1234567.50"), "1.234.567,5", "1,234,567.5"),
        (Decimal("-1000"), "-1.000", "-1,000"),
        (Decimal("0.125"), "0,125", "0.125"),
        (12, "12", "12"),
        (Decimal("1E+3"), "1.000", "1,000"),
    ],
)
def test_numbers_are_written_the_way_of_the_language(value, indonesian, english):
    with translation.override("id"):
        assert audit_display.format_number(value) == indonesian
    with translation.override("en"):
        assert audit_display.format_number(value) == english
