from django.core.management.base import BaseCommand, CommandError

from kinerja.satisfaction import selectors, services


class Command(BaseCommand):
    help = (
        "Check (--check) or rebuild (--rebuild) the survey tallies (respondents, score sums per element) "
        "the IKM reads, against the responses and answers."
    )

    def add_arguments(self, parser):
        group = parser.add_mutually_exclusive_group(required=True)
        group.add_argument("--check", action="store_true", help="compare without writing; exit 1 on any difference")
        group.add_argument("--rebuild", action="store_true", help="recount every tally from the rows")
        parser.add_argument("--survey", type=int, action="append", help="limit to a survey (id); repeatable")

    def handle(self, *args, **options):
        surveys = options["survey"]
        if options["rebuild"]:
            written = services.tallies_rebuild(surveys)
            self.stdout.write(self.style.SUCCESS(f"Survey tallies rebuilt: {written} element rows."))
            return
        differing = selectors.tallies_differ(surveys)
        if differing:
            shown = ", ".join(str(pk) for pk in differing[:50])
            raise CommandError(
                f"The tallies of {len(differing)} surveys differ from their rows ({shown}); run --rebuild."
            )
        self.stdout.write(self.style.SUCCESS("Survey tallies match the responses and answers."))
