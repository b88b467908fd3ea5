from django.core.management.base import BaseCommand, CommandError

from kinerja.core.audit import verify_chain


class Command(BaseCommand):
    help = "Check the audit trail's hash chain; exit non-zero naming the first broken entry."

    def handle(self, *args, **options):
        intact, message = verify_chain()
        if not intact:
            raise CommandError(f"Audit trail broken: {message}")
        self.stdout.write(self.style.SUCCESS(f"Audit trail intact: {message}"))
