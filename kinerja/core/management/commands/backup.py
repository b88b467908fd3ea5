import datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from kinerja.core.backup import BackupError, backup


class Command(BaseCommand):
    help = (
        "Write one archive with the database (PostgreSQL: pg_dump; SQLite: the online backup API), every stored "
        "file and the audit checkpoints, with a signed manifest of their SHA-256."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "output", nargs="?", help="the archive to write (default: VAR_DIR/backups/kinerja-<time>.tar)"
        )

    def handle(self, *args, **options):
        stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
        output = Path(options["output"] or Path(settings.VAR_DIR) / "backups" / f"kinerja-{stamp}.tar")
        try:
            manifest = backup(output)
        except BackupError as error:
            raise CommandError(f"No backup written: {error}")
        size = sum(row["size"] for row in manifest["files"])
        self.stdout.write(
            self.style.SUCCESS(
                f"Backup written to {output}: {manifest['database']['vendor']} database "
                f"({manifest['database']['size']} bytes), {len(manifest['files'])} stored files ({size} bytes), "
                f"audit trail up to entry {manifest['audit_head']}."
            )
        )
