from django.core.management.base import BaseCommand, CommandError

from kinerja.core import anchors


class Command(BaseCommand):
    help = (
        "Seal the survey answers received since the last run and append the audit chain's head, signed with "
        "AUDIT_KEY, to AUDIT_CHECKPOINT_FILE (and mail it to ADMINS with --mail or AUDIT_CHECKPOINT_MAIL). "
        "Run it periodically (e.g. hourly from cron)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--mail", action="store_true", default=None, help="mail the checkpoint to ADMINS")

    def handle(self, *args, **options):
        try:
            point = anchors.checkpoint(mail=options["mail"])
        except RuntimeError as error:
            raise CommandError(f"No checkpoint written: {error}")
        if point is None:
            self.stdout.write("Nothing new since the last checkpoint.")
            return
        self.stdout.write(self.style.SUCCESS(f"Checkpoint {point.number}: entry {point.sequence} {point.hash}"))
