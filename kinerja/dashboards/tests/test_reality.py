"""The reality check: each kind of signal arises from the records, its thresholds are settings, its cost is pinned."""

import datetime
from decimal import Decimal

import pytest
import time_machine

from kinerja.dashboards import reality
from kinerja.dashboards.tests import reality_data

NOW = datetime.datetime(2026, 12, 2, 3, tzinfo=datetime.UTC)


@pytest.fixture
def on_the_day():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def case(world, on_the_day):
    return reality_data.first_agency(world)


def _signals(world, user="leader"):
    return reality.compute(user=world.users[user], government=world.government, year=2026, today=reality_data.TODAY)


def _kind(signals, kind):
    return [s for s in signals if s.kind == kind]


def test_every_kind_arises_from_the_records(world, case):
    signals = _signals(world)
    assert {s.kind for s in signals} == set(reality.KINDS)
    assert {s.agency_code for s in signals} == {"dinkes"}
    # The achievement to date is 100 % (11 of a target to date of 11) while the unit's IKM is grade D.
    (gap,) = _kind(signals, reality.ACHIEVEMENT_WITHOUT_SATISFACTION)
    assert gap.facts["achievement_to_date"] == "100.00" and gap.facts["ikm_grade"] == "D"
    assert Decimal(gap.facts["ikm"]) < Decimal("76.61") and gap.facts["ikm_period"] == "2026-S1"
    assert "the public does not yet feel it" in gap.explanation
    # November holds 8 of the year's 11.
    (surge,) = _kind(signals, reality.YEAR_END_SURGE)
    assert surge.facts["share"] == "72.73" and surge.facts["latest_period"] == "November 2026"
    assert surge.key == f"year_end_surge:indicator-{case['indicator'].pk}"
    # 7 of the 11 verified values carry no file (May to November); one file is the evidence of January and February.
    (bare,) = _kind(signals, reality.MISSING_EVIDENCE)
    assert (bare.facts["verified_values"], bare.facts["without_evidence"]) == (11, 7)
    (reused,) = _kind(signals, reality.REUSED_EVIDENCE)
    assert [u["period_label"] for u in reused.facts["uses"]] == ["January 2026", "February 2026"]
    # 77 % physical against 11 % spent by November.
    (progress,) = _kind(signals, reality.PROGRESS_DIVERGENCE)
    assert progress.facts["physical_actual"] == "77.00" and progress.facts["financial_actual"] == "11.00"
    # The negative-polarity target 97 is above its baseline 90; the process indicator is a key one.
    (target,) = _kind(signals, reality.UNAMBITIOUS_TARGET)
    assert target.facts["indicator"] == case["indicator"].pk or target.facts["target"] == "97"
    assert "lower is better" in target.explanation
    (process,) = _kind(signals, reality.PROCESS_KEY_INDICATOR)
    assert process.facts["indicator_type"] == "process"
    # The evidence photo of March was taken in May; the project photo of November in September, 68 km away.
    (photos,) = _kind(signals, reality.PHOTO_METADATA)
    findings = [p["finding"] for p in photos.facts["photos"]]
    assert len(findings) == 2
    assert any("14-09-2026" in f and "km from the project site" in f for f in findings)
    assert any("10-05-2026" in f and "March 2026" in f for f in findings)
    for signal in signals:
        assert signal.explanation and signal.links and all(url for _label, url in signal.links)


def test_the_thresholds_are_settings(world, case, settings):
    settings.REALITY_ACHIEVEMENT_HIGH = Decimal("100.01")
    settings.REALITY_MISSING_EVIDENCE_SHARE = Decimal(80)
    settings.REALITY_SURGE_SHARE = Decimal(75)
    settings.REALITY_PROGRESS_MARGIN = Decimal(70)
    settings.REALITY_PHOTO_DISTANCE_KM = Decimal(100)
    kinds = {s.kind for s in _signals(world)}
    assert not kinds & {
        reality.ACHIEVEMENT_WITHOUT_SATISFACTION,
        reality.MISSING_EVIDENCE,
        reality.YEAR_END_SURGE,
        reality.PROGRESS_DIVERGENCE,
    }
    (photos,) = _kind(_signals(world), reality.PHOTO_METADATA)
    assert [p["finding"] for p in photos.facts["photos"] if "km" in p["finding"]] == [
        p["finding"] for p in photos.facts["photos"] if "km" in p["finding"] and "14-09-2026" in p["finding"]
    ]
    settings.REALITY_IKM_LOW = Decimal(40)
    settings.REALITY_ACHIEVEMENT_HIGH = Decimal(90)
    assert not _kind(_signals(world), reality.ACHIEVEMENT_WITHOUT_SATISFACTION)


def test_without_records_there_is_no_signal(world, on_the_day):
    assert _signals(world) == []


def test_an_agency_head_sees_the_own_agency_only(world, case, on_the_day):
    reality_data.second_agency(world)
    everyone = _signals(world)
    assert {s.agency_code for s in everyone} == {"dinkes", "disdik"}
    assert {s.agency_code for s in _signals(world, "dinkes_head")} == {"dinkes"}
    assert _signals(world, "dinkes_operator") == []
    assert _signals(world, "service_quality") == []
    assert _signals(world, "stranger") == []  # another government's planner, asking for this one


def test_the_cost_does_not_grow_with_the_data(world, case, django_assert_num_queries):
    user = world.users["leader"]
    user._kinerja_grants = None
    with django_assert_num_queries(QUERIES):
        once = reality.compute(user=user, government=world.government, year=2026, today=reality_data.TODAY)
    reality_data.second_agency(world)
    user = type(user).objects.get(pk=user.pk)
    with django_assert_num_queries(QUERIES):
        twice = reality.compute(user=user, government=world.government, year=2026, today=reality_data.TODAY)
    assert len(twice) == 2 * len(once)


# Grants, agencies, surveys and their tallies, the achievement of the agencies with a low IKM, budgets with
# their months to date (1), verified values with and without evidence (1, the year totals), surge totals,
# targets, reused evidence, photos (2: the projects', the evidence photos marked outside their period), reviews.
QUERIES = 14


def test_agencies_are_ordered_by_the_weight_of_their_open_signals(world, case, on_the_day):
    reality_data.second_agency(world)
    signals = _signals(world)
    from kinerja.dashboards import services

    for signal in [s for s in signals if s.agency_code == "dinkes" and s.severity == reality.HIGH]:
        services.signal_review(user=world.users["inspector"], signal=signal, year=2026, note="Diperiksa.")
    rows = reality.by_agency(_signals(world), reality.visible_agencies(world.users["leader"], world.government))
    assert [r.agency.code for r in rows] == ["disdik", "dinkes"]
    assert rows[0].weight == rows[1].weight and rows[1].open_weight < rows[0].open_weight
