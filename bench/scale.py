"""Generate one scale of the benchmark data (if not there yet) and measure the pages. See bench/run.py."""

import json
import os
import statistics
import sys
import time
from decimal import Decimal

from bench import timing
from bench.run import ROOT, configure

SCALE = int(sys.argv[1])
REPEAT = int(sys.argv[2])
configure(SCALE)
(ROOT / "var").mkdir(exist_ok=True)

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402

from kinerja.core.choices import AgencyKind, GovernmentKind, Role  # noqa: E402
from kinerja.core.models import Agency, Government, Membership, User  # noqa: E402
from kinerja.planning.models import Indicator, PlanNode, PlanPeriod, Target  # noqa: E402

AGENCIES = 40 * SCALE
PROGRAMS, ACTIVITIES, SUBS, SUBS_WITH_INDICATOR = 5, 4, 6, 4
YEARS = range(2025, 2030)


def generate() -> None:
    call_command("migrate", verbosity=0)
    if Government.objects.exists():
        return
    started = time.perf_counter()
    with transaction.atomic():
        gov = Government.objects.create(code="99", name=f"Provinsi Bench {SCALE}x", kind=GovernmentKind.PROVINCE)
        agencies = Agency.objects.bulk_create(
            [
                Agency(government=gov, code=f"opd{i:04d}", name=f"Dinas {i}", short_name=f"D{i}", kind=AgencyKind.DINAS)
                for i in range(AGENCIES)
            ]
        )
        period = PlanPeriod.objects.create(
            government=gov, kind="rpjmd", name="RPJMD Bench", start_year=2025, end_year=2029
        )
        indicator_nodes: list[PlanNode] = []

        def level(nodes):
            created = PlanNode.objects.bulk_create(nodes, batch_size=2000)
            for node in created:
                node.path = (node.parent.path if node.parent else "/") + f"{node.pk}/"
            PlanNode.objects.bulk_update(created, ["path"], batch_size=2000)
            return created

        common = {"government": gov, "period": period}
        vision = level([PlanNode(kind="vision", code="V", title="Visi", **common)])[0]
        missions = level(
            [PlanNode(kind="mission", parent=vision, code=f"M{m}", title=f"Misi {m}", **common) for m in range(5)]
        )
        goals = level(
            [
                PlanNode(kind="goal", parent=missions[g % 5], code=f"T{g}", title=f"Tujuan {g}", **common)
                for g in range(10 * SCALE)
            ]
        )
        objectives = level(
            [
                PlanNode(kind="objective", parent=goals[a % len(goals)], code=f"S{a}", title=f"Sasaran {a}", **common)
                for a in range(AGENCIES)
            ]
        )
        indicator_nodes += objectives
        programs = level(
            [
                PlanNode(
                    kind="program",
                    parent=objectives[a],
                    agency=agencies[a],
                    code=f"1.02.{p + 2:02d}",
                    title=f"Program {a}.{p}",
                    **common,
                )
                for a in range(AGENCIES)
                for p in range(PROGRAMS)
            ]
        )
        indicator_nodes += programs
        activities = level(
            [
                PlanNode(
                    kind="activity",
                    parent=prog,
                    agency_id=prog.agency_id,
                    code=f"{prog.code}.1.{k + 1:02d}",
                    title=f"Kegiatan {prog.title}.{k}",
                    **common,
                )
                for prog in programs
                for k in range(ACTIVITIES)
            ]
        )
        indicator_nodes += activities
        subs = level(
            [
                PlanNode(
                    kind="sub_activity",
                    parent=act,
                    agency_id=act.agency_id,
                    code=f"{act.code}.{s + 1:04d}",
                    title=f"Sub kegiatan {act.title}.{s}",
                    **common,
                )
                for act in activities
                for s in range(SUBS)
            ]
        )
        indicator_nodes += [sub for i, sub in enumerate(subs) if i % SUBS < SUBS_WITH_INDICATOR]
        indicators = Indicator.objects.bulk_create(
            [
                Indicator(
                    government=gov,
                    node=node,
                    name=f"Indikator {node.code}",
                    unit="%",
                    indicator_type="output",
                    baseline=Decimal(50),
                )
                for node in indicator_nodes
            ],
            batch_size=2000,
        )
        Target.objects.bulk_create(
            [Target(indicator=ind, year=year, value=Decimal(50 + year - 2025)) for ind in indicators for year in YEARS],
            batch_size=5000,
        )
        planner = User.objects.create_user("planner")
        Membership.objects.create(user=planner, government=gov, role=Role.PLANNER)
        operator = User.objects.create_user("operator")
        Membership.objects.create(user=operator, government=gov, role=Role.OPERATOR, agency=agencies[AGENCIES // 2])
    # Planner statistics, as PostgreSQL's autovacuum keeps them in production (SQLite never gathers them alone).
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(
        f"  generated in {time.perf_counter() - started:.0f} s: {Agency.objects.count()} agencies, "
        f"{PlanNode.objects.count()} nodes, {Indicator.objects.count()} indicators, {Target.objects.count()} targets"
    )


def generate_monitoring() -> None:
    """Monthly verified values for every indicator in 2026, and a monthly budget for every sub-activity."""
    from kinerja.monitoring import totals
    from kinerja.monitoring.models import Budget, BudgetMonth, Realization
    from kinerja.monitoring.services import periods_ensure

    if Realization.objects.exists():
        return
    started = time.perf_counter()
    gov = Government.objects.get()
    with transaction.atomic():
        months = {p.number: p for p in periods_ensure(government=gov, year=2026) if p.kind == "month"}
        Indicator.objects.update(frequency="monthly", accumulation="sum")
        # Objective indicators report through the agency under them.
        for objective_id, agency_id in (
            PlanNode.objects.filter(kind="program").values_list("parent_id", "agency_id").distinct()
        ):
            Indicator.objects.filter(node_id=objective_id).update(responsible_agency_id=agency_id)
        rows = Indicator.objects.values_list("id", "node__agency_id", "responsible_agency_id")
        batch = []
        for pk, node_agency, responsible in rows.iterator(chunk_size=5000):
            for month in range(1, 13):
                batch.append(
                    Realization(
                        government=gov,
                        agency_id=node_agency or responsible,
                        indicator_id=pk,
                        period=months[month],
                        value=Decimal(4 + (pk + month) % 3),
                        state="verified",
                    )
                )
            if len(batch) >= 60000:
                Realization.objects.bulk_create(batch, batch_size=5000)
                batch = []
        Realization.objects.bulk_create(batch, batch_size=5000)
        budgets = Budget.objects.bulk_create(
            [
                Budget(node_id=pk, year=2026, ceiling=Decimal(1_200_000_000))
                for pk in PlanNode.objects.filter(kind="sub_activity").values_list("id", flat=True)
            ],
            batch_size=5000,
        )
        month_rows = [
            BudgetMonth(
                budget=b,
                month=m,
                cash_plan=Decimal(100_000_000),
                spent=Decimal(80_000_000),
                physical_plan=Decimal(8 * m),
                physical_actual=Decimal(7 * m),
            )
            for b in budgets
            for m in range(1, 13)
        ]
        BudgetMonth.objects.bulk_create(month_rows, batch_size=5000)
        # Bulk inserts bypass the signals that keep the year totals and the budgets to date in step: build
        # them as the command does.
        totals.rebuild()
        totals.rebuild_budgets()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(
        f"  monitoring data generated in {time.perf_counter() - started:.0f} s: {Realization.objects.count()} values, {BudgetMonth.objects.count()} budget months"
    )


def generate_evidence() -> None:
    """Evidence files for four values in five: some photos with an EXIF date, some files used twice.

    Without evidence rows the reality check's evidence queries run over an empty table, and the
    database plans them from the values instead: the measurement would say nothing about a province.
    """
    import datetime
    import hashlib

    from kinerja.monitoring import services, totals
    from kinerja.monitoring.models import Evidence, Realization

    if Evidence.objects.exists():
        return
    started = time.perf_counter()
    rows = Realization.objects.filter(period__year=2026).values_list("id", "indicator_id", "period__number")
    batch = []
    with transaction.atomic():
        for pk, indicator_id, month in rows.iterator(chunk_size=10000):
            if (indicator_id + month) % 5 == 0:
                continue  # a value without evidence
            # Anomalies stay the exception: one file in 500 is the same file as the previous month's of the
            # indicator, and one photo in 50 (a photo being one file in four) has a year-old EXIF date.
            key = f"{indicator_id}-{month - 1 if pk % 500 == 0 and month > 1 else month}"
            photo = pk % 4 == 0
            taken = datetime.datetime(2025 if pk % 200 == 0 else 2026, month, 10, 9, tzinfo=datetime.UTC)
            digest = hashlib.sha256(key.encode()).hexdigest()
            batch.append(
                Evidence(
                    realization_id=pk,
                    file=f"evidence/bench/{digest[:2]}/{digest}",
                    name=f"bukti-{key}.{'jpg' if photo else 'pdf'}",
                    content_type="image/jpeg" if photo else "application/pdf",
                    size=200_000,
                    sha256=digest,
                    taken_at=taken if photo else None,
                )
            )
            if len(batch) >= 50000:
                Evidence.objects.bulk_create(batch, batch_size=5000)
                batch = []
        Evidence.objects.bulk_create(batch, batch_size=5000)
        # ... and the mark of the photos taken outside their period that an upload sets.
        services.mark_photos_outside_periods()
        # Bulk inserts bypass the receivers that count the verified values with evidence in the year totals,
        # and each file's uses.
        totals.rebuild()
        totals.rebuild_files()
    with connection.cursor() as cursor:
        # As autovacuum would: planner statistics, and (PostgreSQL) the visibility map for index-only scans.
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    print(f"  evidence generated in {time.perf_counter() - started:.0f} s: {Evidence.objects.count()} files")


def measure(client: Client, url: str) -> tuple[float, float, int]:
    return timing.measure(client, url, REPEAT)


FIGURES: dict = {"scale": SCALE, "database": connection.vendor}


def compute_all() -> None:
    """Every achievement of the government, against one hand-written SQL aggregate over the same rows."""
    from kinerja.monitoring.selectors import indicator_results, reportable_indicators

    # As a planner (every indicator of the government): the system user (None) sees nothing through restrict.
    planner = User.objects.get(username="planner")

    # As the overview and the home compute them: the figures, without the indicators' names (labels=False).
    def engine():
        return indicator_results(indicators=reportable_indicators(user=planner), year=2026, labels=False)

    def engine_named():
        return indicator_results(indicators=reportable_indicators(user=planner), year=2026)

    def bare():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT r.indicator_id, SUM(r.value), COUNT(*) FROM monitoring_realization r "
                "JOIN monitoring_reportingperiod p ON p.id = r.period_id "
                "WHERE r.is_current AND r.state = 'verified' AND p.year = 2026 GROUP BY r.indicator_id"
            )
            return cursor.fetchall()

    def timed(function, runs=5):
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            result = function()
            times.append((time.perf_counter() - started) * 1000)
        return statistics.median(times), len(result)

    engine_ms, engine_n = timed(engine)
    named_ms, _named_n = timed(engine_named)
    bare_ms, bare_n = timed(bare)
    FIGURES["engine_ms"], FIGURES["bare_ms"], FIGURES["ratio"] = engine_ms, bare_ms, engine_ms / bare_ms
    FIGURES["engine_named_ms"] = named_ms
    print(f"{'every achievement of the government':<44}{'':<10}{engine_ms:>10.0f} ms for {engine_n} indicators")
    print(f"{'the same with every name and unit':<44}{'':<10}{named_ms:>10.0f} ms (ratio {named_ms / bare_ms:.2f})")
    print(
        f"{'bare SQL aggregate (sum per indicator)':<44}{'':<10}{bare_ms:>10.0f} ms for {bare_n} indicators  (ratio {engine_ms / bare_ms:.2f})"
    )


def portal(agency) -> None:
    """The public portal, anonymous: each page computed (cache emptied before every request), cached, and
    stale (past its time, served as kept while a refresh another visitor claimed computes it)."""
    from django.core.cache import cache
    from django.utils import translation

    from kinerja.portal import pages as kept_pages
    from kinerja.portal import selectors as portal_selectors

    client = Client()
    government = Government.objects.get()
    latest = portal_selectors.public_years(government)[0]
    pages = [
        ("portal: overview (2026)", "/publik/?year=2026", "home", 2026),
        ("portal: agencies (2026)", "/publik/opd/?year=2026", "agencies", 2026),
        ("portal: one agency (2026)", f"/publik/opd/{agency.code}/?year=2026", f"agency:{agency.pk}", 2026),
        ("portal: projects", "/publik/proyek/", "projects", latest),
        ("portal: directives (2026)", "/publik/arahan/?year=2026", "directives", 2026),
        ("portal: realisasi.csv (2026)", "/publik/data/realisasi.csv?year=2026", None, 2026),  # streamed, not kept
    ]
    for name, url, page, year in pages:
        key = kept_pages._key(page or "", government.pk, year, translation.get_language() or "id")

        def stale(key=key):
            entry = cache.get(key)
            if entry is not None:
                cache.set(key, (0, entry[1]), 600)
                cache.set(f"{key}:refresh", 1, 600)  # the refresh is claimed: this visitor is served as kept

        states = [("computed", cache.clear), ("cached", None)] + ([("stale", stale)] if page else [])
        for state, before in states:
            median, p95, queries = timing.measure(client, url, REPEAT, before=before)
            print(f"{name:<44}{state:<10}{median:>10.1f}{p95:>9.1f}{queries:>9}")


def main() -> None:
    generate()
    generate_monitoring()
    generate_evidence()
    agency = Agency.objects.order_by("code")[AGENCIES // 2]
    program = PlanNode.objects.filter(agency=agency, kind="program").order_by("code").first()
    print(
        f"\n== {SCALE}x: {Agency.objects.count()} agencies, {PlanNode.objects.count()} nodes, {Indicator.objects.count()} indicators, {Target.objects.count()} targets"
    )
    # The governor, for the leader's home (added here so that a database generated before it has one too).
    leader, created = User.objects.get_or_create(username="leader")
    if created:
        Membership.objects.create(user=leader, government=Government.objects.get(), role=Role.LEADER)
    print(f"{'page':<44}{'user':<10}{'median ms':>10}{'p95 ms':>9}{'queries':>9}")
    if os.environ.get("BENCH_ONLY") == "portal":  # the portal alone: make bench-portal
        portal(agency)
        return
    # BENCH_ONLY=home measures the leader's home alone.
    only_home = os.environ.get("BENCH_ONLY") == "home"
    for username in ("leader",) if only_home else ("planner", "operator", "leader"):
        client = Client()
        client.force_login(User.objects.get(username=username))
        if username == "leader":
            pages = [
                ("leader's home (2026)", "/?year=2026"),
                ("leader's home, one agency (2026)", f"/?year=2026&agency={agency.code}"),
            ]
            for name, url in pages:
                median, p95, queries = measure(client, url)
                print(f"{name:<44}{username:<10}{median:>10.1f}{p95:>9.1f}{queries:>9}")
            # The first request after a write computes the figures again: measured with the cache off.
            from django.test import override_settings

            with override_settings(LEADER_HOME_CACHE_SECONDS=0, DASHBOARD_CACHE_SECONDS=0):
                median, p95, queries = measure(client, "/?year=2026")
            print(f"{'leader home, computed (cache off)':<44}{username:<10}{median:>10.1f}{p95:>9.1f}{queries:>9}")
            continue
        pages = [
            ("tree page of one agency", f"/plan/?agency={agency.code}"),
            ("tree page (top of the plan)", "/plan/"),
            ("node detail (a program)", f"/plan/nodes/{program.pk}/"),
            ("API node list of one agency", f"/api/v1/plan-nodes/?agency={agency.code}"),
            ("API node list (first page, all)", "/api/v1/plan-nodes/"),
            ("agency dashboard (2026)", f"/dashboard/agencies/{agency.code}/?year=2026"),
        ]
        if username == "planner":
            pages.append(("government overview (2026)", "/dashboard/?year=2026"))
            pages.append(("reality check (2026)", "/cek-realitas/?year=2026"))
            pages.append(("API reality check (2026)", "/api/v1/reality-check/?year=2026"))
        for name, url in pages:
            median, p95, queries = measure(client, url)
            if name.startswith("government overview"):
                FIGURES["overview"] = {"median": median, "p95": p95, "queries": queries}
            print(f"{name:<44}{username:<10}{median:>10.1f}{p95:>9.1f}{queries:>9}")
        if username == "planner":
            # The overview and the reality check are kept until the next audited write (kinerja.core.cache):
            # the first request after a write computes them, measured here with the cache off.
            from django.test import override_settings

            for name, url in pages[-3:]:
                with override_settings(DASHBOARD_CACHE_SECONDS=0):
                    median, p95, queries = measure(client, url)
                if name.startswith("government overview"):
                    FIGURES["overview_computed"] = {"median": median, "p95": p95, "queries": queries}
                label = f"{name}, computed"
                print(f"{label:<44}{username:<10}{median:>10.1f}{p95:>9.1f}{queries:>9}")
    if not only_home:
        compute_all()
        # The figures bench/run.py compares across the scales (goals: see its summary).
        (ROOT / "var" / f"bench-figures-{connection.vendor}-{SCALE}x.json").write_text(json.dumps(FIGURES))
        portal(agency)


main()
