"""The leader's home: one screen answering "is the year on track?", composed of the apps' widgets.

``/`` shows it to leaders, planners and administrators; an agency head's ``/`` is their agency's dashboard;
everyone else gets core's home as before. ``/beranda/`` is the same page under its own address. Filters
(``?year=``, ``?agency=<code>``, ``?region=<code>``) are read strictly: a bad value is a 400 page.
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from kinerja.core import params
from kinerja.core.choices import Role
from kinerja.core.models import Agency, Region
from kinerja.core.selectors import government_for, user_summary
from kinerja.core.widgets import WidgetContext
from kinerja.dashboards import registry

# The roles whose home is the leader's home (and who may open it).
HOME_ROLES = frozenset({Role.LEADER, Role.PLANNER, Role.ADMIN})


def has_leader_home(user) -> bool:
    return user.is_superuser or bool(HOME_ROLES & set(user_summary(user).roles))


def _agency_head_of(user) -> Agency | None:
    """The agency whose dashboard is the home of an agency head (who holds no government-wide role)."""
    summary = user_summary(user)
    if summary.is_government_wide or Role.AGENCY_HEAD not in summary.roles:
        return None
    return next(iter(sorted(summary.agencies, key=lambda a: a.name)), None)


@login_required
def root(request):
    """``/``: the leader's home, an agency head's dashboard, or core's home for the other roles."""
    if has_leader_home(request.user):
        return _render_home(request)
    agency = _agency_head_of(request.user)
    if agency is not None:
        return redirect("dashboards:agency_dashboard", code=agency.code)
    from kinerja.core.views import home as core_home

    return core_home(request)


@login_required
def leader_home(request):
    if not has_leader_home(request.user):
        raise PermissionDenied(_("The leader's home is for leaders, planners and administrators."))
    return _render_home(request)


def _render_home(request):
    government = government_for(request.user)
    if government is None:
        raise PermissionDenied(_("Your account has no role in any government yet."))
    today = timezone.localdate()
    year = params.year(request.GET, default=today.year)
    agencies = list(
        Agency.objects.restrict(request.user, "view")
        .filter(government=government)
        .only("id", "code", "name", "short_name", "government_id")
        .order_by("name")
    )
    code = params.text(request.GET, "agency")
    agency = None
    if code:
        agency = next((a for a in agencies if a.code == code), None)
        if agency is None:
            raise params.InvalidParameter(
                "agency", _("No agency visible to you has the code %(code)s.") % {"code": code[:40]}
            )
    regions = list(Region.objects.filter(government=government).only("id", "code", "name").order_by("code"))
    code = params.text(request.GET, "region")
    region = None
    if code:
        region = next((r for r in regions if r.code == code), None)
        if region is None:
            raise params.InvalidParameter(
                "region", _("No regency or city has the code %(code)s.") % {"code": code[:40]}
            )
    ctx = WidgetContext(user=request.user, government=government, year=year, today=today, agency=agency, region=region)
    return render(
        request,
        "dashboards/home.html",
        {
            "government": government,
            "year": year,
            "today": today,
            "agency": agency,
            "region": region,
            "agencies": agencies,
            "regions": regions,
            "decisions": registry.widgets(registry.DECISIONS, ctx),
            "panels": registry.widgets(registry.HOME, ctx),
        },
    )
