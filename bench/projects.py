"""Projects at scale: the leadership view and the project list with 5,000 projects of 36 monthly reports each.

Two sizes are generated (500 and 5,000 projects, each with 36 months of progress, 4 milestones, and
obstacles with follow-ups; 400 agencies; a meeting with 10 directives to every agency) into separate
databases, the stored status is computed by the daily refresh (timed), and the pages are requested
as a planner (the whole province) and as an operator (one agency). The query counts must be equal at
both sizes; the goal is a p95 under 300 ms at 5,000 projects.
"""

import datetime
import random
import sys
import time
from decimal import Decimal

from bench.run import ROOT, configure

SIZE = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
REPEAT = int(sys.argv[2]) if len(sys.argv) > 2 else 40
configure(f"projects-{SIZE}")
(ROOT / "var").mkdir(exist_ok=True)

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402
from django.test import Client  # noqa: E402

from bench import timing  # noqa: E402
from kinerja.core.choices import AgencyKind, GovernmentKind, RegionKind, Role  # noqa: E402
from kinerja.core.models import Agency, Government, Membership, Region, User  # noqa: E402
from kinerja.projects import services  # noqa: E402
from kinerja.projects.choices import Category, ObstacleCategory, Phase, Sector  # noqa: E402
from kinerja.projects.models import (  # noqa: E402
    Assignment,
    Directive,
    FollowUp,
    Meeting,
    Milestone,
    Obstacle,
    ProgressReport,
    Project,
)

AGENCIES, MONTHS = 400, 36
TODAY = datetime.date(2026, 11, 28)
FIRST = datetime.date(2023, 11, 1)  # 36 months up to October 2026


def month(index: int) -> datetime.date:
    total = FIRST.year * 12 + FIRST.month - 1 + index
    return datetime.date(total // 12, total % 12 + 1, 1)


def generate() -> None:
    call_command("migrate", verbosity=0)
    if Government.objects.exists():
        return
    rng = random.Random(SIZE)
    started = time.perf_counter()
    with transaction.atomic():
        gov = Government.objects.create(code="99", name="Provinsi Bench", kind=GovernmentKind.PROVINCE)
        agencies = Agency.objects.bulk_create(
            [Agency(government=gov, code=f"opd{i:04d}", name=f"Dinas {i}", short_name=f"D{i}", kind=AgencyKind.DINAS)
             for i in range(AGENCIES)]
        )  # fmt: skip
        regions = Region.objects.bulk_create(
            [
                Region(government=gov, code=f"16.{i + 1:02d}", name=f"Kab. {i + 1}", kind=RegionKind.REGENCY)
                for i in range(17)
            ]
        )
        for username, role, agency in (("planner", Role.PLANNER, None), ("operator", Role.OPERATOR, agencies[0])):
            user = User.objects.create_user(username=username, password="bench-password-1")
            Membership.objects.create(user=user, government=gov, role=role, agency=agency)
        categories = [Category.NATIONAL, Category.REGIONAL, Category.REGULAR, Category.REGULAR]
        projects = Project.objects.bulk_create(
            [
                Project(
                    government=gov, code=f"p{i:05d}", name=f"Proyek {i}", category=categories[i % 4],
                    sector=Sector.values[i % len(Sector.values)], agency=agencies[i % AGENCIES],
                    region=regions[i % len(regions)], value=Decimal(10**9 + i), start=FIRST,
                    planned_end=datetime.date(2027, 12, 31), phase=Phase.IMPLEMENTATION,
                )
                for i in range(SIZE)
            ],
            batch_size=2000,
        )  # fmt: skip
        reports, milestones = [], []
        for project in projects:
            lag = Decimal(rng.choice([0, 1, 2, 3, 4, 6, 8, 12, 15]))
            for index in range(MONTHS):
                plan = Decimal(index * 100) / Decimal(50)
                reports.append(
                    ProgressReport(project=project, month=month(index), physical_plan=plan,
                                   physical_actual=max(Decimal(0), plan - lag * index / MONTHS).quantize(Decimal('0.01')), financial=Decimal(index * 10**6))
                )  # fmt: skip
            for number in range(4):
                planned = month(9 * number + 6)
                late = rng.random() < 0.05
                milestones.append(
                    Milestone(project=project, title=f"Tonggak {number + 1}", planned=planned,
                              actual=None if late or planned > TODAY else planned + datetime.timedelta(days=rng.randint(0, 20)))
                )  # fmt: skip
            if len(reports) >= 50000:
                ProgressReport.objects.bulk_create(reports, batch_size=5000)
                reports = []
        ProgressReport.objects.bulk_create(reports, batch_size=5000)
        Milestone.objects.bulk_create(milestones, batch_size=5000)
        obstacles = Obstacle.objects.bulk_create(
            [
                Obstacle(government=gov, agency=project.agency, project=project, title=f"Hambatan {project.code}",
                         category=ObstacleCategory.values[i % len(ObstacleCategory.values)],
                         raised_on=TODAY - datetime.timedelta(days=rng.randint(1, 400)), owner="Kabid")
                for i, project in enumerate(projects[::2])
            ],
            batch_size=2000,
        )  # fmt: skip
        FollowUp.objects.bulk_create(
            [FollowUp(obstacle=o, action="Rapat koordinasi", responsible="Kabid", due=o.raised_on + datetime.timedelta(days=30))
             for o in obstacles],
            batch_size=5000,
        )  # fmt: skip
        meeting = Meeting.objects.create(
            government=gov, title="Rakor", date=datetime.date(2026, 1, 21), place="Griya Agung", chair="Gubernur"
        )
        for number in range(1, 11):
            directive = Directive.objects.create(
                meeting=meeting, number=number, text=f"Arahan {number}", due=datetime.date(2026, number, 28)
            )
            Assignment.objects.bulk_create([Assignment(directive=directive, agency=a) for a in agencies])
    print(
        f"generated {SIZE} projects, {ProgressReport.objects.count()} reports in {time.perf_counter() - started:.0f} s"
    )
    started = time.perf_counter()
    services.refresh_health(today=TODAY)
    print(f"daily status refresh of {SIZE} projects: {time.perf_counter() - started:.1f} s")


def main() -> None:
    generate()
    started = time.perf_counter()
    changed = services.refresh_health(today=TODAY)
    refresh = time.perf_counter() - started
    project = Project.objects.filter(agency__code="opd0000").order_by("pk").first()
    print(f"\n== projects: {Project.objects.count()} projects, {ProgressReport.objects.count()} monthly reports, "
          f"{Obstacle.objects.count()} obstacles; daily status refresh {refresh:.1f} s ({changed} changed)")  # fmt: skip
    print(f"{'page':<44}{'user':<10}{'median ms':>10}{'p95 ms':>9}{'queries':>9}")
    for username in ("planner", "operator"):
        client = Client()
        client.force_login(User.objects.get(username=username))
        pages = [
            ("leadership view", "/proyek/"),
            ("leadership view, filtered", "/proyek/?category=regular&health=warning"),
            ("project list, first page", "/proyek/daftar/"),
            ("project list, page 100", "/proyek/daftar/?page=100"),
            ("project list, searched", "/proyek/daftar/?q=Proyek%204"),
            ("project page (36 reports)", f"/proyek/{project.pk}/"),
            ("API project list", "/api/v1/projects/"),
        ]
        for name, url in pages:
            if username == "operator" and "page=100" in url:
                url = "/proyek/daftar/?page=1"
            median, p95, queries = timing.measure(client, url, REPEAT)
            print(f"{name:<44}{username:<10}{median:>10.1f}{p95:>9.1f}{queries:>9}")


main()
