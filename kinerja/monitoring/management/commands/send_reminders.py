from django.core.management.base import BaseCommand
from django.utils import timezone

from kinerja.monitoring.tasks import send_reporting_digests


class Command(BaseCommand):
    help = "Queue today's reminder digests (run daily from cron; the worker sends one e-mail per user)."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="the day to send for (YYYY-MM-DD), default today")

    def handle(self, *args, **options):
        day = options["date"] or timezone.localdate().isoformat()
        result = send_reporting_digests.enqueue(day)
        self.stdout.write(f"Queued the reminder digests of {day} ({result.id})")
