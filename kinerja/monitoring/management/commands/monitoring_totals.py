from django.core.management.base import BaseCommand, CommandError

from kinerja.monitoring import totals


class Command(BaseCommand):
    help = (
        "Check (--check) or rebuild (--rebuild) the per-indicator year totals the achievement engine reads, "
        "against the realizations, the budgets' figures to date against their months, and the evidence files' "
        "use counts against the evidence rows (those always for every government)."
    )

    def add_arguments(self, parser):
        group = parser.add_mutually_exclusive_group(required=True)
        group.add_argument("--check", action="store_true", help="compare without writing; exit 1 on any difference")
        group.add_argument("--rebuild", action="store_true", help="recompute every total from the realizations")
        parser.add_argument("--government", type=int, help="limit to one government (id)")

    def handle(self, *args, **options):
        if options["rebuild"]:
            created = totals.rebuild(options["government"])
            months = totals.rebuild_budgets(options["government"])
            files = totals.rebuild_files()
            self.stdout.write(
                self.style.SUCCESS(
                    f"Year totals rebuilt: {created} rows; budgets to date: {months} rows; evidence files: {files} rows."
                )
            )
            return
        values = totals.check(options["government"])
        budgets = totals.check_budgets(options["government"])
        files = totals.check_files()
        for line in (values + budgets + files)[:50]:
            self.stderr.write(line)
        if values or budgets or files:
            raise CommandError(
                f"{len(values)} year totals differ from the realizations, {len(budgets)} budget months to date "
                f"from the budgets' months, {len(files)} file counts from the evidence; run --rebuild."
            )
        self.stdout.write(
            self.style.SUCCESS(
                "Year totals match the realizations; budgets to date match their months; file counts match the evidence."
            )
        )
