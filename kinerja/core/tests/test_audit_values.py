"""What the trail records is the value saved: an expression is resolved first, or refused."""

import pytest
from django.db.models import F, Value
from django.db.models.functions import Concat, Upper

from kinerja.core import audit
from kinerja.core.models import AuditEvent


def _last(obj):
    return AuditEvent.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk)).order_by("-sequence")[0]


def test_a_save_with_expressions_records_the_values_the_database_computed(world):
    node = world.mission
    node.lock_version = F("lock_version") + 1
    node.title = Concat(Upper(Value("misi ")), Value("SDM"))
    node.save()
    event = _last(node)
    assert event.action == "update"
    assert event.after["lock_version"] == 2 and event.after["title"] == "MISI SDM"
    assert ("title", "Misi SDM", "MISI SDM") in event.changes
    assert node.lock_version == 2  # the instance holds the stored value too, so the next save compares right


def test_an_expression_handed_to_record_event_is_refused_not_stored_as_text(world):
    count = AuditEvent.objects.count()
    with pytest.raises(ValueError, match="query expression"):
        audit.record_event(action="update", obj=world.mission, after={"lock_version": F("lock_version") + 1})
    with pytest.raises(ValueError, match="query expression"):
        audit.record_event(action="update", obj=world.mission, before={"nested": [{"x": F("x")}]})
    assert AuditEvent.objects.count() == count
