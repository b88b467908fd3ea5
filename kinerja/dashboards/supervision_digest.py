"""What supervision adds to the daily digest: overdue requests, to their supervisor and to the agency head."""

import datetime

from django.utils.text import Truncator
from django.utils.translation import gettext as _

from kinerja.core.choices import Role
from kinerja.core.models import Membership
from kinerja.dashboards.models_supervision import RequestState, SupervisionRequest


def _d(day: datetime.date) -> str:
    return day.strftime("%d-%m-%Y")


def collect(today: datetime.date) -> dict[int, tuple[object, list[str]]]:
    """Per user, the lines of the supervision requests still unanswered after their due date (two queries)."""
    overdue = list(
        SupervisionRequest.objects.filter(state=RequestState.OPEN, due__lt=today)
        .select_related("agency", "supervisor")
        .order_by("due", "pk")
    )
    if not overdue:
        return {}
    result: dict[int, tuple[object, list[str]]] = {}

    def add(user, line: str) -> None:
        if not user.is_active or not user.email:
            return
        entry = result.setdefault(user.pk, (user, []))
        entry[1].append(line)

    for request in overdue:
        add(
            request.supervisor,
            _("Supervision request to %(agency)s unanswered since %(due)s: %(text)s")
            % {"agency": request.agency, "due": _d(request.due), "text": Truncator(request.text).chars(90)},
        )
    heads: dict[int, list] = {}
    for membership in Membership.objects.filter(
        role=Role.AGENCY_HEAD, is_active=True, agency_id__in={r.agency_id for r in overdue}
    ).select_related("user"):
        heads.setdefault(membership.agency_id, []).append(membership.user)
    for request in overdue:
        for head in heads.get(request.agency_id, []):
            add(
                head,
                _("Supervision request from %(supervisor)s overdue since %(due)s: %(text)s")
                % {"supervisor": request.supervisor, "due": _d(request.due), "text": Truncator(request.text).chars(90)},
            )
    return result
