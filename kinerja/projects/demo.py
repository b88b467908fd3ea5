"""Demo projects, obstacles and the coordination meeting of 21 January 2026 (facts from docs/sumsel.md).

Pelabuhan Tanjung Carat (New Palembang Port) carries its public facts: 59.5 ha of land handed over on
31 October 2025, groundbreaking planned for January 2026, non-APBN financing (about Rp2.4 trillion;
the sources say 2.0–2.4). The other national strategic projects (PSN) of the 4 July 2024 list follow
with illustrative dates; three regional priority projects come from the governor's priority programs.
Monthly progress, funding splits, coordinates, obstacles and follow-ups are illustrative and marked so.
The meeting at Griya Agung issues the eight directives and commitments of the article to the agencies
it names; some are followed up.

The story is told on the day of the load: the monthly reports run to the last month of 2026 ended on
that day (``kinerja.core.periods``), health is assessed on that day, and an event of the story dated
after it (a milestone reached, an obstacle raised, a follow-up done, a directive reported) has not
happened yet and is left out.
"""

import datetime
import math
from decimal import Decimal

from django.utils import timezone

from kinerja.core.access import SYSTEM
from kinerja.core.models import Agency, Government, Region
from kinerja.core.periods import last_ended_month
from kinerja.projects import services
from kinerja.projects.choices import (
    Category,
    DirectiveStatus,
    Escalation,
    FundingSource,
    ObstacleCategory,
    ObstacleStatus,
    Phase,
    Sector,
    Severity,
)
from kinerja.projects.models import Obstacle, Project

D = datetime.date
T = Decimal(10) ** 12  # one trillion rupiah
B = Decimal(10) ** 9  # one billion rupiah
ILLUSTRATIVE = "Angka kemajuan, pembagian pendanaan dan koordinat bersifat ilustrasi."
YEAR = 2026  # the reports run to the last month of this year ended on the day of the load

