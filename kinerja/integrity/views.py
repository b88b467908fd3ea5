"""Pages of signed documents. The verification pages are public (no login): anyone holding a printed or
forwarded agreement can check who signed it, when, and whether the file is the one Kinerja issued."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from kinerja.core import params
from kinerja.core.access import may
from kinerja.core.forms import HardenedFormMixin, add_conflict
from kinerja.core.models import Agency
from kinerja.core.querysets import user_can
from kinerja.core.ratelimit import limited_page
from kinerja.core.services import ConflictError
from kinerja.core.uploads import PDF, attachment_response, inspect_upload
from kinerja.core.validators import YEAR_MAX, YEAR_MIN
from kinerja.integrity import content, lkjip_services, services, signing
from kinerja.integrity.choices import DocumentKind, Party, RevisionGround
from kinerja.integrity.models import Signature, SignedDocument

MAX_UPLOAD = 20 * 1024 * 1024


def _public_document(code: str) -> SignedDocument:
    document = (
        SignedDocument.objects.select_related("agency", "government", "next_version")
        .prefetch_related("signatures")
        .filter(code=code.strip().upper())
        .first()
    )
    if document is None or not document.pdf:
        raise Http404(_("No document has this verification code."))
    return document


@require_http_methods(["GET"])
@limited_page("verify")
def verify_code(request, code: str):
    """What Kinerja holds for a code: the document, its signatures and their check on the stored file."""
    document = _public_document(code)
    check = signing.check_pdf(bytes(document.pdf))
    return render(request, "integrity/verify.html", {"document": document, "check": check, "stored": True})


@require_http_methods(["GET"])
@limited_page("verify")
def verify_pdf(request, code: str):
    document = _public_document(code)
    return attachment_response(document.pdf, filename=f"{document.code}.pdf", content_type="application/pdf")


class UploadForm(HardenedFormMixin, forms.Form):
    file = forms.FileField(label=gettext_lazy("PDF file"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError(_("The file is larger than 20 MB."))
        head = upload.read(5)
        upload.seek(0)
        if head != b"%PDF-":
            raise forms.ValidationError(_("This file is not a PDF."))
        inspect_upload(upload, allowed={PDF}, limit=MAX_UPLOAD)  # structure, no active content
        return upload


@require_http_methods(["GET", "POST"])
@limited_page("verify")
def verify_upload(request):
    """Check an uploaded PDF: issued by Kinerja (SHA-256 known) and every signature intact and trusted."""
    form = UploadForm(request.POST or None, request.FILES or None)
    context = {"form": form}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data["file"].read()
        check, document, stage = services.verify(data, user=request.user, source="upload")
        report = lkjip_services.find_issued(check.sha256) if document is None and check.readable else None
        context.update({"check": check, "document": document, "stage": stage, "report": report, "uploaded": True})
    return render(request, "integrity/verify_upload.html", context, status=400 if form.errors else 200)


# --- officers, leaders and the Inspektorat ----------------------------------------------------------


def _documents_in_scope(user):
    return SignedDocument.objects.restrict(user, "view").select_related("agency")


@login_required
def overview(request):
    """Agencies × documents of a year (the head's agreement and integrity pact), missing ones first."""
    year = params.year(request.GET)
    agencies = list(Agency.objects.restrict(request.user, "view").order_by("name"))
    current = (
        _documents_in_scope(request.user)
        .filter(
            year=year,
            next_version__isnull=True,
            agency__in=[a.pk for a in agencies],
            kind__in=[DocumentKind.PK_AGENCY, DocumentKind.INTEGRITY_PACT],
            division="",
        )  # fmt: skip
        .only("pk", "kind", "agency_id", "state", "due_date", "version", "code", "first_party_name")
    )
    by_agency: dict[int, dict] = {}
    for document in current:
        by_agency.setdefault(document.agency_id, {})[document.kind] = document
    signed_dates, in_force_on = {}, {}
    for document_id, party, signed_at in Signature.objects.filter(document__in=[d.pk for d in current]).values_list(
        "document_id", "party", "signed_at"
    ):
        if party == Party.FIRST:
            signed_dates[document_id] = signed_at
        day = timezone.localdate(signed_at)
        in_force_on[document_id] = max(day, in_force_on.get(document_id, day))  # the last signature's day
    today = timezone.localdate()
    rows = []
    for agency in agencies:
        docs = by_agency.get(agency.pk, {})
        agreement, pact = docs.get(DocumentKind.PK_AGENCY), docs.get(DocumentKind.INTEGRITY_PACT)
        complete = bool(agreement and agreement.is_signed_by_all and pact and pact.is_signed_by_all)
        days_late = agreement.days_late(in_force_on=in_force_on.get(agreement.pk), today=today) if agreement else 0
        late = bool(days_late and not agreement.is_signed_by_all)  # still late; signed late is history, shown apart
        rows.append({"agency": agency, "agreement": agreement, "pact": pact, "complete": complete, "late": late,
                     "days_late": days_late, "first_signed": signed_dates.get(agreement.pk) if agreement else None})  # fmt: skip
    rows.sort(key=lambda r: (r["complete"], not r["late"], r["agency"].name))
    government_pk = (
        _documents_in_scope(request.user)
        .filter(year=year, kind=DocumentKind.PK_GOVERNMENT, next_version__isnull=True)
        .first()
    )
    from kinerja.core.selectors import user_summary

    context = {
        "year": year, "rows": rows, "late": [r for r in rows if r["late"]],
        "missing": sum(1 for r in rows if not r["complete"]), "government_pk": government_pk,
        "may_prepare_all": user_summary(request.user).is_government_wide
        and user_can(request.user, SignedDocument, "add"),
    }  # fmt: skip
    return render(request, "integrity/overview.html", context)


class SignForm(HardenedFormMixin, forms.Form):
    certificate = forms.FileField(label=gettext_lazy("Certificate file (.p12 / .pfx)"))
    passphrase = forms.CharField(
        label=gettext_lazy("Passphrase of the certificate"), widget=forms.PasswordInput(render_value=False),
        required=False, strip=False,
    )  # fmt: skip

    def clean_certificate(self):
        upload = self.cleaned_data["certificate"]
        if upload.size > 1024 * 1024:
            raise forms.ValidationError(_("A certificate file is smaller than 1 MB: check the file."))
        return upload


class ReviseForm(HardenedFormMixin, forms.Form):
    ground = forms.ChoiceField(
        label=gettext_lazy("Ground for the revision"), choices=RevisionGround.choices,
        widget=forms.Select(attrs={"class": "form-select"}),
    )  # fmt: skip
    note = forms.CharField(
        label=gettext_lazy("Note"), widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}), required=False
    )
    # The version of the document the user saw (empty: none sent, refused as a conflict).
    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False)


