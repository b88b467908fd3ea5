"""The one place where a user's memberships become a query filter (see docs/design.md, House style)."""

from dataclasses import dataclass, field

from django.db import models
from django.db.models import Q

from kinerja.core.choices import AGENCY_ROLES
from kinerja.core.permissions import VIEW, actions_for

# What an agency role may do with rows that belong to no agency (shared by the whole government).
SHARED_ACTION = VIEW


@dataclass(frozen=True)
class Scope:
    """How a model's rows belong to a government and an agency.

    ``government`` and ``agency`` are lookup paths from the model; ``agency`` None means the rows are
    shared by the whole government. ``shared`` selects rows every member of the government may see
    whatever their agency (the RPJMD top of the tree, for instance).
    """

    area: str
    government: str = "government"
    agency: str | None = "agency"
    shared: Q | None = field(default=None)


@dataclass(frozen=True)
class Grant:
    """One membership as the scoping code needs it."""

    role: str
    government_id: int
    agency_ids: frozenset[int]


def user_grants(user) -> list[Grant]:
    """Return the user's active memberships, loaded once per user object (two queries at most)."""
    cached = getattr(user, "_kinerja_grants", None)
    if cached is not None:
        return cached
    from kinerja.core.models import Agency, Membership

    rows = list(
        Membership.objects.filter(user_id=user.pk, is_active=True).values_list("role", "government_id", "agency_id")
    )
    agency_ids = {agency_id for _, _, agency_id in rows if agency_id}
    # A membership of an agency covers the bureaus under it (Sekretariat Daerah and its biro).
    children: dict[int, set[int]] = {}
    if agency_ids:
        for child_id, parent_id in Agency.objects.filter(parent_id__in=agency_ids).values_list("id", "parent_id"):
            children.setdefault(parent_id, set()).add(child_id)
    grants = [
        Grant(role, government_id, frozenset({agency_id, *children.get(agency_id, ())}) if agency_id else frozenset())
        for role, government_id, agency_id in rows
    ]
    user._kinerja_grants = grants
    return grants


def scope_filter(user, model, action: str) -> Q | None:
    """Return the filter selecting the rows of ``model`` that ``user`` may ``action``; None means nothing."""
    scope: Scope = model.scope
    condition: Q | None = None
    for grant in user_grants(user):
        if action not in actions_for(grant.role, scope.area):
            continue
        government_lookup = scope.government if scope.government in ("id", "pk") else f"{scope.government}_id"
        part = Q(**{government_lookup: grant.government_id})
        if grant.role in AGENCY_ROLES:
            # An agency role reaches its agencies' rows, and reads (never changes) the shared ones.
            shares = action == SHARED_ACTION
            if scope.agency is None:
                if not shares:
                    continue
            else:
                by_agency = Q(**{f"{scope.agency}__in": grant.agency_ids})
                part &= by_agency | scope.shared if scope.shared is not None and shares else by_agency
        condition = part if condition is None else condition | part
    return condition


class RestrictedQuerySet(models.QuerySet):
    """A queryset that can narrow itself to what a user may see or change."""

    def restrict(self, user, action: str = "view"):
        """Return the rows ``user`` may take ``action`` on: nothing for anonymous users, all for superusers."""
        if user is None or not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self
        condition = scope_filter(user, self.model, action)
        return self.none() if condition is None else self.filter(condition)


def user_can(user, model, action: str, obj=None) -> bool:
    """Return whether ``user`` may take ``action`` on ``obj`` (``access.may``), or on some row of ``model``
    when obj is None (whether to offer an "add" button, say; the service decides on the real target)."""
    if obj is not None:
        from kinerja.core.access import may

        return may(user, action, obj, area=model.scope.area)
    if user is None or not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return scope_filter(user, model, action) is not None


class _Converted(dict):
    """A column's converted values, each distinct database value converted once, on first use."""

    def __init__(self, functions, expression, connection):
        super().__init__()
        self.functions, self.expression, self.connection = functions, expression, connection

    def __missing__(self, value):
        result = value
        for function in self.functions:
            result = function(result, self.expression, self.connection)
        self[value] = result
        return result


class _Same(dict):
    """A column without converters: every value is itself."""

    def __missing__(self, value):
        return value


def fetch_raw(queryset: models.QuerySet) -> tuple[list[tuple], list[dict]]:
    """The rows of a ``values_list`` queryset as the database gives them, and per column a mapping from a
    database value to the value iterating the queryset would give (``columns[i][row[i]]``).

    Iterating a queryset passes every value of every row through the backend's converters (on SQLite a
    decimal is made from its float and quantized, per value); a page that reads tens of thousands of rows
    with a few distinct targets spends much of its time there. Here the rows come from the queryset's own
    SQL, and each distinct value of a column is converted once, by the queryset's own converters, when the
    caller first looks it up. Values must be hashable (the database's numbers, strings, dates and None are).
    Raises ValueError where the columns would not come out in the order of the queryset's fields.
    """
    from django.core.exceptions import EmptyResultSet
    from django.db import connections

    query = queryset.query
    fields = getattr(queryset, "_fields", None)
    if not fields or list(fields) != [*query.extra_select, *query.values_select, *query.annotation_select]:
        raise ValueError("fetch_raw reads values_list querysets whose annotations come after their fields")
    compiler = query.get_compiler(using=queryset.db)
    try:
        sql, params = compiler.as_sql()
    except EmptyResultSet:
        return [], [_Same() for _ in fields]
    connection = connections[queryset.db]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    converters = compiler.get_converters([column for column, _sql, _alias in compiler.select])
    columns = [
        _Converted(*converters[i], connection) if i in converters else _Same() for i in range(len(compiler.select))
    ]
    return rows, columns
