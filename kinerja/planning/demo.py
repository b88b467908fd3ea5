"""Demo data of the performance tree: the RPJMD 2025–2029 of South Sumatra.

The vision is public (docs/sumsel.md); the exact mission text is not, so the missions, goals and
objectives are built from the 12 priority programs and marked illustrative, as are every baseline
and target. Programs, activities and sub-activities carry real SIPD codes of the loaded
nomenclature, with the official output indicators of the sub-activities.
"""

import re
from decimal import ROUND_HALF_UP, Decimal

from kinerja.core.access import SYSTEM
from kinerja.core.models import Agency, Government
from kinerja.planning import services
from kinerja.planning.choices import Accumulation, Frequency, IndicatorType, NodeKind, Polarity
from kinerja.planning.models import Indicator, NomenclatureItem, PlanNode, PlanPeriod
from kinerja.planning.nomenclature import load_nomenclature

NOTE = "ilustrasi: disusun dari 12 program prioritas RPJMD 2025–2029; teks resmi belum ditemukan"
TARGET_NOTE = "ilustrasi: baseline dan target dibuat untuk demo, bukan dari dokumen resmi"
YEARS = range(2025, 2030)

# Indicator tuple: (name, unit, polarity, baseline, final target[, final upper bound for a range]).
MISSIONS = [
    (
        "Mewujudkan sumber daya manusia yang sehat, cerdas, berdaya saing, dan berkeadilan",
        [
            (
                "Meningkatnya kualitas sumber daya manusia",
                [("Indeks Pembangunan Manusia", "poin", "positive", "73.18", "75.50")],
                [
                    (
                        "Meningkatnya derajat kesehatan masyarakat",
                        "dinkes",
                        [
                            ("Usia Harapan Hidup", "tahun", "positive", "70.90", "71.80"),
                            ("Prevalensi stunting pada balita", "%", "negative", "15.80", "10.00"),
                        ],
                    ),
                    (
                        "Meningkatnya akses dan mutu pendidikan menengah dan khusus",
                        "disdik",
                        [("Rata-rata Lama Sekolah", "tahun", "positive", "8.50", "9.20")],
                    ),
                    (
                        "Menurunnya kemiskinan dan meningkatnya perlindungan sosial",
                        "dinsos",
                        [("Persentase penduduk miskin", "%", "negative", "10.51", "8.50")],
                    ),
                ],
            )
        ],
    ),
    (
        "Mewujudkan infrastruktur yang tuntas, merata, dan terkoneksi antarwilayah",
        [
            (
                "Meningkatnya kualitas dan pemerataan infrastruktur wilayah",
                [("Indeks Infrastruktur Wilayah", "poin", "positive", "62.00", "70.00")],
                [
                    (
                        "Meningkatnya kemantapan jalan provinsi",
                        "dpubmtr",
                        [("Persentase jalan provinsi dalam kondisi mantap", "%", "positive", "78.50", "90.00")],
                    ),
                    (
                        "Meningkatnya konektivitas dan keselamatan transportasi",
                        "dishub",
                        [("Angka kecelakaan lalu lintas per 10.000 kendaraan", "kejadian", "negative", "4.20", "3.00")],
                    ),
                    (
                        "Meningkatnya kualitas perumahan dan kawasan permukiman",
                        "disperkim",
                        [
                            (
                                "Persentase rumah tangga yang menempati rumah layak huni",
                                "%",
                                "positive",
                                "62.00",
                                "70.00",
                            )
                        ],
                    ),
                ],
            )
        ],
    ),
    (
        "Mewujudkan perekonomian daerah yang tangguh, mandiri pangan, dan berdaya saing",
        [
            (
                "Meningkatnya pertumbuhan ekonomi yang inklusif",
                [
                    ("Laju pertumbuhan ekonomi", "%", "positive", "5.10", "5.80"),
                    ("Tingkat inflasi", "%", "range", "2.50", "1.50", "3.50"),
                ],
                [
                    (
                        "Menurunnya tingkat pengangguran",
                        "disnakertrans",
                        [("Tingkat Pengangguran Terbuka", "%", "negative", "3.86", "3.20")],
                    ),
                    (
                        "Meningkatnya realisasi investasi",
                        "dpmptsp",
                        [("Nilai realisasi investasi", "Rp triliun", "positive", "28.00", "40.00")],
                    ),
                    (
                        "Meningkatnya ketahanan pangan",
                        "dispangan",
                        [("Skor Pola Pangan Harapan", "poin", "positive", "88.00", "92.00")],
                    ),
                ],
            )
        ],
    ),
    (
        "Mewujudkan tata kelola pemerintahan yang berintegritas, akuntabel, dan melayani",
        [
            (
                "Terwujudnya tata kelola pemerintahan yang baik",
                [("Indeks Reformasi Birokrasi", "poin", "positive", "72.00", "80.00")],
                [
                    (
                        "Meningkatnya kemandirian fiskal daerah",
                        "bapenda",
                        [("Pendapatan Asli Daerah", "Rp triliun", "positive", "4.60", "6.20")],
                    ),
                    (
                        "Meningkatnya akuntabilitas kinerja pemerintah daerah",
                        "bappeda",
                        [("Nilai evaluasi SAKIP", "poin", "positive", "72.00", "80.00")],
                    ),
                    (
                        "Meningkatnya ketenteraman dan ketertiban umum",
                        "satpolpp",
                        [
                            (
                                "Persentase gangguan ketenteraman dan ketertiban umum yang tertangani",
                                "%",
                                "positive",
                                "85.00",
                                "100.00",
                            )
                        ],
                    ),
                    (
                        "Meningkatnya kualitas pelayanan publik",
                        None,
                        [("Indeks Kepuasan Masyarakat", "poin", "positive", "80.00", "86.00")],
                    ),
                ],
            )
        ],
    ),
    (
        "Mewujudkan kehidupan masyarakat yang religius, toleran, dan berbudaya",
        [
            (
                "Meningkatnya kerukunan dan ketahanan sosial budaya",
                [("Indeks Kerukunan Umat Beragama", "poin", "positive", "75.00", "80.00")],
                [
                    (
                        "Meningkatnya kerukunan dan toleransi masyarakat",
                        "kesbangpol",
                        [("Persentase konflik sosial yang tertangani", "%", "positive", "90.00", "100.00")],
                    ),
                ],
            )
        ],
    ),
]

