"""Load the South Sumatra demo: each app contributes its part through a ``demo`` module."""

import importlib

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection, transaction

from kinerja.core.access import SYSTEM
from kinerja.core.audit import audit_context


class Command(BaseCommand):
    help = "Load the South Sumatra demo data (idempotent: running it again changes nothing)."

    def handle(self, *args, **options):
        government = None
        with audit_context(user=SYSTEM, reason="demo data"), transaction.atomic():
            for config in apps.get_app_configs():
                if not config.name.startswith("kinerja."):
                    continue
                try:
                    module = importlib.import_module(f"{config.name}.demo")
                except ModuleNotFoundError as exc:
                    if exc.name != f"{config.name}.demo":
                        raise
                    continue
                self.stdout.write(f"{config.label}:")
                result = (
                    module.load(stdout=self.stdout)
                    if government is None
                    else module.load(stdout=self.stdout, government=government)
                )
                if config.label == "core":
                    government = result
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # query planner statistics for the freshly loaded tables
        from kinerja.core.demo import logins

        self.stdout.write(self.style.SUCCESS("Demo data ready."))
        self.stdout.write(f"Demo logins (password: {settings.DEMO_PASSWORD}):")
        for username, role in logins():
            self.stdout.write(f"  {username:<22} {role}")
        self.stdout.write("  e.g. dinkes.kepala, dinkes.operator, disdik.operator, dishub.kepala, bappeda.operator")
