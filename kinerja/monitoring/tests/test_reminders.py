import datetime

from django.core.management import call_command

from kinerja.conftest import make_user
from kinerja.core.access import SYSTEM
from kinerja.core.choices import Role
from kinerja.monitoring import reminders, services
from kinerja.monitoring.tests.conftest import pdf
from kinerja.tests.versions import current_version, realization_version


def _emails(world):
    for name in ("dinkes_operator", "dinkes_head", "disdik_operator", "planner", "inspector"):
        user = world.users[name]
        user.email = f"{name}@sumselprov.go.id"
        user.save()


def test_each_user_gets_one_digest_with_all_their_items(
    world, periods, output_indicator, mailoutbox, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    _emails(world)
    second_operator = make_user("dinkes_operator2", world.government, Role.OPERATOR, world.dinkes)
    second_operator.email = "op2@sumselprov.go.id"
    second_operator.save()
    # TW I is late by August; TW II is due (deadline 10 July passed too); a draft waits for the head.
    r = services.realization_save(
        user=SYSTEM,
        indicator=output_indicator,
        period=periods[("quarter", 2)],
        value="3",
        today=datetime.date(2026, 7, 2),
        expected_version=realization_version(output_indicator, periods[("quarter", 2)]),
    )
    services.evidence_add(user=SYSTEM, realization=r, upload=pdf())
    sent = reminders.send_digests(today=datetime.date(2026, 8, 3))
    by_recipient = {m.to[0]: m for m in mailoutbox}
    assert sent == len(mailoutbox) == len(by_recipient)  # one mail per user
    operator_mail = by_recipient["dinkes_operator@sumselprov.go.id"].body
    assert "TW I 2026" in operator_mail and "Terlambat" in operator_mail
    head_mail = by_recipient["dinkes_head@sumselprov.go.id"].body
    assert "TW II 2026" in head_mail  # the draft waits for the head's submission
    assert "TW I 2026" in head_mail and "eskalasi" in head_mail.lower()
    assert "op2@sumselprov.go.id" in by_recipient
    assert "inspector@sumselprov.go.id" not in by_recipient


def test_a_second_run_on_the_same_day_sends_nothing(world, periods, output_indicator, mailoutbox):
    _emails(world)
    first = reminders.send_digests(today=datetime.date(2026, 8, 3))
    assert first > 0 and reminders.send_digests(today=datetime.date(2026, 8, 3)) == 0
    assert len(mailoutbox) == first
    assert reminders.send_digests(today=datetime.date(2026, 8, 4)) == first


def test_planner_hears_about_values_waiting_for_verification(world, periods, output_indicator, mailoutbox):
    _emails(world)
    r = services.realization_save(
        user=SYSTEM,
        indicator=output_indicator,
        period=periods[("quarter", 1)],
        value="3",
        explanation="x",
        today=datetime.date(2026, 4, 2),
        expected_version=realization_version(output_indicator, periods[("quarter", 1)]),
    )
    services.realization_submit(user=SYSTEM, realization=r, expected_version=current_version(r))
    reminders.send_digests(today=datetime.date(2026, 4, 20))
    planner_mail = next(m for m in mailoutbox if m.to == ["planner@sumselprov.go.id"])
    assert "1 nilai menunggu verifikasi Anda" in planner_mail.body


def test_the_daily_command_queues_the_task(world, periods, output_indicator, mailoutbox):
    _emails(world)
    call_command("send_reminders", "--date", "2026-08-03")
    assert len(mailoutbox) >= 2  # the immediate backend runs the task at once in tests