# Programs per agency: (program code, outcome indicator). The agency's support program (bidang.01) is added too.
PROGRAMS = {
    "disdik": (
        "1.01",
        [
            ("1.01.02", ("Angka Partisipasi Kasar SMA/SMK/SLB", "%", "positive", "86.00", "92.00")),
            ("1.01.04", ("Persentase guru SMA/SMK/SLB bersertifikat pendidik", "%", "positive", "70.00", "85.00")),
        ],
    ),
    "dinkes": (
        "1.02",
        [
            ("1.02.02", ("Angka kematian ibu per 100.000 kelahiran hidup", "kasus", "negative", "105.00", "85.00")),
            (
                "1.02.03",
                ("Persentase puskesmas dengan sembilan jenis tenaga kesehatan", "%", "positive", "60.00", "85.00"),
            ),
        ],
    ),
    "dpubmtr": (
        "1.03",
        [
            ("1.03.10", ("Persentase panjang jalan provinsi yang ditangani", "%", "positive", "20.00", "35.00")),
            ("1.03.12", ("Persentase kesesuaian pemanfaatan ruang", "%", "positive", "70.00", "85.00")),
        ],
    ),
    "disperkim": (
        "1.04",
        [("1.04.02", ("Persentase rumah tidak layak huni yang ditangani", "%", "positive", "10.00", "30.00"))],
    ),
    "satpolpp": ("1.05", [("1.05.02", ("Persentase penegakan peraturan daerah", "%", "positive", "80.00", "95.00"))]),
    "dinsos": (
        "1.06",
        [
            (
                "1.06.04",
                ("Persentase PPKS dalam panti yang terpenuhi kebutuhan dasarnya", "%", "positive", "90.00", "100.00"),
            ),
            (
                "1.06.05",
                ("Persentase korban bencana yang menerima perlindungan sosial", "%", "positive", "95.00", "100.00"),
            ),
        ],
    ),
    "disnakertrans": (
        "2.07",
        [
            ("2.07.03", ("Persentase lulusan pelatihan kerja yang bekerja", "%", "positive", "45.00", "65.00")),
            ("2.07.04", ("Persentase pencari kerja yang ditempatkan", "%", "positive", "30.00", "45.00")),
        ],
    ),
    "dispangan": (
        "2.09",
        [
            # already at 91 in 2024, yet planned to end at 90 (an unambitious target)
            ("2.09.03", ("Skor konsumsi pangan beragam", "poin", "positive", "91.00", "90.00")),
            ("2.09.04", ("Persentase desa rawan pangan", "%", "negative", "8.00", "4.00")),
        ],
    ),
    "dishub": (
        "2.15",
        [
            ("2.15.02", ("Persentase angkutan umum yang laik jalan", "%", "positive", "70.00", "90.00")),
            (
                "2.15.03",
                ("Jumlah pelabuhan pengumpan regional yang beroperasi", "pelabuhan", "positive", "3.00", "6.00"),
            ),
        ],
    ),
    "dpmptsp": (
        "2.18",
        [
            ("2.18.04", ("Persentase izin yang terbit tepat waktu", "%", "positive", "85.00", "98.00")),
            ("2.18.03", ("Jumlah minat investasi yang ditindaklanjuti", "proyek", "positive", "20.00", "40.00")),
        ],
    ),
    "bappeda": (
        "5.01",
        [
            ("5.01.02", ("Persentase konsistensi program RKPD terhadap RPJMD", "%", "positive", "85.00", "100.00")),
            ("5.01.03", ("Persentase rekomendasi evaluasi yang ditindaklanjuti", "%", "positive", "60.00", "90.00")),
        ],
    ),
    "bapenda": (
        "5.02",
        [("5.02.04", ("Rasio PAD terhadap total pendapatan daerah", "%", "positive", "38.00", "45.00"))],
    ),
    # Mission 5 (religious, tolerant, cultured) is Kesbangpol's: without programs of its own the mission held
    # no sub-activity, hence no value, and the leader's home showed it empty.
    "kesbangpol": (
        "8.01",
        [
            (
                "8.01.05",
                ("Persentase organisasi kemasyarakatan yang aktif dan terbina", "%", "positive", "60.00", "80.00"),
            ),
            ("8.01.06", ("Persentase potensi konflik sosial yang tertangani dini", "%", "positive", "75.00", "95.00")),
        ],
    ),
}

