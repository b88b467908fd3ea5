"""The demo holds an agency for every kind of signal, arising from its records."""

import io

from django.core.management import call_command

from kinerja.core.models import Government, User
from kinerja.dashboards import reality


def test_the_demo_holds_every_kind_of_signal(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.DEMO_CA_DIR = tmp_path / "demo-ca"
    call_command("load_demo", stdout=io.StringIO())
    signals = reality.compute(
        user=User.objects.get(username="gubernur"), government=Government.objects.get(code="16"), year=2026
    )
    agencies = {kind: {s.agency_code for s in signals if s.kind == kind} for kind in reality.KINDS}
    assert all(agencies.values()), agencies
    assert "bapenda" in agencies[reality.ACHIEVEMENT_WITHOUT_SATISFACTION]
    assert "dinsos" in agencies[reality.REUSED_EVIDENCE]
    assert "dpubmtr" in agencies[reality.PROGRESS_DIVERGENCE]
    assert "dishub" in agencies[reality.PHOTO_METADATA]
    # an agency head sees the own agency's signals only
    head = reality.compute(
        user=User.objects.get(username="dinsos.kepala"), government=Government.objects.get(code="16"), year=2026
    )
    assert head and {s.agency_code for s in head} == {"dinsos"}
