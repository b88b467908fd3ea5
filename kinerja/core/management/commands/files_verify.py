from django.core.management.base import BaseCommand, CommandError

from kinerja.core.storedfiles import verify_files


class Command(BaseCommand):
    help = (
        "Check every stored file (evidence, photos, attachments, exports) against the SHA-256 recorded when it "
        "was stored; exit 1 naming the files altered or missing (e.g. a database restored without its files)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--enqueue", action="store_true", help="queue the check for the worker (which e-mails ADMINS on problems)"
        )

    def handle(self, *args, **options):
        if options["enqueue"]:
            from kinerja.core.tasks import stored_files_check

            result = stored_files_check.enqueue()
            self.stdout.write(f"Queued stored files check {result.id}")
            return
        hashed, unhashed, problems = verify_files()
        if problems:
            shown = "\n".join(f"  {problem}" for problem in problems[:50])
            more = f"\n  … and {len(problems) - 50} more" if len(problems) > 50 else ""
            raise CommandError(f"{len(problems)} stored files are altered or missing:\n{shown}{more}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Stored files intact: {hashed} match their SHA-256, {unhashed} present (generated, no hash recorded)."
            )
        )