# (code, name, agency, region, sector, phase, start, planned end, note)
PSN = [
    (
        "tol-kapal-betung",
        "Jalan Tol Kayu Agung–Palembang–Betung",
        "dpubmtr",
        "16.07",
        Sector.TRANSPORT,
        Phase.IMPLEMENTATION,
        D(2017, 1, 1),
        D(2027, 12, 31),
        "Ruas Kayuagung–Palembang beroperasi.",
    ),
    (
        "tol-betung-jambi",
        "Jalan Tol Betung (Sp. Sekayu)–Tempino–Jambi",
        "dpubmtr",
        "16.06",
        Sector.TRANSPORT,
        Phase.IMPLEMENTATION,
        D(2021, 1, 1),
        D(2028, 12, 31),
        "",
    ),
    (
        "tol-indralaya-muaraenim",
        "Jalan Tol Simpang Indralaya–Muara Enim",
        "dpubmtr",
        "16.10",
        Sector.TRANSPORT,
        Phase.IMPLEMENTATION,
        D(2019, 1, 1),
        D(2028, 12, 31),
        "Ruas Indralaya–Prabumulih beroperasi.",
    ),
    (
        "tol-lubuklinggau-bengkulu",
        "Jalan Tol Lubuklinggau–Curup–Bengkulu",
        "dpubmtr",
        "16.73",
        Sector.TRANSPORT,
        Phase.PREPARATION,
        D(2027, 1, 1),
        D(2030, 12, 31),
        "",
    ),
    (
        "ka-kertapati-lahat",
        "Kereta Api (logistik) Kertapati–Lahat",
        "dishub",
        "16.04",
        Sector.TRANSPORT,
        Phase.PREPARATION,
        D(2027, 1, 1),
        D(2030, 12, 31),
        "",
    ),
    (
        "lrt-sumsel",
        "LRT Sumatera Selatan",
        "dishub",
        "16.71",
        Sector.TRANSPORT,
        Phase.COMPLETED,
        D(2015, 10, 1),
        D(2018, 7, 31),
        "Beroperasi.",
    ),
    (
        "ki-tanjung-enim",
        "Kawasan Industri Tanjung Enim",
        "disperin",
        "16.03",
        Sector.ECONOMY,
        Phase.PREPARATION,
        D(2027, 1, 1),
        D(2030, 12, 31),
        "",
    ),
    (
        "bendungan-tiga-dihaji",
        "Bendungan Tiga Dihaji",
        "dpupsda",
        "16.09",
        Sector.WATER,
        Phase.IMPLEMENTATION,
        D(2019, 1, 1),
        D(2027, 12, 31),
        "",
    ),
    (
        "di-lematang",
        "Jaringan Irigasi DI Lematang",
        "dpupsda",
        "16.04",
        Sector.WATER,
        Phase.IMPLEMENTATION,
        D(2020, 1, 1),
        D(2027, 12, 31),
        "",
    ),
    (
        "di-komering",
        "Jaringan Irigasi DI Komering",
        "dpupsda",
        "16.08",
        Sector.WATER,
        Phase.IMPLEMENTATION,
        D(2020, 1, 1),
        D(2027, 12, 31),
        "",
    ),
    (
        "rdmp-plaju",
        "RDMP RU III Plaju",
        "desdm",
        "16.71",
        Sector.ENERGY,
        Phase.IMPLEMENTATION,
        D(2022, 1, 1),
        D(2028, 12, 31),
        "",
    ),
    (
        "green-refinery-plaju",
        "Green Refinery RU III Plaju",
        "desdm",
        "16.71",
        Sector.ENERGY,
        Phase.PREPARATION,
        D(2027, 1, 1),
        D(2029, 12, 31),
        "",
    ),
    (
        "dme-muaraenim",
        "Gasifikasi Batu Bara (DME) Muara Enim",
        "desdm",
        "16.03",
        Sector.ENERGY,
        Phase.PREPARATION,
        D(2027, 1, 1),
        D(2030, 12, 31),
        "",
    ),
    (
        "psel-palembang",
        "PSEL Kota Palembang",
        "dlhp",
        "16.71",
        Sector.WASTE,
        Phase.IMPLEMENTATION,
        D(2023, 1, 1),
        D(2027, 12, 31),
        "",
    ),
]

# Regional priority projects: (code, name, agency, region, sector, value, start, end, final deviation, milestones)
REGIONAL = [
    (
        "jalan-lahat-pagaralam",
        "Infrastruktur Tuntas: Peningkatan Jalan Provinsi Ruas Lahat–Pagar Alam",
        "dpubmtr",
        "16.04",
        Sector.TRANSPORT,
        185 * B,
        D(2026, 2, 1),
        D(2027, 6, 30),
        Decimal("-14.2"),
        [
            ("Penetapan pemenang tender", D(2026, 3, 15), D(2026, 3, 20)),
            ("Serah terima lahan", D(2026, 10, 14), None),
            ("Pengaspalan segmen 1 selesai", D(2027, 1, 31), None),
        ],
    ),
    (
        "pasar-prabumulih",
        "Revitalisasi Pasar Tradisional Kota Prabumulih",
        "disdag",
        "16.74",
        Sector.ECONOMY,
        42 * B,
        D(2026, 3, 1),
        D(2026, 12, 31),
        Decimal("-1.6"),
        [
            ("Kontrak ditandatangani", D(2026, 3, 10), D(2026, 3, 9)),
            ("Pedagang pindah ke tempat sementara", D(2026, 4, 30), D(2026, 5, 6)),
            ("Serah terima pekerjaan", D(2026, 12, 31), None),
        ],
    ),
    (
        "rs-siti-fatimah-berkat",
        "Program Berkat: Gedung Layanan Rawat Inap RSUD Siti Fatimah",
        "dinkes",
        "16.71",
        Sector.HEALTH,
        96 * B,
        D(2026, 1, 15),
        D(2027, 3, 31),
        Decimal("-3.9"),
        [("Kontrak ditandatangani", D(2026, 2, 10), D(2026, 2, 12)), ("Struktur atas selesai", D(2026, 11, 30), None)],
    ),
]