def _document_for(user, pk: int) -> SignedDocument:
    document = (
        _documents_in_scope(user)
        .select_related("government", "previous", "next_version")
        .prefetch_related("signatures__user")
        .filter(pk=pk)
        .first()
    )
    if document is None:
        raise Http404(_("No such document."))
    return document


@login_required
@sensitive_post_parameters("passphrase")
@require_http_methods(["GET", "POST"])
def document_detail(request, pk: int):
    """A document: its state, parties, signatures; sign it when it is the user's turn; make ready; revise."""
    document = _document_for(request.user, pk)
    sign_form = SignForm()
    revise_form = ReviseForm()
    conflict = False
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "sign":
                sign_form = SignForm(request.POST, request.FILES)
                if sign_form.is_valid():
                    credential = signing.Pkcs12Credential(
                        sign_form.cleaned_data["certificate"].read(), sign_form.cleaned_data["passphrase"]
                    )
                    services.document_sign(user=request.user, document=document, credential=credential)
                    messages.success(request, _("Signed. The verification page shows your signature."))
                    return redirect("integrity:document", pk=document.pk)
            elif action == "ready":
                services.document_mark_ready(
                    user=request.user, document=document, expected_version=_int(request.POST.get("lock_version"))
                )
                messages.success(request, _("The document is ready for signature."))
                return redirect("integrity:document", pk=document.pk)
            elif action == "revise":
                revise_form = ReviseForm(request.POST)
                if revise_form.is_valid():
                    new = services.document_revise(
                        user=request.user, document=document, ground=revise_form.cleaned_data["ground"],
                        note=revise_form.cleaned_data["note"], expected_version=revise_form.cleaned_data["lock_version"],
                    )  # fmt: skip
                    messages.success(request, _("Version %(v)s was made; this one is superseded.") % {"v": new.version})
                    return redirect("integrity:document", pk=new.pk)
            else:
                messages.error(request, _("Unknown action."))
        except ConflictError as error:
            # Signed, made ready or revised meanwhile: nothing was changed; the page shows the document as it
            # is now, the revision form keeps what the user typed.
            if action == "revise":
                revise_form.add_error(None, error.message)
            else:
                messages.error(request, error.message)
            conflict = True
        except ValidationError as error:
            target = sign_form if action == "sign" else revise_form
            for field_name, problems in getattr(error, "message_dict", {"__all__": error.messages}).items():
                target.add_error(field_name if field_name in target.fields else None, problems)
        except PermissionDenied as error:
            messages.error(request, str(error))
        document = _document_for(request.user, pk)
    signed = [timezone.localdate(signature.signed_at) for signature in document.signatures.all()]
    context = {
        "document": document,
        "agreement_rows": content.agreement_rows(document),
        "days_late": document.days_late(in_force_on=max(signed, default=None), today=timezone.localdate()),
        "sign_form": sign_form,
        "revise_form": revise_form,
        "my_turn": services.party_whose_turn(request.user, document) is not None,
        "may_change": may(request.user, "change", document),
        "link": services.verification_link(document),
    }
    status = 409 if conflict else 400 if (sign_form.errors or revise_form.errors) else 200
    return render(request, "integrity/document.html", context, status=status)


