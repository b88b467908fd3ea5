"""Pages of one's own account security: the second login step, enrolling an authenticator, API tokens.

One URL per step, each calling one service of ``kinerja.core.accounts``."""

import django_otp
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from kinerja.core import accounts, selectors
from kinerja.core.forms import BootstrapMixin
from kinerja.core.models import User


class CodeForm(BootstrapMixin, forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )


class ResetForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=500)


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or "/"
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return "/"


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_verify(request):
    """The second login step: a code from the authenticator app, or one recovery code."""
    if request.user.is_verified():
        return redirect(_next_url(request))
    if not accounts.has_two_factor(request.user):  # reset meanwhile by an administrator: decide again
        accounts.session_step_decide(request)
        return redirect(_next_url(request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = accounts.two_factor_check(user=request.user, code=form.cleaned_data["code"])
        if device is not None:
            django_otp.login(request, device)
            accounts.session_step_done(request)
            if device.name == accounts.RECOVERY_NAME:
                left = accounts.recovery_codes_left(request.user)
                messages.warning(
                    request, _("You used a recovery code; %(left)s are left. Make new ones on the account page.")
                    % {"left": left},
                )  # fmt: skip
            return redirect(_next_url(request))
        form.add_error("code", _("The code is wrong or expired. Try the code the app shows now."))
    status = 400 if form.errors else 200
    return render(request, "core/two_factor_verify.html", {"form": form, "next": _next_url(request)}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_enrol(request):
    """Turn on two-factor authentication: scan the QR code, confirm with a code, keep the recovery codes."""
    if accounts.has_two_factor(request.user):
        return redirect("core:account_security")
    form = CodeForm(request.POST or None)
    device = accounts.totp_pending(request.user)
    if request.method == "POST" and form.is_valid() and device is not None:
        try:
            codes = accounts.totp_confirm(user=request.user, code=form.cleaned_data["code"])
        except ValidationError as exc:
            form.add_error("code", exc.messages)
        else:
            device.refresh_from_db()
            django_otp.login(request, device)
            accounts.session_step_done(request)
            return render(request, "core/recovery_codes.html", {"codes": codes, "next": _next_url(request)})
    if device is None:
        device = accounts.totp_start(user=request.user)
    context = {
        "form": form,
        "qr": accounts.totp_qr_svg(device),
        "secret": accounts.totp_secret(device),
        "required": accounts.two_factor_required(request.user),
        "next": _next_url(request),
    }
    return render(request, "core/two_factor_enrol.html", context, status=400 if form.errors else 200)


@login_required
def account_security(request):
    """Two-factor status, recovery codes left, and the user's API tokens."""
    user = request.user
    context = {
        "enrolled": accounts.has_two_factor(user),
        "required": accounts.two_factor_required(user),
        "codes_left": accounts.recovery_codes_left(user),
        "tokens": accounts.tokens_of(user),
    }
    return render(request, "core/account_security.html", context)


@login_required
@require_POST
def recovery_codes_renew(request):
    try:
        codes = accounts.recovery_codes_renew(user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("core:account_security")
    return render(request, "core/recovery_codes.html", {"codes": codes, "next": "/akun/keamanan/"})


@login_required
@require_POST
def token_create(request):
    """A new API token from the account page (the session already passed the second step)."""
    try:
        record, token = accounts.token_create(user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("core:account_security")
    return render(request, "core/token_created.html", {"token": token, "record": record})


@login_required
@require_POST
def token_revoke(request, token_key: str):
    if not accounts.token_revoke(user=request.user, token_key=token_key):
        raise Http404
    messages.success(request, _("Token revoked."))
    return redirect("core:account_security")


@login_required
@require_POST
def two_factor_reset(request, pk: int):
    """An administrator removes a user's authenticator (a lost phone), with a reason."""
    if not selectors.user_summary(request.user).can_manage_users:
        raise PermissionDenied
    government = selectors.government_for(request.user)
    target = get_object_or_404(User.objects.filter(memberships__government=government).distinct(), pk=pk)
    form = ResetForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reason."))
        return redirect("core:user_list")
    accounts.two_factor_reset(user=request.user, target=target, reason=form.cleaned_data["reason"])
    messages.success(request, _("Two-factor authentication of %(user)s was reset.") % {"user": target.username})
    return redirect("core:user_list")