def _months(start: datetime.date, last: datetime.date):
    month = start.replace(day=1)
    while month <= last:
        yield month
        month = (month + datetime.timedelta(days=32)).replace(day=1)


def _plan(month: datetime.date, start: datetime.date, end: datetime.date) -> Decimal:
    """A planned S-curve: slow start, fast middle, slow end (cumulative percent at the end of ``month``)."""
    total = max(1, (end.year - start.year) * 12 + end.month - start.month + 1)
    done = (month.year - start.year) * 12 + month.month - start.month + 1
    x = min(1.0, done / total)
    value = 100 / (1 + math.exp(-10 * (x - 0.5)))
    low, high = 100 / (1 + math.exp(5)), 100 / (1 + math.exp(-5))
    return Decimal(str(round((value - low) / (high - low) * 100, 2))).max(Decimal(0)).min(Decimal(100))


def _happened(day: datetime.date | None, today: datetime.date) -> datetime.date | None:
    """``day`` if it is not after ``today`` (the load), else None: that part of the story has not happened yet."""
    return day if day is not None and day <= today else None


def _site_photos(project: Project, month: datetime.date) -> list:
    """The latest report's site photos (JPEG with EXIF, generated): one at the site in the month, one taken at
    the site two months earlier and filed again, one taken in the month but in Palembang, far from the site."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from kinerja.core.exif import jpeg_with_exif

    site = (float(project.latitude), float(project.longitude))
    earlier = (month.replace(day=1) - datetime.timedelta(days=40)).replace(day=14)
    shots = [
        ("Pematangan lahan dermaga (ilustrasi)", datetime.datetime.combine(month.replace(day=20), datetime.time(9)), site),
        ("Pemasangan tiang pancang (ilustrasi)", datetime.datetime.combine(earlier, datetime.time(10)), site),
        ("Rapat progres di kantor (ilustrasi)", datetime.datetime.combine(month.replace(day=22), datetime.time(14)), (-2.9761, 104.7754)),
    ]  # fmt: skip
    return [
        (
            SimpleUploadedFile(
                f"foto-{index}.jpg",
                jpeg_with_exif(
                    taken_at=taken, latitude=position[0], longitude=position[1], colour=(90 + 30 * index, 120, 80)
                ),
                content_type="image/jpeg",
            ),
            caption,
        )
        for index, (caption, taken, position) in enumerate(shots, start=1)
    ]


def _report_series(
    project: Project, final_deviation: Decimal, *, value: Decimal, today: datetime.date, curve_end=None, photos=False
) -> None:
    last = last_ended_month(YEAR, today)
    months = list(_months(project.start, D(YEAR, last, 1))) if last else []
    for index, month in enumerate(months, start=1):
        plan = _plan(month, project.start, curve_end or project.planned_end)
        share = Decimal(index) / Decimal(len(months))
        deviation = (final_deviation * share * share).quantize(Decimal("0.01"))
        actual = (plan + deviation).max(Decimal(0)).min(Decimal(100))
        financial = (value * actual / 100 * Decimal("0.85")).quantize(Decimal(1))
        narrative = (
            "Pekerjaan berjalan sesuai jadwal."
            if deviation > Decimal(-5)
            else "Pekerjaan tertinggal dari jadwal; lihat hambatan yang tercatat."
        )
        report = services.report_save(
            user=SYSTEM,
            expected_version=None,  # a new record
            project=project,
            month=month,
            physical_plan=plan,
            physical_actual=actual,
            financial=financial,
            narrative=f"{narrative} (ilustrasi)",
            photos=_site_photos(project, month) if photos and index == len(months) else (),
            today=today,
        )
        _filed_in_time(report, month)


def _filed_in_time(report, month: datetime.date) -> None:
    """Record a demo report as filed on the 5th of the month after (before the 10th it is due).

    The demo writes a year of reports on the day it is loaded; left at that day, every month would read
    "reported N days late". The story has them filed on time, month by month (illustrative record)."""
    from zoneinfo import ZoneInfo

    from kinerja.projects.models import ProgressReport

    following = (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=5)
    filed = datetime.datetime.combine(following, datetime.time(9, 0), tzinfo=ZoneInfo("Asia/Jakarta"))
    ProgressReport.objects.filter(pk=report.pk).update(created=min(filed, timezone.now()))


def load(*, stdout, government: Government) -> None:
    if Project.objects.filter(government=government).exists():
        stdout.write("  projects: already loaded")
        return
    agencies = {a.code: a for a in Agency.objects.filter(government=government)}
    regions = {r.code: r for r in Region.objects.filter(government=government)}
    today = timezone.localdate()  # the day the demo's story is told

    port = services.project_save(
        user=SYSTEM,
        expected_version=None,
        government=government,
        data={
            "code": "pelabuhan-tanjung-carat",
            "name": "Pelabuhan Tanjung Carat (New Palembang Port)",
            "description": (
                "Pelabuhan laut dalam (kedalaman alami 12–18 m) di ujung kawasan Tanjung Api-Api, tempat Sungai "
                "Banyuasin dan Musi bertemu Selat Bangka; terminal curah kering, curah cair dan multipurpose, "
                "terhubung ke jalan tol Sumsel–Lampung. PSN dengan penugasan, pembiayaan non-APBN (pemerintah, "
                "BUMN, BUMD, swasta). Diusulkan sebagai KEK Hilirisasi SDA; pelabuhan pengumpan Kertapati dan "
                "Sungai Lumpur. Konstruksi 3–4 tahun, target beroperasi penuh sebelum 2029."
            ),
            "category": Category.NATIONAL,
            "sector": Sector.TRANSPORT,
            "agency": agencies["dishub"],
            "partners": "Kementerian Perhubungan\nKementerian Investasi dan Hilirisasi/BKPM\nBUMN dan BUMD (penugasan)\nBadan usaha swasta",
            "region": regions.get("16.07"),
            "location": "Desa Sungsang, Kec. Banyuasin II",
            "latitude": Decimal("-2.366000"),
            "longitude": Decimal("104.917000"),
            "value": Decimal("2.4") * T,
            "start": D(2026, 1, 1),
            "planned_end": D(2029, 12, 31),
            "phase": Phase.IMPLEMENTATION,
            "key_outputs": "Lahan 59,5 ha (599.500 m²) siap bangun\nTerminal curah kering, curah cair dan multipurpose",
            "note": (
                "Fakta publik: lahan 59,5 ha diserahkan 31-10-2025; groundbreaking direncanakan Januari 2026; "
                "kebutuhan dana sekitar Rp2,4 T (sumber lain: sekitar Rp2 T). " + ILLUSTRATIVE
            ),
        },
        partner_agencies=[agencies[c] for c in ("biroekon", "bappeda", "dpubmtr", "bapenda") if c in agencies],
        fundings=[
            (FundingSource.BUMN, Decimal("1.2") * T, "penugasan (ilustrasi)"),
            (FundingSource.BUMD, Decimal("0.4") * T, "ilustrasi"),
            (FundingSource.PRIVATE, Decimal("0.8") * T, "ilustrasi"),
        ],
    )
    Project.objects.filter(pk=port.pk).update(is_illustrative=True)
    for title, planned, actual, note in (
        ("Serah terima lahan 59,5 ha", D(2025, 10, 31), D(2025, 10, 31), "Diserahkan 31-10-2025 (fakta publik)."),
        ("Groundbreaking", D(2026, 1, 31), D(2026, 1, 30), "Direncanakan Januari 2026; tanggal realisasi ilustrasi."),
        ("Skema pembiayaan non-APBN final", D(2026, 12, 31), None, "Ilustrasi."),
        ("Dermaga tahap I selesai", D(2028, 6, 30), None, "Ilustrasi."),
        ("Beroperasi penuh", D(2029, 12, 31), None, "Target sebelum 2029."),
    ):
        services.milestone_save(
            user=SYSTEM,
            expected_version=None,
            project=port,
            title=title,
            planned=planned,
            actual=_happened(actual, today),
            note=note,
            today=today,
        )
    # a warning: behind by 5 to 10 points; the physical plan follows the first phase (berth I by mid-2028)
    # its latest report's photos: one filed again from an earlier month, one taken far from the site
    _report_series(port, Decimal("-6.4"), value=port.value, today=today, curve_end=D(2028, 6, 30), photos=True)

    for code, name, agency, region, sector, phase, start, end, note in PSN:
        services.project_save(
            user=SYSTEM,
            expected_version=None,  # a new record
            government=government,
            data={
                "code": code,
                "name": name,
                "category": Category.NATIONAL,
                "sector": sector,
                "agency": agencies[agency],
                "region": regions.get(region),
                "value": Decimal(0),
                "start": start,
                "planned_end": end,
                "phase": phase,
                "partners": "Kementerian/lembaga pusat dan BUMN pelaksana",
                "note": (note + " " if note else "") + "PSN menurut rakor Kemenko Perekonomian 4-07-2024; "
                "tanggal dan status per proyek ilustrasi; nilai belum dicatat.",
            },
        )
    Project.objects.filter(government=government, category=Category.NATIONAL).update(is_illustrative=True)

    regional = {}
    for code, name, agency, region, sector, value, start, end, deviation, milestones in REGIONAL:
        project = services.project_save(
            user=SYSTEM,
            expected_version=None,  # a new record
            government=government,
            data={
                "code": code,
                "name": name,
                "category": Category.REGIONAL,
                "sector": sector,
                "agency": agencies[agency],
                "region": regions.get(region),
                "value": value,
                "start": start,
                "planned_end": end,
                "phase": Phase.IMPLEMENTATION,
                "note": "Proyek prioritas daerah (program prioritas gubernur). " + ILLUSTRATIVE,
            },
            fundings=[(FundingSource.APBD_PROVINCE, value, "ilustrasi")],
        )
        for title, planned, actual in milestones:
            services.milestone_save(
                user=SYSTEM,
                project=project,
                title=title,
                planned=planned,
                actual=_happened(actual, today),
                today=today,
                expected_version=None,
            )
        _report_series(project, deviation, value=value, today=today)
        regional[code] = project
    Project.objects.filter(government=government, category=Category.REGIONAL).update(is_illustrative=True)
    services.refresh_health(government=government, today=today)
    _obstacles(government, agencies, port, regional, today)
    # The daily step, so that the recorded levels (and their audit events) are those the dates give;
    # the pages derive the level from the dates anyway, whatever day the demo is looked at.
    services.escalate_obstacles(today=today)
    _meeting(government, agencies, port, today)
    stdout.write(
        f"  projects: {Project.objects.filter(government=government).count()} projects, "
        f"{Obstacle.objects.filter(government=government).count()} obstacles, 1 meeting with 8 directives"
    )


def _obstacles(government, agencies, port, regional, today: datetime.date) -> None:
    road = regional["jalan-lahat-pagaralam"]
    items = [
        (
            port,
            "dishub",
            "Skema pembiayaan non-APBN belum final",
            ObstacleCategory.BUDGET,
            Severity.HIGH,
            D(2026, 2, 16),
            "Kepala Dinas Perhubungan bersama Biro Perekonomian",
            ObstacleStatus.IN_PROGRESS,
            Escalation.GOVERNOR,
            [
                (
                    "Rapat koordinasi dengan Kementerian Perhubungan dan Kementerian Investasi",
                    "Dinas Perhubungan",
                    D(2026, 3, 31),
                    D(2026, 3, 24),
                    "Kesepakatan membentuk tim percepatan.",
                ),
                ("Finalisasi skema penugasan BUMD dan kemitraan swasta", "Biro Perekonomian", D(2026, 9, 30), None, ""),
            ],
        ),
        (
            port,
            "dishub",
            "Akses jalan penghubung ke jaringan tol belum ditetapkan",
            ObstacleCategory.COORDINATION,
            Severity.MEDIUM,
            D(2026, 6, 3),
            "Dinas PU Bina Marga dan Tata Ruang",
            ObstacleStatus.OPEN,
            Escalation.AGENCY,
            [
                (
                    "Kajian trase jalan akses bersama BUJT",
                    "Dinas PU Bina Marga dan Tata Ruang",
                    D(2026, 12, 15),
                    None,
                    "",
                )
            ],
        ),
        (
            road,
            "dpubmtr",
            "Pembebasan lahan tiga bidang belum selesai",
            ObstacleCategory.LAND,
            Severity.HIGH,
            D(2026, 5, 11),
            "Kepala Bidang Bina Marga",
            ObstacleStatus.IN_PROGRESS,
            Escalation.SEKDA,
            [
                (
                    "Musyawarah ganti rugi dengan pemilik lahan",
                    "Dinas PU Bina Marga dan Tata Ruang",
                    D(2026, 7, 31),
                    D(2026, 8, 12),
                    "Dua dari tiga pemilik sepakat.",
                ),
                ("Konsinyasi ganti rugi bidang ketiga di pengadilan negeri", "Biro Hukum", D(2026, 10, 31), None, ""),
            ],
        ),
        (
            road,
            "dpubmtr",
            "Curah hujan tinggi menghambat pengaspalan",
            ObstacleCategory.WEATHER,
            Severity.MEDIUM,
            D(2026, 3, 2),
            "Pejabat Pembuat Komitmen",
            ObstacleStatus.RESOLVED,
            Escalation.AGENCY,
            [
                (
                    "Penyesuaian jadwal kerja ke musim kemarau",
                    "Penyedia jasa",
                    D(2026, 4, 15),
                    D(2026, 4, 10),
                    "Jadwal direvisi.",
                )
            ],
        ),
        (
            None,
            "dinkes",
            "Pengadaan alat kesehatan RSUD tertunda karena katalog elektronik",
            ObstacleCategory.PROCUREMENT,
            Severity.MEDIUM,
            D(2026, 8, 20),
            "Sekretaris Dinas Kesehatan",
            ObstacleStatus.OPEN,
            Escalation.AGENCY,
            [("Konsultasi dengan LKPP tentang katalog", "Dinas Kesehatan", D(2026, 12, 20), None, "")],
        ),
    ]
    for project, agency, title, category, severity, raised, owner, state, level, follow_ups in items:
        if raised > today:
            continue  # not raised yet on the day of the load
        obstacle = services.obstacle_save(
            user=SYSTEM,
            expected_version=None,  # a new record
            agency=agencies[agency],
            today=today,
            data={
                "project": project,
                "title": title,
                "category": category,
                "severity": severity,
                "raised_on": raised,
                "owner": owner,
                "description": "Ilustrasi.",
            },
        )
        for action, responsible, due, done_on, outcome in follow_ups:
            services.follow_up_save(
                user=SYSTEM,
                obstacle=obstacle,
                action=action,
                responsible=responsible,
                due=due,
                done_on=_happened(done_on, today),
                outcome=outcome if _happened(done_on, today) else "",
                today=today,
            )
        resolved = state == ObstacleStatus.RESOLVED and _happened(RESOLVED_ON, today) is not None
        Obstacle.objects.filter(pk=obstacle.pk).update(
            status=ObstacleStatus.IN_PROGRESS if state == ObstacleStatus.RESOLVED and not resolved else state,
            resolved_on=RESOLVED_ON if resolved else None,
            escalation=level,
            is_illustrative=True,
            escalated_on=min(raised + datetime.timedelta(days=31 * (level - 1)), today) if level > 1 else None,
        )


RESOLVED_ON = D(2026, 4, 12)  # the day the demo's resolved obstacle was resolved


DIRECTIVES = [
    (
        "Setiap program dan kegiatan perangkat daerah selaras dengan visi pembangunan daerah (RPJMD 2025–2029) dan "
        "berorientasi pada hasil yang dirasakan masyarakat, bukan capaian administratif; Bappeda memeriksa keselarasannya.",
        "all",
        D(2026, 3, 31),
        False,
    ),
    (
        "Percepat pembangunan infrastruktur dan optimalkan Proyek Strategis Nasional (PSN) di Sumatera Selatan agar "
        "segera memberi nilai tambah ekonomi.",
        ["dpubmtr", "dpupsda", "dishub", "bappeda"],
        D(2026, 6, 30),
        False,
    ),
    (
        "Kenaikan indikator statistik harus sejalan dengan kenaikan kepuasan masyarakat, terutama pada pelayanan dasar; "
        "Biro Organisasi mengukur kepuasan.",
        ["disdik", "dinkes", "dpubmtr", "dpupsda", "disperkim", "satpolpp", "dinsos", "biroorg"],
        D(2026, 12, 31),
        False,
    ),
    (
        "Percepat proyek prioritas, antara lain pengelolaan kawasan Tanjung Carat yang dapat meningkatkan pendapatan daerah.",
        ["dishub", "bapenda", "biroekon", "bappeda"],
        D(2026, 6, 30),
        True,
    ),
    (
        "Lakukan inovasi pelayanan publik: pangkas birokrasi dan percepat layanan, meski tanpa anggaran besar; "
        "khususnya pelayanan perizinan terpadu satu pintu.",
        "all",
        D(2026, 9, 30),
        False,
    ),
    (
        'Pakta integritas adalah janji moral, bukan formalitas: tidak ada korupsi, kolusi, atau kelompok ("geng") yang '
        "menghambat profesionalisme birokrasi.",
        "all",
        D(2026, 12, 31),
        False,
    ),
    (
        "Wakil Gubernur mendampingi dan mengawasi kinerja perangkat daerah; Inspektorat mendukung.",
        ["inspektorat"],
        D(2026, 12, 31),
        False,
    ),
    (
        "Setiap kepala perangkat daerah menandatangani komitmen kerja 2026 (Perjanjian Kinerja dan Pakta Integritas).",
        "all",
        D(2026, 2, 28),
        False,
    ),
]
# Follow-ups reported in the demo: directive number → {agency code: (status, text, day)}.
REPORTED = {
    2: {
        "bappeda": (
            DirectiveStatus.DONE,
            "Daftar PSN dan proyek prioritas dipantau bulanan di Kinerja.",
            D(2026, 3, 5),
        ),
        "dpubmtr": (
            DirectiveStatus.IN_PROGRESS,
            "Percepatan pembebasan lahan jalan akses tol dikoordinasikan.",
            D(2026, 5, 20),
        ),
        "dishub": (DirectiveStatus.IN_PROGRESS, "Tim percepatan Tanjung Carat dibentuk.", D(2026, 4, 2)),
    },
    3: {
        "biroorg": (
            DirectiveStatus.CONTINUING,
            "SKM semester I dihitung untuk semua unit layanan dasar.",
            D(2026, 7, 15),
        ),
        "dinkes": (DirectiveStatus.IN_PROGRESS, "Survei kepuasan di RSUD dan puskesmas berjalan.", D(2026, 7, 1)),
    },
    4: {
        "bappeda": (DirectiveStatus.DONE, "Tanjung Carat masuk daftar proyek prioritas yang dipantau.", D(2026, 2, 10)),
        "dishub": (
            DirectiveStatus.IN_PROGRESS,
            "Rapat dengan Kemenhub dan Kementerian Investasi 24-03-2026.",
            D(2026, 3, 25),
        ),
        "biroekon": (DirectiveStatus.IN_PROGRESS, "Kajian skema penugasan BUMD.", D(2026, 6, 10)),
    },
    5: {
        "dpmptsp": (
            DirectiveStatus.CONTINUING,
            "Layanan perizinan daring dengan waktu tunggu dipangkas.",
            D(2026, 6, 30),
        )
    },
    6: {
        "inspektorat": (DirectiveStatus.CONTINUING, "Sosialisasi pakta integritas ke seluruh OPD.", D(2026, 3, 12)),
        "bkd": (DirectiveStatus.IN_PROGRESS, "Penilaian merit sistem berjalan.", D(2026, 5, 4)),
    },
    7: {"inspektorat": (DirectiveStatus.CONTINUING, "Pendampingan triwulanan bersama Wakil Gubernur.", D(2026, 4, 20))},
}
WAITING_AGREEMENT = {"dlhp", "dispangan", "satpolpp"}  # their 2026 agreements are not yet in force (integrity demo)


def _meeting(government, agencies, port, today: datetime.date) -> None:
    meeting = services.meeting_save(
        user=SYSTEM,
        government=government,
        data={
            "title": "Rapat Koordinasi Awal Tahun Anggaran 2026",
            "date": D(2026, 1, 21),
            "place": "Griya Agung, Palembang",
            "chair": "Gubernur Sumatera Selatan, H. Herman Deru",
            "other_attendees": "Wakil Gubernur H. Cik Ujang; Sekretaris Daerah Drs. H. Edward Candra; kepala perangkat daerah",
            "minutes": (
                "Sekretaris Daerah melaporkan bahwa 2025 adalah tahun fondasi RPJMD 2025–2029, sehingga 2026 menentukan "
                "tercapainya target jangka menengah; rapat mengevaluasi capaian dan memetakan hambatan perangkat daerah.\n\n"
                "Gubernur meminta kerja konkret, bukan laporan di atas kertas. Rapat ditutup dengan penandatanganan "
                "komitmen kerja 2026 oleh setiap kepala perangkat daerah."
            ),
        },
        attendees=list(agencies.values()),
    )
    all_agencies = sorted(agencies.values(), key=lambda a: a.code)
    for number, (text, concerned, due, about_port) in enumerate(DIRECTIVES, start=1):
        chosen = all_agencies if concerned == "all" else [agencies[c] for c in concerned if c in agencies]
        directive = services.directive_save(
            user=SYSTEM,
            meeting=meeting,
            number=number,
            text=text,
            due=due,
            agencies=chosen,
            project=port if about_port else None,
        )
        reported = dict(REPORTED.get(number, {}))
        if number == 8:
            reported = {
                a.code: (DirectiveStatus.IN_PROGRESS, "Perjanjian Kinerja menunggu tanda tangan.", D(2026, 2, 20))
                if a.code in WAITING_AGREEMENT
                else (
                    DirectiveStatus.DONE,
                    "Perjanjian Kinerja dan Pakta Integritas ditandatangani 21-01-2026.",
                    D(2026, 1, 21),
                )
                for a in chosen
            }
        if number == 1:
            reported = {
                a.code: (
                    DirectiveStatus.DONE,
                    "Renja 2026 diselaraskan dengan RPJMD; diperiksa Bappeda.",
                    D(2026, 3, 20),
                )
                for a in chosen[::2]
            }
        for assignment in directive.assignments.select_related("agency"):
            if assignment.agency.code in reported and reported[assignment.agency.code][2] <= today:
                state, report_text, day = reported[assignment.agency.code]
                services.assignment_report(
                    user=SYSTEM,
                    assignment=assignment,
                    status_value=state,
                    text=report_text,
                    today=day,
                    expected_version=assignment.lock_version,
                )