def _int(value) -> int | None:
    return int(value) if value and str(value).isdigit() else None


@login_required
def document_pdf(request, pk: int):
    document = _document_for(request.user, pk)
    return attachment_response(
        document.pdf, filename=f"{document.kind}-{document.year}-{document.code}.pdf", content_type="application/pdf"
    )


@login_required
@require_http_methods(["POST"])
def batch_start(request):
    """Prepare every agency's agreement and pact for the year in the background (planners)."""
    from kinerja.core.access import may
    from kinerja.core.selectors import government_for
    from kinerja.integrity.permissions import INTEGRITY

    # The right first (leaders, inspectors and agencies are refused whatever they sent), then the year.
    government = government_for(request.user)
    if government is None or not may(request.user, "add", government, area=INTEGRITY):
        raise PermissionDenied(_("Only planners prepare the documents of every agency."))
    year_text = request.POST.get("year", "")
    if not year_text.isdigit() or not YEAR_MIN <= int(year_text) <= YEAR_MAX:
        messages.error(request, _("Choose the year."))
        return redirect("integrity:overview")
    year = params.year(request.POST)
    batch = services.batch_start(user=request.user, government=government, year=year)
    return redirect("integrity:batch", pk=batch.pk)


@login_required
def batch_detail(request, pk: int):
    """A preparation batch's progress; the page refreshes itself with HTMX until it is done."""
    from kinerja.integrity.models import PreparationBatch

    batch = PreparationBatch.objects.restrict(request.user, "view").filter(pk=pk).first()
    if batch is None:
        raise Http404(_("No such batch."))
    template = "integrity/_batch.html" if request.htmx else "integrity/batch.html"
    return render(request, template, {"batch": batch})


class DivisionForm(HardenedFormMixin, forms.Form):
    name = forms.CharField(label=gettext_lazy("Division"), max_length=255,
                           widget=forms.TextInput(attrs={"class": "form-control"}))  # fmt: skip
    head = forms.ModelChoiceField(
        label=gettext_lazy("Head (user account)"), queryset=None, required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )  # fmt: skip
    head_name = forms.CharField(label=gettext_lazy("Name of the head"), max_length=200, required=False,
                                widget=forms.TextInput(attrs={"class": "form-control"}))  # fmt: skip
    head_nip = forms.CharField(label=gettext_lazy("NIP of the head"), max_length=30, required=False,
                               widget=forms.TextInput(attrs={"class": "form-control"}))  # fmt: skip
    head_position = forms.CharField(label=gettext_lazy("Position of the head"), max_length=255, required=False,
                                    widget=forms.TextInput(attrs={"class": "form-control"}))  # fmt: skip
    activities = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Activities of the division"), queryset=None, required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    # A change names the division and the version of it the user saw; a registration carries neither.
    division = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    def __init__(self, *args, agency, **kwargs):
        from kinerja.core.models import User
        from kinerja.planning.choices import NodeKind, PeriodStatus
        from kinerja.planning.models import PlanNode

        super().__init__(*args, **kwargs)
        self.fields["head"].queryset = User.objects.filter(memberships__agency=agency, is_active=True).distinct()
        self.fields["activities"].queryset = PlanNode.objects.filter(
            agency=agency, kind=NodeKind.ACTIVITY, period__status=PeriodStatus.ACTIVE
        ).order_by("code", "pk")


