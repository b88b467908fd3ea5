"""python manage.py lkjip --agency dinkes --year 2026 --output lkjip-dinkes-2026.pdf (or --government)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kinerja.core.models import Agency, Government
from kinerja.integrity import lkjip


class Command(BaseCommand):
    help = "Write the LKjIP (annual performance report) of an agency or of the government as PDF or DOCX."

    def add_arguments(self, parser):
        who = parser.add_mutually_exclusive_group(required=True)
        who.add_argument("--agency", help="the agency's code, e.g. dinkes")
        who.add_argument("--government", action="store_true", help="the government's report")
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--output", required=True, help="the file to write (.pdf, or .docx to edit the text)")
        parser.add_argument("--government-code", help="the government, when the installation holds several")

    def handle(self, *args, agency=None, government=False, year=None, output=None, government_code=None, **options):
        governments = Government.objects.order_by("pk")
        if government_code:
            governments = governments.filter(code=government_code)
        chosen = governments.first()
        if chosen is None:
            raise CommandError("No government is installed (or none with that code).")
        if not 2000 <= year <= 2100:
            raise CommandError("The year must be between 2000 and 2100.")
        target = None
        if agency:
            target = Agency.objects.filter(government=chosen, code=agency).first()
            if target is None:
                raise CommandError(f"No agency with code {agency!r} in {chosen}.")
        path = Path(output)
        if path.suffix.lower() not in (".pdf", ".docx"):
            raise CommandError("Write the report to a .pdf file, or .docx for a word processor.")
        report = lkjip.build(government=chosen, year=year, agency=target)
        data = lkjip.render(report) if path.suffix.lower() == ".pdf" else lkjip.render_docx(report)
        path.write_bytes(data)
        self.stdout.write(
            f"{path}: LKjIP {year} of {report.institution}, {len(report.lines)} indicators, {len(data)} bytes"
        )
