import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone

from kinerja.core.access import SYSTEM
from kinerja.core.audit import audit_context
from kinerja.projects import services


class Command(BaseCommand):
    help = (
        "Recompute the stored status of every project (after changing PROJECT_STATUS, for instance); with --escalate "
        "also raise aged obstacles one level. The daily digest (send_reminders) does both every day."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", help="the day to compute for (YYYY-MM-DD), default today")
        parser.add_argument("--escalate", action="store_true", help="escalate obstacles unresolved past their age")

    def handle(self, *args, **options):
        day = datetime.date.fromisoformat(options["date"]) if options["date"] else timezone.localdate()
        with audit_context(user=SYSTEM, reason="daily status (projects_refresh)"):
            if options["escalate"]:
                escalated = services.escalate_obstacles(today=day)
                self.stdout.write(f"{len(escalated)} obstacles escalated")
            changed = services.refresh_health(today=day)
        self.stdout.write(f"Status of {changed} projects changed ({day})")
