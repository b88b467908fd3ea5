from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from kinerja.core import audit
from kinerja.core.access import SYSTEM
from kinerja.core.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Bring a backup archive back into an empty installation (empty database and MEDIA_ROOT, the same "
        "AUDIT_KEY), after checking its signature and every SHA-256; then migrate and record the restore."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="the archive written by `manage.py backup`")

    def handle(self, *args, **options):
        try:
            result = restore(options["archive"])
        except BackupError as error:
            raise CommandError(f"Nothing restored: {error}")
        call_command("migrate", interactive=False, verbosity=0)
        manifest = result.manifest
        with audit.audit_context(user=SYSTEM, reason="restore"):
            audit.record_event(
                action="restore",
                object_type="core.backup",
                object_id=manifest["created"],
                object_repr=f"backup of {manifest['created']}",
                after={
                    "created": manifest["created"],
                    "database_sha256": manifest["database"]["sha256"],
                    "files": result.files,
                    "audit_head": manifest["audit_head"],
                },
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored the backup of {manifest['created']}: the database, {result.files} stored files and "
                f"the audit checkpoints. Now run audit_verify, files_verify, monitoring_totals --check and "
                "satisfaction_tallies --check."
            )
        )
