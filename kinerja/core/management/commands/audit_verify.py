from django.core.management.base import BaseCommand, CommandError

from kinerja.core import anchors
from kinerja.core.services import audit_check_run


class Command(BaseCommand):
    help = (
        "Check the audit trail: every entry's HMAC and link, the head, the signed checkpoints of "
        "AUDIT_CHECKPOINT_FILE and the seals of survey answers; exit non-zero naming the first problem. "
        "When intact, append a new checkpoint."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--enqueue", action="store_true", help="queue the check for the worker (which e-mails ADMINS if broken)"
        )
        parser.add_argument(
            "--checkpoint",
            action="append",
            default=[],
            metavar="LINE",
            help="also check the trail against a checkpoint line kept elsewhere (e.g. mailed to ADMINS); repeatable",
        )
        parser.add_argument("--no-checkpoint", action="store_true", help="only check; write no new checkpoint")

    def handle(self, *args, **options):
        if options["enqueue"]:
            from kinerja.core.tasks import audit_chain_check

            result = audit_chain_check.enqueue()
            self.stdout.write(f"Queued audit chain check {result.id}")
            return
        check = audit_check_run(source="command")  # kept: the audit trail page shows the latest result
        intact, message = check.intact, check.message
        if not intact:
            raise CommandError(f"Audit trail broken: {message}")
        for line in options["checkpoint"]:
            ok, text = anchors.verify_against(line)
            if not ok:
                raise CommandError(f"Audit trail broken: {text}")
            message += f"; {text}"
        self.stdout.write(self.style.SUCCESS(f"Audit trail intact: {message}"))
        if not options["no_checkpoint"]:
            point = anchors.checkpoint()
            if point is not None:
                self.stdout.write(f"Checkpoint {point.number} written: entry {point.sequence}")
