"""Signals the planning app sends for the apps built on the plan (monitoring keeps its reports with the plan)."""

from django.dispatch import Signal

# Sent inside the amendment's transaction, after the copy: ``source`` and ``target`` are the old and the
# new PlanPeriod, ``node_map`` and ``indicator_map`` map each old id to its copy's id. A receiver returns
# a dict of counts of what it moved; they are recorded in the amendment's audit event.
plan_amended = Signal()
