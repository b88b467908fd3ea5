"""Writes of the dashboards app: an inspector marks a reality-check signal reviewed."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from kinerja.core.access import require
from kinerja.core.services import apply_changes, check_version
from kinerja.core.validators import validate_no_nul
from kinerja.dashboards.models import SignalReview
from kinerja.dashboards.permissions import REALITY, REVIEW

NOTE_MAX = 2000


@transaction.atomic
def signal_review(*, user, signal, year: int, note: str, expected_version: int | None = None) -> SignalReview:
    """Mark ``signal`` (a computed ``reality.Signal`` the user can see) reviewed with ``note``, or change the note.

    Only inspectors and admins may (``REVIEW`` on the agency in the reality area); the note is required.
    A second review of the same signal edits the first (optimistic locking with ``expected_version``).
    """
    from kinerja.core.models import Agency

    agency = Agency.objects.get(pk=signal.agency_id)
    require(user, REVIEW, agency, area=REALITY)
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": [_("Write what the review found.")]})
    if len(note) > NOTE_MAX:
        raise ValidationError({"note": [_("The note may have at most %(limit)s characters.") % {"limit": NOTE_MAX}]})
    validate_no_nul(note)
    reviewer = user if getattr(user, "pk", None) else None
    review = SignalReview.objects.select_for_update().filter(agency=agency, year=year, key=signal.key).first()
    if review is None:
        return SignalReview.objects.create(
            government_id=agency.government_id,
            agency=agency,
            year=year,
            kind=signal.kind,
            key=signal.key,
            note=note,
            reviewer=reviewer,
            reviewed_at=timezone.now(),
        )
    check_version(review, expected_version, ["note", "reviewer", "reviewed_at"])
    if apply_changes(review, {"note": note, "reviewer": reviewer}):
        review.reviewed_at = timezone.now()
        review.lock_version = F("lock_version") + 1
        review.save()
        review.refresh_from_db()
    return review
