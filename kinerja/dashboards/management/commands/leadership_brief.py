from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from kinerja.core.links import using
from kinerja.core.models import Government
from kinerja.dashboards import brief as briefs


class Command(BaseCommand):
    help = (
        "Make the leaders' weekly brief of a week (default: last week) and print it; --send e-mails it to every "
        "leader (run on Mondays from cron, or let the worker's task do it)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--week", help="the ISO week, e.g. 2026-W40 (default: the last complete week)")
        parser.add_argument("--send", action="store_true", help="e-mail the brief (with its PDF) to every leader")
        parser.add_argument("--enqueue", action="store_true", help="queue the sending for the worker (with --send)")
        parser.add_argument("--government", help="the code of the government (default: every government)")
        parser.add_argument("--base-url", default="", help="the address links point to (default PUBLIC_BASE_URL)")

    def handle(self, *args, **options):
        try:
            week = briefs.parse_week(options["week"]) if options["week"] else briefs.last_week()
        except briefs.InvalidWeek as exc:
            raise CommandError(exc.message) from None
        if options["send"] and options["enqueue"]:
            from kinerja.dashboards.tasks import send_weekly_briefs

            result = send_weekly_briefs.enqueue(str(week), options["base_url"])
            self.stdout.write(f"Queued the weekly briefs of {week} ({result.id})")
            return
        governments = Government.objects.order_by("code")
        if options["government"]:
            governments = governments.filter(code=options["government"])
            if not governments:
                raise CommandError(f"No government with the code {options['government']!r}.")
        with using(options["base_url"]):
            for government in governments:
                if options["send"]:
                    sent = briefs.send(government=government, week=week)
                    self.stdout.write(f"{government.code} {week}: sent {sent} briefs")
                    continue
                briefs.record_signals_for(government, week, timezone.localdate())  # current or last week only
                for leader in briefs.leaders(government):
                    brief = briefs.build(government=government, leader=leader, week=week)
                    self.stdout.write(f"== {government.code} {week} · {leader.username}: {brief.count} lines")
                    for section in brief.sections:
                        self.stdout.write(f"  {section.title} ({len(section.lines)})")
                        for line in section.lines:
                            self.stdout.write(f"    - {line.text}  <{line.url}>")
