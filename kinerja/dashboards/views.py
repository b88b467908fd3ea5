"""The pages that combine apps: an agency's dashboard and the government overview.

A page is a frame (title, year, the official or working view) around the widgets each app registers for
its slot (``registry.widgets``); what the figures are and how they are read is the apps' business.
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from kinerja.core import params
from kinerja.core.access import may
from kinerja.core.selectors import government_for, user_summary
from kinerja.core.widgets import WidgetContext
from kinerja.dashboards import registry
from kinerja.monitoring.permissions import MONITORING
from kinerja.planning.selectors import agency_detail

ORDERS = ("achievement", "to_date", "completeness")


def _context(request, **extra) -> WidgetContext:
    return WidgetContext(
        user=request.user,
        government=government_for(request.user),
        year=params.year(request.GET),
        today=timezone.localdate(),
        include_submitted=request.GET.get("working") == "1",
        **extra,
    )


@login_required
def agency_dashboard(request, code: str):
    """An agency's dashboard: its achievement, budget, warnings and reports, its IKM, projects and agreements."""
    agency = agency_detail(user=request.user, code=code)
    if not may(request.user, "view", agency, area=MONITORING):
        raise Http404
    ctx = _context(request, agency=agency)
    panels = registry.widgets(registry.AGENCY, ctx)
    return render(
        request,
        "dashboards/agency.html",
        {"agency": agency, "year": ctx.year, "include_submitted": ctx.include_submitted, "panels": panels},
    )


@login_required
def overview(request):
    """The government overview: every agency ranked, the missions, and each app's figures of the government."""
    if not user_summary(request.user).is_government_wide:
        raise PermissionDenied(_("The government overview is for leaders, planners and inspectors."))
    order = params.text(request.GET, "order", "to_date")
    ctx = _context(request, order=order if order in ORDERS else "to_date")
    panels = registry.widgets(registry.OVERVIEW, ctx)
    return render(
        request,
        "dashboards/overview.html",
        {"year": ctx.year, "order": ctx.order, "include_submitted": ctx.include_submitted, "panels": panels},
    )
