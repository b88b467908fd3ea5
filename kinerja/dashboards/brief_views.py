"""Pages of the weekly brief: the leader's brief of a week, as a page and as a PDF."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from kinerja.core.access import may
from kinerja.core.selectors import government_for
from kinerja.core.uploads import attachment_response
from kinerja.dashboards import brief as briefs
from kinerja.dashboards.permissions import BRIEF, SUPERVISION


def _government(request):
    government = government_for(request.user)
    if government is None or not may(request.user, BRIEF, government, area=SUPERVISION):
        raise PermissionDenied(_("The weekly brief is for the leadership."))
    return government


@login_required
def brief_latest(request):
    _government(request)
    return redirect("dashboards:brief", str(briefs.last_week()))


@login_required
def brief_page(request, week: str):
    government = _government(request)
    parsed = briefs.parse_week(week)  # a bad week is a 400 with the reason
    brief = briefs.build(government=government, leader=request.user, week=parsed)
    context = {"brief": brief, "chart": mark_safe(briefs.chart_svg(brief))}  # noqa: S308 (built from escaped text)
    return render(request, "dashboards/brief.html", context)


@login_required
def brief_pdf(request, week: str):
    government = _government(request)
    brief = briefs.build(government=government, leader=request.user, week=briefs.parse_week(week))
    return attachment_response(
        briefs.render_pdf(brief), filename=f"ringkasan-{brief.week}.pdf", content_type="application/pdf"
    )
