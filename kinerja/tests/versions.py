"""The version a test "edited": every update service requires it (see docs/design.md, Access).

A test that edits a record it has just read passes the version stored now, as a user whose page shows the
current record would; None where no record exists yet (a new target, value, month, ...). Tests of the
locking itself pass their own (stale) versions instead.
"""


def _stored(model, **lookup) -> int | None:
    return model.objects.filter(**lookup).values_list("lock_version", flat=True).first()


def current_version(obj) -> int | None:
    """The lock_version of ``obj`` as stored now (the in-memory one may be older)."""
    return _stored(type(obj), pk=obj.pk)


def target_version(indicator, year, period_kind="year", period_no=0) -> int | None:
    from kinerja.planning.models import Target

    return _stored(Target, indicator=indicator, year=year, period_kind=period_kind, period_no=period_no)


def realization_version(indicator, period) -> int | None:
    from kinerja.monitoring.models import Realization

    return _stored(Realization, indicator=indicator, period=period, is_current=True)


def budget_version(node, year) -> int | None:
    from kinerja.monitoring.models import Budget

    return _stored(Budget, node=node, year=year)


def month_version(budget, month) -> int | None:
    from kinerja.monitoring.models import BudgetMonth

    return _stored(BudgetMonth, budget=budget, month=month)


def report_version(project, month) -> int | None:
    from kinerja.projects.models import ProgressReport

    return _stored(ProgressReport, project=project, month=month.replace(day=1))


def period_status_version(period, agency) -> int | None:
    from kinerja.monitoring.models import PeriodAgencyStatus

    return _stored(PeriodAgencyStatus, period=period, agency=agency)
