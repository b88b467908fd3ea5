import json
import sys

from django.core.management.base import BaseCommand, CommandError

from kinerja.projects import oc4ids
from kinerja.projects.models import Project


class Command(BaseCommand):
    help = "Write projects as an OC4IDS project package (JSON) for a transparency portal, checked against the schema."

    def add_arguments(self, parser):
        parser.add_argument("codes", nargs="*", help="project codes (default: every project)")
        parser.add_argument("--output", help="file to write (default: standard output)")

    def handle(self, *args, codes, output, **options):
        projects = (
            Project.objects.select_related("agency", "region", "government")
            .prefetch_related("fundings", "milestones", "partner_agencies", "reports")
            .order_by("government_id", "code")
        )
        if codes:
            projects = projects.filter(code__in=codes)
            missing = set(codes) - set(projects.values_list("code", flat=True))
            if missing:
                raise CommandError(f"No project with the code {', '.join(sorted(missing))}")
        records = []
        for project in projects:
            data = oc4ids.project_to_oc4ids(project)
            errors = oc4ids.validate(data)
            if errors:
                raise CommandError(f"{project.code} does not conform to OC4IDS: {'; '.join(errors)}")
            records.append(data)
        package = {"version": "0.9", "uri": "", "publishedDate": "", "projects": records}
        from django.utils import timezone

        package["publishedDate"] = timezone.now().isoformat()
        package.pop("uri")
        text = json.dumps(package, ensure_ascii=False, indent=2)
        if output:
            with open(output, "w", encoding="utf-8") as handle:
                handle.write(text)
            self.stdout.write(f"{len(records)} projects written to {output}")
        else:
            sys.stdout.write(text + "\n")