@login_required
@require_http_methods(["GET", "POST"])
def divisions(request, code: str):
    """An agency's divisions with their heads' agreements and pacts for the year; register a division."""
    from kinerja.core.access import may
    from kinerja.integrity.models import Division
    from kinerja.integrity.permissions import INTEGRITY
    from kinerja.planning.selectors import agency_detail

    agency = agency_detail(user=request.user, code=code)  # in the user's government: codes repeat across them
    year = params.year(request.GET if request.GET.get("year") else request.POST)
    may_add = may(request.user, "add", agency, area=INTEGRITY)
    # "Change" on a row fills the form with that division, its version included.
    chosen = Division.objects.filter(agency=agency, pk=params.object_id(request.GET, "division")).first()
    initial = (
        {"name": chosen.name, "head": chosen.head_id, "head_name": chosen.head_name, "head_nip": chosen.head_nip,
         "head_position": chosen.head_position, "activities": list(chosen.activities.values_list("pk", flat=True)),
         "division": chosen.pk, "version": chosen.lock_version}
        if chosen and may_add and request.method == "GET" else {}
    )  # fmt: skip
    form = DivisionForm(agency=agency, initial=initial)
    conflict = False
    if request.method == "POST":
        if not may_add:
            raise PermissionDenied(_("You are not allowed to do this."))
        action = request.POST.get("action")
        try:
            if action == "division":
                form = DivisionForm(request.POST, agency=agency)
                if form.is_valid():
                    data = form.cleaned_data
                    division = None
                    if data["division"]:
                        division = Division.objects.filter(agency=agency, pk=data["division"]).first()
                        if division is None:
                            raise Http404(_("No such division."))
                    services.division_save(
                        user=request.user, agency=agency, name=data["name"], head=data["head"],
                        head_name=data["head_name"], head_nip=data["head_nip"], head_position=data["head_position"],
                        activities=data["activities"], division=division, expected_version=data["version"],
                    )  # fmt: skip
                    messages.success(
                        request, _("The division was changed.") if division else _("The division was registered.")
                    )
                    return redirect(f"{request.path}?year={year}")
            elif action in (DocumentKind.PK_DIVISION, DocumentKind.INTEGRITY_PACT):
                division = Division.objects.filter(agency=agency, pk=_int(request.POST.get("division"))).first()
                if division is None:
                    raise Http404(_("No such division."))
                document = services.division_prepare(user=request.user, division=division, year=year, kind=action)
                return redirect("integrity:document", pk=document.pk)
        except ConflictError as exc:
            # Nothing was saved: the stored values are named, the form keeps the input and now carries the
            # stored version, so saving again (after reviewing) replaces them knowingly.
            add_conflict(form, exc)
            form.data = form.data.copy()
            form.data["version"] = Division.objects.get(pk=form.cleaned_data["division"]).lock_version
            conflict = True
        except ValidationError as error:
            for field_name, problems in getattr(error, "message_dict", {"__all__": error.messages}).items():
                form.add_error(field_name if field_name in form.fields else None, problems)
    rows = []
    documents = {
        (d.division, d.kind): d
        for d in SignedDocument.objects.restrict(request.user, "view")
        .filter(agency=agency, year=year, next_version__isnull=True)
        .exclude(division="")
        .only("pk", "division", "kind", "state", "version")
    }  # fmt: skip
    for division in Division.objects.filter(agency=agency).prefetch_related("activities"):
        rows.append({"division": division, "agreement": documents.get((division.name, DocumentKind.PK_DIVISION)),
                     "pact": documents.get((division.name, DocumentKind.INTEGRITY_PACT))})  # fmt: skip
    editing = form["division"].value() not in (None, "")
    context = {"agency": agency, "year": year, "rows": rows, "form": form, "may_add": may_add, "editing": editing}
    status = 409 if conflict else 400 if form.errors else 200
    return render(request, "integrity/divisions.html", context, status=status)
