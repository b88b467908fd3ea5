"""Home, audit trail and user management pages."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice

from kinerja.core import audit_display, params, selectors, services
from kinerja.core.forms import AuditFilterForm, UserCreateForm
from kinerja.core.models import Agency, Membership, User
from kinerja.core.validators import bounded_text


@login_required
def home(request):
    """Who I am and what I may do; the apps above core add their figures as panels (the plan's, from planning)."""
    from kinerja.core.widgets import home_panels

    summary = selectors.user_summary(request.user)
    government = selectors.government_for(request.user)
    return render(
        request,
        "core/home.html",
        {"summary": summary, "government": government, "panels": home_panels(request.user)},
    )


@login_required
def audit_list(request):
    if not selectors.user_summary(request.user).can_read_audit:
        raise PermissionDenied
    form = AuditFilterForm(request.GET or None)
    filters = {}
    if form.is_bound:
        form.is_valid()  # a wrong filter is shown with its message and left out; the others apply
        data = form.cleaned_data
        filters = {
            "object_type": data.get("object_type") or "",
            "object_id": data.get("object_id") or "",
            "username": data.get("user") or "",
            "action": data.get("action") or "",
            "date_from": data.get("date_from"),
            "date_to": data.get("date_to") if "date_to" not in form.errors else None,
        }
    events = selectors.audit_event_list(user=request.user, **filters)
    page_obj = Paginator(events, 50).get_page(request.GET.get("page"))
    entries = audit_display.present(page_obj.object_list, user=request.user)
    check, unchecked = selectors.audit_last_check()
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "core/audit_list.html",
        {
            "page_obj": page_obj,
            "entries": entries,
            "form": form,
            "check": check,
            "unchecked": unchecked,
            "query": query.urlencode(),
        },
    )


@login_required
def audit_detail(request, sequence: int):
    if not selectors.user_summary(request.user).can_read_audit:
        raise PermissionDenied
    event = get_object_or_404(selectors.audit_event_list(user=request.user), sequence=sequence)
    (entry,) = audit_display.present([event], user=request.user)
    return render(request, "core/audit_detail.html", {"event": event, "entry": entry})


@login_required
@require_POST
def audit_check(request):
    """Verify the chain now (in the worker when there is one) and come back to the trail."""
    if not selectors.user_summary(request.user).can_read_audit:
        raise PermissionDenied
    from kinerja.core.tasks import audit_chain_check

    result = audit_chain_check.enqueue(source="page")
    if result.is_finished:
        messages.success(request, _("The chain was checked; the result is shown above."))
    else:
        messages.info(request, _("The check was queued; its result is shown here once the worker has run it."))
    return redirect("core:audit_list")


def _require_user_admin(request):
    if not selectors.user_summary(request.user).can_manage_users:
        raise PermissionDenied


@login_required
def user_list(request):
    _require_user_admin(request)
    government = selectors.government_for(request.user)
    users = (
        User.objects.filter(memberships__government=government)
        .distinct()
        .annotate(has_2fa=Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)))
        .prefetch_related("memberships__agency")
        .order_by("username")
    )
    q = params.text(request.GET, "q")
    if q:
        users = users.filter(username__icontains=q) | users.filter(first_name__icontains=q)
    page_obj = Paginator(users, 50).get_page(request.GET.get("page"))
    return render(request, "core/user_list.html", {"page_obj": page_obj, "q": q})


@login_required
@require_http_methods(["GET", "POST"])
def user_create(request):
    _require_user_admin(request)
    government = selectors.government_for(request.user)
    form = UserCreateForm(request.POST or None, agencies=Agency.objects.filter(government=government).order_by("name"))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.user_create(
                actor=request.user,
                government=government,
                username=data["username"],
                password=data["password"] or None,
                role=data["role"],
                agency=data["agency"],
                first_name=data["first_name"],
                email=data["email"],
                nip=data["nip"],
                position=data["position"],
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error("password", exc.messages)
        else:
            messages.success(request, _("User %(username)s created.") % {"username": data["username"]})
            return redirect("core:user_list")
    return render(request, "core/user_form.html", {"form": form})


@login_required
@require_POST
def membership_deactivate(request, pk: int):
    _require_user_admin(request)
    membership = get_object_or_404(Membership.objects.restrict(request.user, "change"), pk=pk)
    try:
        services.membership_deactivate(
            actor=request.user, membership=membership, reason=bounded_text(request.POST.get("reason", ""))
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Role withdrawn."))
    return redirect("core:user_list")


def bad_request(request, exception=None):
    """The 400 page: says what was wrong with the address (a malformed query parameter, kinerja.core.params)."""
    from kinerja.core.params import InvalidParameter

    message = exception.message if isinstance(exception, InvalidParameter) else ""
    return render(request, "400.html", {"message": message}, status=400)
