"""Pages of the reality check: the agencies by their signals, and one signal with its facts and review."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from kinerja.core import params
from kinerja.core.access import may
from kinerja.core.forms import BootstrapMixin
from kinerja.core.selectors import government_for
from kinerja.core.services import ConflictError
from kinerja.dashboards import reality, services
from kinerja.dashboards.permissions import REALITY, REVIEW

KEY_MAX = 120
AGENCIES_PER_PAGE = 50


class ReviewForm(BootstrapMixin, forms.Form):
    note = forms.CharField(
        label=gettext_lazy("What the review found"),
        max_length=services.NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    lock_version = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)


def _context(request):
    """The government, year and filters of a request; 404 for a user who may see no agency's signals."""
    government = government_for(request.user)
    agencies = reality.visible_agencies(request.user, government) if government else []
    if not agencies:
        raise PermissionDenied(_("The reality check is for leaders, planners, inspectors and agency heads."))
    year = params.year(request.GET)
    kind = params.text(request.GET, "kind")
    if kind and kind not in reality.KINDS:
        raise params.InvalidParameter("kind", _("Choose one of the kinds of signal listed."))
    agency_id = params.object_id(request.GET, "agency")
    return government, agencies, year, kind, agency_id


def _filtered(signals, kind, agency_id):
    return [s for s in signals if (not kind or s.kind == kind) and (agency_id is None or s.agency_id == agency_id)]


@login_required
def reality_check(request):
    """The agencies of the government by number and weight of their signals, each signal one sentence."""
    government, agencies, year, kind, agency_id = _context(request)
    signals = _filtered(reality.compute_kept(user=request.user, government=government, year=year), kind, agency_id)
    # The heaviest agencies first, a page at a time: ten times a province has hundreds with a signal.
    page_obj = Paginator(reality.by_agency(signals, agencies), AGENCIES_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "dashboards/reality.html",
        {
            "year": year,
            "rows": page_obj.object_list,
            "page_obj": page_obj,
            "kinds": [(code, str(label), severity) for code, (severity, label) in reality.KINDS.items()],
            "kind": kind,
            "agency_id": agency_id,
            "agencies": agencies,
            "total": len(signals),
            "open": sum(1 for s in signals if not s.reviewed),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def reality_signal(request):
    """One signal: its sentence, its facts and the links to them; inspectors mark it reviewed with a note."""
    government, agencies, year, _kind, _agency = _context(request)
    key = params.text(request.GET, "key")
    if not key or len(key) > KEY_MAX:
        raise Http404
    signal = next(
        (s for s in reality.compute_kept(user=request.user, government=government, year=year) if s.key == key), None
    )
    if signal is None:
        raise Http404
    agency = next(a for a in agencies if a.pk == signal.agency_id)
    may_review = may(request.user, REVIEW, agency, area=REALITY)
    form = ReviewForm(
        request.POST or None,
        initial={
            "note": signal.review.note if signal.review else "",
            "lock_version": getattr(signal.review, "lock_version", None),
        },
    )
    if request.method == "POST":
        if not may_review:
            raise PermissionDenied(_("Only inspectors mark a signal reviewed."))
        if form.is_valid():
            try:
                services.signal_review(
                    user=request.user,
                    signal=signal,
                    year=year,
                    note=form.cleaned_data["note"],
                    expected_version=form.cleaned_data.get("lock_version"),
                )
            except ConflictError as error:
                form.add_error(None, error.message if hasattr(error, "message") else str(error))
            except ValidationError as error:
                for message in error.messages:
                    form.add_error("note", message)
            else:
                messages.success(request, _("The signal is marked reviewed."))
                return redirect(f"{reverse('dashboards:reality_signal')}?{urlencode({'year': year, 'key': key})}")
    facts = reality.fact_rows(signal, year)
    return render(
        request,
        "dashboards/reality_signal.html",
        {
            "year": year,
            "signal": signal,
            "agency": agency,
            "facts": facts,
            "form": form,
            "may_review": may_review,
        },
    )
