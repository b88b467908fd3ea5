from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from kinerja.core.access import SYSTEM
from kinerja.core.audit import audit_context
from kinerja.planning.nomenclature import DEFAULT_FILE, DEFAULT_LABEL, load_nomenclature


class Command(BaseCommand):
    help = "Load a version of the SIPD nomenclature (programs, activities, sub-activities with output indicators)."

    def add_arguments(self, parser):
        parser.add_argument("--file", type=Path, default=DEFAULT_FILE, help="CSV in the format of nomenclature.csv")
        parser.add_argument("--label", default=DEFAULT_LABEL, help="name of the version")
        parser.add_argument("--no-activate", action="store_true", help="load without making it the version in use")

    def handle(self, *args, **options):
        try:
            with audit_context(user=SYSTEM, reason="load_nomenclature"):
                version, created = load_nomenclature(
                    path=options["file"], label=options["label"], activate=not options["no_activate"]
                )
        except (ValidationError, OSError) as exc:
            raise CommandError(str(exc)) from exc
        verb = "Loaded" if created else "Already loaded"
        self.stdout.write(
            f"{verb}: {version.label} ({version.row_count} rows){' [active]' if version.is_active else ''}"
        )
