"""The daily reminder digest: one e-mail per user per day, never one per item.

Operators hear about periods to report, late values and returned values of their agency; agency
heads about drafts waiting for their submission and, once a deadline has passed, about everything
still missing (the escalation); planners about values waiting for verification.
"""

import datetime
from collections import defaultdict

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from kinerja.core import digest as digest_sources
from kinerja.core import links
from kinerja.core.access import SYSTEM
from kinerja.core.choices import Role
from kinerja.core.models import Membership
from kinerja.monitoring.choices import RealizationState
from kinerja.monitoring.models import Realization, ReminderLog
from kinerja.monitoring.selectors import reporting_due


def collect(today: datetime.date) -> dict[int, dict]:
    """Return, per user id, what their digest holds: {"user": User, "lines": [...], "escalated": n}."""
    digests: dict[int, dict] = defaultdict(lambda: {"user": None, "lines": [], "escalated": 0})
    memberships = (
        Membership.objects.filter(is_active=True, user__is_active=True)
        .exclude(user__email="")
        .select_related("user", "agency")
    )
    by_agency: dict[int, list[Membership]] = defaultdict(list)
    planners = []
    for membership in memberships:
        if membership.role in (Role.OPERATOR, Role.AGENCY_HEAD) and membership.agency_id:
            by_agency[membership.agency_id].append(membership)
        elif membership.role == Role.PLANNER:
            planners.append(membership)
    for agency_id, members in by_agency.items():
        due = reporting_due(user=SYSTEM, agency_ids=[agency_id], year=today.year, today=today)
        if today.month <= 1:  # in January the last quarter of the previous year is still being reported
            due.items += reporting_due(user=SYSTEM, agency_ids=[agency_id], year=today.year - 1, today=today).items
        for membership in members:
            digest = digests[membership.user_id]
            digest["user"] = membership.user
            for item in due.items:
                line = _line(item, membership)
                if line:
                    digest["lines"].append(line)
                    digest["escalated"] += membership.role == Role.AGENCY_HEAD and item.status == "late"
    waiting = Realization.objects.filter(state=RealizationState.SUBMITTED, is_current=True)
    for membership in planners:
        count = waiting.filter(government_id=membership.government_id).count()
        if count:
            digest = digests[membership.user_id]
            digest["user"] = membership.user
            digest["lines"].append(_("%(count)s values wait for your verification.") % {"count": count})
    for source in digest_sources.sources():  # what other apps add (projects: follow-ups, late reports, directives)
        for user_id, (user, lines) in source(today).items():
            digest = digests[user_id]
            digest["user"] = user
            digest["lines"].extend(lines)
    return {pk: digest for pk, digest in digests.items() if digest["lines"]}


def _line(item, membership) -> str | None:
    label = f"{Truncator(item.indicator.name).chars(90)} — {item.period}"
    if membership.role == Role.OPERATOR:
        if item.status == "missing":
            return _("Due by %(deadline)s: %(item)s") % {
                "deadline": item.period.deadline.strftime("%d-%m-%Y"),
                "item": label,
            }
        if item.status == "late":
            return _("Late (deadline %(deadline)s): %(item)s") % {
                "deadline": item.period.deadline.strftime("%d-%m-%Y"),
                "item": label,
            }
        if item.status == "returned":
            return _("Returned: %(item)s (%(reason)s)") % {"item": label, "reason": item.realization.return_reason}
        return None
    if item.status == "draft":
        return _("Waiting for your submission: %(item)s") % {"item": label}
    if item.status == "late":
        return _("Escalated, past the deadline %(deadline)s: %(item)s") % {
            "deadline": item.period.deadline.strftime("%d-%m-%Y"),
            "item": label,
        }
    return None


def send_digests(*, today: datetime.date) -> int:
    """Send today's digests; a user who already got today's digest gets nothing more. Return the mails sent."""
    sent = 0
    digest_sources.prepare(today)
    link = links.absolute_url(reverse("monitoring:my_reports"))  # run by cron: PUBLIC_BASE_URL (kinerja.E001)
    with translation.override(settings.LANGUAGE_CODE):  # e-mails go out in the government's language
        digests = collect(today)
    for digest in digests.values():
        user = digest["user"]
        try:
            with transaction.atomic():
                ReminderLog.objects.create(user=user, day=today, items=len(digest["lines"]))
                with translation.override(settings.LANGUAGE_CODE):
                    subject = _("Kinerja: %(count)s reporting items for you") % {"count": len(digest["lines"])}
                    body = render_to_string(
                        "monitoring/email/digest.txt", {"user": user, "digest": digest, "today": today, "link": link}
                    )
                send_mail(subject, body, None, [user.email])
        except IntegrityError:
            continue  # already sent today (the task ran twice, or two workers raced)
        sent += 1
    return sent