# Units that measure (a share, a length, a weight, an index, money): their values keep two decimals. Every other
# unit counts something (Dokumen, Laporan, Orang, Unit, pelabuhan, proyek …): whole numbers, no decimals.
MEASURED_UNITS = {"%", "km", "m", "meter", "ha", "ton", "kg", "liter", "m³/hari", "poin", "indeks", "tahun"}
# "Angka kematian ibu per 100.000 kelahiran hidup", "Rasio PAD …": a rate, not a count, whatever its unit.
RATE = re.compile(r"\bper\b|^(angka|rasio)\b", re.IGNORECASE)


def precision_for(unit: str, name: str = "") -> int:
    """The decimal places of an indicator in ``unit``: 0 for a count ("Jumlah …", documents, people), 2 for a
    measure, a rate or money."""
    unit = (unit or "").strip().lower()
    if unit in MEASURED_UNITS or unit.startswith("rp"):
        return 2
    if name.lower().startswith("jumlah"):
        return 0
    return 2 if RATE.search(name) else 0


# Key indicators that count work done rather than its outcome (type process): the reality check asks for an
# outcome there. And targets set below what was already reached (the 2024 baseline): the reality check's
# unambitious targets.
PROCESS_INDICATORS = {"Persentase gangguan ketenteraman dan ketertiban umum yang tertangani"}


def _series(baseline: Decimal, final: Decimal, places: int = 2) -> dict[int, Decimal]:
    """Targets that move evenly from the baseline (2024) to the final target (2029), to ``places`` decimals."""
    step = (final - baseline) / Decimal(len(YEARS))
    quantum = Decimal(1).scaleb(-places)
    return {year: (baseline + step * (i + 1)).quantize(quantum, rounding=ROUND_HALF_UP) for i, year in enumerate(YEARS)}


