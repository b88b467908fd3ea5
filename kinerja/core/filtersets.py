"""Filter sets shared by pages and the API, on a base that reads ids strictly (a bad id is a 400, never a 5xx).

A filter on a related record (``?agency=12``, ``?project=3``) offers only the records the requesting user
may view: an id of a record outside the user's scope is refused exactly like an id that does not exist
("Select a valid choice"), so the answer never tells whether a record exists (no existence oracle).
"""

import django_filters
from django import forms
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django_filters.filters import QuerySetRequestMixin
from django_filters.rest_framework import DjangoFilterBackend

from kinerja.core.models import Agency
from kinerja.core.params import ID_MAX


class IdField(forms.IntegerField):
    """The id of a record: a positive whole number that fits the database's integers."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", ID_MAX)
        super().__init__(*args, **kwargs)


class IdFilter(django_filters.NumberFilter):
    """Filter on the id of a related record; ``abc``, ``1.5`` or an id beyond 64 bits is invalid."""

    field_class = IdField


class BoundedModelChoiceField(django_filters.fields.ModelChoiceField):
    """A related record chosen by id: an id that is not a positive 64-bit number is an invalid choice.

    Django looks such a value up as it is, and the database driver fails to bind it (OverflowError on
    SQLite, out of range on PostgreSQL)."""

    def to_python(self, value):
        if value not in self.empty_values and not self.to_field_name:
            text = str(value).strip()
            if not (text.isascii() and text.isdigit() and 0 < int(text) <= ID_MAX):
                raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class BoundedModelChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = BoundedModelChoiceField


def _bounded(defaults: dict) -> dict:
    defaults = dict(defaults)
    for field in (models.ForeignKey, models.OneToOneField, models.OneToOneRel):
        defaults[field] = {**defaults[field], "filter_class": BoundedModelChoiceFilter}
    return defaults


def visible_to(queryset, user):
    """Narrow a related-record filter's choices to what ``user`` may view (nothing without a user)."""
    if not hasattr(queryset, "restrict"):
        raise ImproperlyConfigured(
            f"A filter chooses {queryset.model.__name__} records, which cannot be restricted to a user's "
            "scope: give the model a RestrictedQuerySet manager (kinerja.core.querysets) or filter by id."
        )
    return queryset.restrict(user, "view")


class FilterSet(django_filters.rest_framework.FilterSet):
    """The base of Kinerja's filter sets: related records are chosen by a checked id among those the user may view."""

    FILTER_DEFAULTS = _bounded(django_filters.rest_framework.FilterSet.FILTER_DEFAULTS)

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        super().__init__(data, queryset, request=request, prefix=prefix)
        user = getattr(request, "user", None)
        for filter_ in self.filters.values():  # each instance has its own copies of the filters
            if isinstance(filter_, QuerySetRequestMixin) and filter_.queryset is not None:
                choices = filter_.queryset
                if callable(choices):
                    choices = choices(request)
                filter_.queryset = visible_to(choices, user)


class FilterBackend(DjangoFilterBackend):
    """django-filter's backend on Kinerja's base, also for the views that only list ``filterset_fields``."""

    filterset_base = FilterSet


class AgencyFilterSet(FilterSet):
    class Meta:
        model = Agency
        fields = ["kind", "parent", "code"]
