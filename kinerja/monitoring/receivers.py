"""Monitoring's answer to planning events.

An amendment (perubahan) copies the plan into a new version and freezes the old one. The reports of the
year do not start over: every version of every realization, and every budget with its months, moves to
the copy of its indicator or sub-activity, so that the plan in force carries all its reports and the
roll-ups never have to look into superseded versions. The superseded version keeps its targets as a
record of the plan it was. The moves are counted in the amendment's audit event.

Every saved or deleted realization refreshes its indicator's year totals (see totals.py) in the same
transaction, except a new draft, which counts nowhere yet. Every saved or deleted budget month refreshes
its budget's figures to date (``BudgetToDate``) the same way, and every added or deleted evidence row the
count of its file's uses (``EvidenceFile``).
"""

from django.db.models import Case, IntegerField, Value, When
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from kinerja.monitoring import totals
from kinerja.monitoring.models import Budget, BudgetMonth, Evidence, IndicatorYearTotal, Realization
from kinerja.planning.signals import plan_amended

BATCH = 500


def _repoint(queryset, field: str, mapping: dict[int, int]) -> int:
    moved = 0
    old_ids = list(mapping)
    for start in range(0, len(old_ids), BATCH):
        chunk = old_ids[start : start + BATCH]
        cases = Case(*[When(**{field: old}, then=Value(mapping[old])) for old in chunk], output_field=IntegerField())
        moved += queryset.filter(**{f"{field}__in": chunk}).update(**{field: cases})
    return moved


@receiver(plan_amended, dispatch_uid="monitoring-move-reports")
def move_reports_to_amended_plan(sender, *, source, target, node_map, indicator_map, **kwargs) -> dict:
    # Filtering by the old ids is enough: they belong to the source version only.
    return {
        "realizations_moved": _repoint(Realization.objects.all(), "indicator_id", indicator_map),
        "budgets_moved": _repoint(Budget.objects.all(), "node_id", node_map),
        "totals_moved": _repoint(IndicatorYearTotal.objects.all(), "indicator_id", indicator_map),
    }


@receiver(post_save, sender=Realization, dispatch_uid="monitoring-refresh-totals")
def refresh_totals_on_save(sender, instance: Realization, created: bool, raw: bool = False, **kwargs) -> None:
    if raw or (created and instance.state not in totals.COUNTED):
        return
    totals.refresh(instance.indicator_id, instance.period.year)


@receiver(post_delete, sender=Realization, dispatch_uid="monitoring-refresh-totals-delete")
def refresh_totals_on_delete(sender, instance: Realization, **kwargs) -> None:
    if instance.is_current and instance.state in totals.COUNTED:
        totals.refresh(instance.indicator_id, instance.period.year)


def _refresh_for_evidence(instance: Evidence) -> None:
    """The totals count the verified values with evidence: a file added to or removed from a counted value
    (the workflow allows it only on drafts, but a correction or an administrator may) refreshes them."""
    counted = (
        Realization.objects.filter(pk=instance.realization_id, is_current=True, state__in=totals.COUNTED)
        .values_list("indicator_id", "period__year")
        .first()
    )
    if counted:
        totals.refresh(*counted)


@receiver(post_save, sender=Evidence, dispatch_uid="monitoring-refresh-totals-evidence")
def refresh_totals_on_evidence_save(sender, instance: Evidence, created: bool, raw: bool = False, **kwargs) -> None:
    if not raw and created:
        _refresh_for_evidence(instance)


@receiver(post_delete, sender=Evidence, dispatch_uid="monitoring-refresh-totals-evidence-delete")
def refresh_totals_on_evidence_delete(sender, instance: Evidence, **kwargs) -> None:
    _refresh_for_evidence(instance)


@receiver(post_save, sender=Evidence, dispatch_uid="monitoring-count-evidence-file")
def count_file_on_evidence_save(sender, instance: Evidence, created: bool, raw: bool = False, **kwargs) -> None:
    if not raw and created:
        totals.count_file(instance.sha256, 1)


@receiver(post_delete, sender=Evidence, dispatch_uid="monitoring-count-evidence-file-delete")
def count_file_on_evidence_delete(sender, instance: Evidence, **kwargs) -> None:
    totals.count_file(instance.sha256, -1)


@receiver(post_save, sender=BudgetMonth, dispatch_uid="monitoring-refresh-budget-to-date")
def refresh_budget_on_save(sender, instance: BudgetMonth, raw: bool = False, **kwargs) -> None:
    if not raw:
        totals.refresh_budget(instance.budget_id)


@receiver(post_delete, sender=BudgetMonth, dispatch_uid="monitoring-refresh-budget-to-date-delete")
def refresh_budget_on_delete(sender, instance: BudgetMonth, **kwargs) -> None:
    totals.refresh_budget(instance.budget_id)