# National standards the LKjIP compares with (Bab III A) and the portal shows, on a few health and education
# indicators. ILLUSTRATIVE: the values are of the order of the RPJMN 2025–2029 targets and the SPM, set here for
# the demo; they are not quoted from the documents and must not be cited.
NATIONAL_STANDARDS = {
    "Usia Harapan Hidup": ("74.00", "Target nasional RPJMN 2025–2029 (ilustratif)"),
    "Prevalensi stunting pada balita": ("14.20", "Target nasional RPJMN 2025–2029 (ilustratif)"),
    "Angka kematian ibu per 100.000 kelahiran hidup": ("122.00", "Target nasional RPJMN 2025–2029 (ilustratif)"),
    "Rata-rata Lama Sekolah": ("8.85", "Rata-rata nasional (ilustratif)"),
    "Angka Partisipasi Kasar SMA/SMK/SLB": ("100.00", "SPM pendidikan menengah, Permendikbud 32/2018 (ilustratif)"),
}


def _indicator(node: PlanNode, spec, *, indicator_type: str, agency: Agency | None) -> None:
    name, unit, polarity, baseline, final, *high = spec
    if Indicator.objects.filter(node=node, name=name).exists():
        return
    baseline, final = Decimal(baseline), Decimal(final)
    final_high = Decimal(high[0]) if high else None
    if name in PROCESS_INDICATORS:
        indicator_type = IndicatorType.PROCESS
    standard, standard_source = NATIONAL_STANDARDS.get(name, (None, ""))
    indicator = services.indicator_create(
        user=SYSTEM,
        node=node,
        name=name,
        unit=unit,
        polarity=polarity,
        indicator_type=indicator_type,
        frequency=Frequency.ANNUAL if indicator_type == IndicatorType.OUTCOME else Frequency.QUARTERLY,
        accumulation=Accumulation.LAST if indicator_type == IndicatorType.OUTCOME else Accumulation.SUM,
        baseline=baseline if polarity != Polarity.RANGE else None,
        baseline_year=2024,
        precision=precision_for(unit, name),
        is_key=node.kind in (NodeKind.GOAL, NodeKind.OBJECTIVE),
        responsible_agency_id=agency.pk if agency else None,
        data_source="BPS Provinsi Sumatera Selatan"
        if indicator_type == IndicatorType.OUTCOME
        else "Laporan perangkat daerah",
        definition=TARGET_NOTE,
        final_target=final,
        final_target_high=final_high,
        national_standard=Decimal(standard) if standard else None,
        national_standard_source=standard_source,
        is_illustrative=True,
    )
    if polarity == Polarity.RANGE:
        for year in YEARS:
            services.target_set(
                user=SYSTEM, indicator=indicator, year=year, value=final, value_high=final_high, expected_version=None
            )
    else:
        for year, value in _series(baseline, final, indicator.precision).items():
            services.target_set(user=SYSTEM, indicator=indicator, year=year, value=value, expected_version=None)


def _node(period, parent, *, title, code="", agency=None, illustrative=True, note=NOTE, with_output=False) -> PlanNode:
    kind = NodeKind.VISION if parent is None else None
    existing = PlanNode.objects.filter(period=period, parent=parent, title=title).first()
    if code:
        existing = PlanNode.objects.filter(period=period, agency=agency, code=code).first() or existing
    if existing:
        return existing
    return services.node_create(
        user=SYSTEM,
        period=period,
        parent=parent,
        kind=kind,
        code=code,
        title=title,
        agency=agency,
        is_illustrative=illustrative,
        note=note,
        with_output_indicator=with_output,
    )


def load(*, stdout, government: Government) -> PlanPeriod:
    version, _ = load_nomenclature()
    period, _ = PlanPeriod.objects.get_or_create(
        government=government,
        kind="rpjmd",
        start_year=2025,
        version=1,
        agency=None,
        defaults={
            "name": "RPJMD Provinsi Sumatera Selatan 2025–2029",
            "end_year": 2029,
            "legal_basis": "Perda RPJMD 2025–2029 (nomor belum ditemukan)",
        },
    )
    agencies = {a.code: a for a in Agency.objects.filter(government=government)}
    vision = _node(
        period,
        None,
        title="Sumsel Maju Terus untuk Semua",
        illustrative=False,
        note="sumber: Tribun Sumsel 17-06-2025; harianmuba 16-06-2025",
    )
    objectives_by_agency: dict[str, PlanNode] = {}
    for mission_title, goals in MISSIONS:
        mission = _node(period, vision, title=mission_title)
        for goal_title, goal_indicators, objectives in goals:
            goal = _node(period, mission, title=goal_title)
            for spec in goal_indicators:
                _indicator(goal, spec, indicator_type=IndicatorType.OUTCOME, agency=agencies["bappeda"])
            for objective_title, agency_code, indicators in objectives:
                objective = _node(period, goal, title=objective_title)
                agency = agencies.get(agency_code) if agency_code else agencies["biroorg"]
                for spec in indicators:
                    _indicator(objective, spec, indicator_type=IndicatorType.OUTCOME, agency=agency)
                if agency_code:
                    objectives_by_agency[agency_code] = objective
    for agency_code, (bidang, programs) in PROGRAMS.items():
        agency = agencies[agency_code]
        objective = objectives_by_agency.get(agency_code) or objectives_by_agency["bappeda"]
        for program_code, outcome in [(f"{bidang}.01", None), *programs]:
            _program(period, objective, agency, program_code, outcome, version)
    nodes = PlanNode.objects.filter(period=period).count()
    indicators = Indicator.objects.filter(node__period=period).count()
    stdout.write(f"  plan: {period} with {nodes} nodes and {indicators} indicators")
    return period


def _items(version, level: str, prefix: str) -> list[NomenclatureItem]:
    generic = ".".join(["X", "XX", *prefix.split(".")[2:]]) if prefix.split(".")[2:3] == ["01"] else None
    items = NomenclatureItem.objects.filter(version=version, level=level, government_level__in=["provinsi", "all"])
    if generic:
        items = items.filter(code__startswith=generic + ".")
    else:
        items = items.filter(code__startswith=prefix + ".")
    return [i for i in items.order_by("code") if level == "program" or i.code.split(".")[3] == "1"]


def _program(period, objective, agency, program_code, outcome, version) -> None:
    program_item = services.nomenclature_lookup(government=period.government, kind=NodeKind.PROGRAM, code=program_code)
    program = _node(
        period, objective, title=program_item.name, code=program_code, agency=agency, illustrative=False, note=""
    )
    if outcome:
        _indicator(program, outcome, indicator_type=IndicatorType.OUTCOME, agency=agency)
    activity_count = 1 if program_code.endswith(".01") else 2
    for activity_item in _items(version, "kegiatan", program_code)[:activity_count]:
        # Generic X.XX.01 codes take the agency's bidang, as SIPD does in its budget documents.
        activity_code = program_code + activity_item.code[len(program_code) :]
        activity = _node(
            period, program, title=activity_item.name, code=activity_code, agency=agency, illustrative=False, note=""
        )
        for sub_item in _items(version, "sub_kegiatan", activity_code)[: 2 if program_code.endswith(".01") else 3]:
            sub_code = activity_code + sub_item.code[len(activity_code) :]
            sub = _node(
                period,
                activity,
                title=sub_item.name,
                code=sub_code,
                agency=agency,
                illustrative=False,
                note="",
                with_output=True,
            )
            for indicator in sub.indicators.all():
                if not indicator.targets.exists():
                    for i, year in enumerate(YEARS):
                        services.target_set(
                            user=SYSTEM,
                            indicator=indicator,
                            year=year,
                            value=Decimal(4 + 2 * i + len(sub_code) % 3),
                            expected_version=None,  # the indicator has no target yet
                        )
                    if not indicator.is_illustrative:
                        services.indicator_update(
                            user=SYSTEM,
                            indicator=indicator,
                            data={
                                "is_illustrative": True,
                                "definition": TARGET_NOTE,
                                "responsible_agency_id": agency.pk,
                                # the official output counts documents, people, units…: whole numbers
                                "precision": precision_for(indicator.unit, indicator.name),
                            },
                            expected_version=indicator.lock_version,
                        )
