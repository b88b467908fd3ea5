"""Demo data of the organisation: the Province of South Sumatra, its regions, agencies, units and users.

Facts come from docs/sumsel.md; agencies whose name was not confirmed in a public source
are marked illustrative. Loading is idempotent: every record is found by its natural key first.
"""

from django.conf import settings
from django.contrib.auth.hashers import make_password

from kinerja.core.choices import AgencyKind, GovernmentKind, RegionKind, Role, ServiceUnitKind
from kinerja.core.models import Agency, Government, Membership, Region, ServiceUnit, User

ILLUSTRATIVE_NOTE = "ilustrasi: nama lazim perangkat daerah provinsi, belum dikonfirmasi dari sumber publik"

REGIONS = [
    ("16.01", "1601", "Kab. Ogan Komering Ulu", RegionKind.REGENCY),
    ("16.02", "1602", "Kab. Ogan Komering Ilir", RegionKind.REGENCY),
    ("16.03", "1603", "Kab. Muara Enim", RegionKind.REGENCY),
    ("16.04", "1604", "Kab. Lahat", RegionKind.REGENCY),
    ("16.05", "1605", "Kab. Musi Rawas", RegionKind.REGENCY),
    ("16.06", "1606", "Kab. Musi Banyuasin", RegionKind.REGENCY),
    ("16.07", "1607", "Kab. Banyuasin", RegionKind.REGENCY),
    ("16.08", "1609", "Kab. Ogan Komering Ulu Timur", RegionKind.REGENCY),
    ("16.09", "1608", "Kab. Ogan Komering Ulu Selatan", RegionKind.REGENCY),
    ("16.10", "1610", "Kab. Ogan Ilir", RegionKind.REGENCY),
    ("16.11", "1611", "Kab. Empat Lawang", RegionKind.REGENCY),
    ("16.12", "1612", "Kab. Penukal Abab Lematang Ilir", RegionKind.REGENCY),
    ("16.13", "1613", "Kab. Musi Rawas Utara", RegionKind.REGENCY),
    ("16.71", "1671", "Kota Palembang", RegionKind.CITY),
    ("16.72", "1673", "Kota Pagar Alam", RegionKind.CITY),
    ("16.73", "1674", "Kota Lubuklinggau", RegionKind.CITY),
    ("16.74", "1672", "Kota Prabumulih", RegionKind.CITY),
]

# (code, name, short name, kind, parent code, confirmed in a public source)
AGENCIES = [
    ("setda", "Sekretariat Daerah", "Setda", AgencyKind.SEKRETARIAT, None, True),
    ("biroumum", "Biro Umum dan Perlengkapan", "Biro Umum", AgencyKind.BIRO, "setda", True),
    ("birohumas", "Biro Hubungan Masyarakat dan Protokol", "Biro Humas", AgencyKind.BIRO, "setda", True),
    ("biropem", "Biro Pemerintahan dan Otonomi Daerah", "Biro Pemotda", AgencyKind.BIRO, "setda", True),
    ("birohukum", "Biro Hukum", "Biro Hukum", AgencyKind.BIRO, "setda", True),
    ("biroekon", "Biro Perekonomian", "Biro Perekonomian", AgencyKind.BIRO, "setda", True),
    ("biroorg", "Biro Organisasi", "Biro Organisasi", AgencyKind.BIRO, "setda", False),
    ("setwan", "Sekretariat DPRD", "Setwan", AgencyKind.SEKRETARIAT, None, True),
    ("inspektorat", "Inspektorat Daerah", "Inspektorat", AgencyKind.INSPEKTORAT, None, True),
    ("bappeda", "Badan Perencanaan Pembangunan Daerah", "Bappeda", AgencyKind.BADAN, None, False),
    ("bpkad", "Badan Pengelolaan Keuangan dan Aset Daerah", "BPKAD", AgencyKind.BADAN, None, False),
    ("bapenda", "Badan Pendapatan Daerah", "Bapenda", AgencyKind.BADAN, None, False),
    ("bkd", "Badan Kepegawaian Daerah", "BKD", AgencyKind.BADAN, None, True),
    ("bpsdmd", "Badan Pengembangan Sumber Daya Manusia Daerah", "BPSDMD", AgencyKind.BADAN, None, True),
    ("kesbangpol", "Badan Kesatuan Bangsa dan Politik", "Kesbangpol", AgencyKind.BADAN, None, True),
    ("bpbd", "Badan Penanggulangan Bencana Daerah", "BPBD", AgencyKind.BADAN, None, False),
    ("brida", "Badan Riset dan Inovasi Daerah", "BRIDA", AgencyKind.BADAN, None, False),
    ("disdik", "Dinas Pendidikan", "Disdik", AgencyKind.DINAS, None, False),
    ("dinkes", "Dinas Kesehatan", "Dinkes", AgencyKind.DINAS, None, False),
    ("dpubmtr", "Dinas Pekerjaan Umum Bina Marga dan Tata Ruang", "PUBMTR", AgencyKind.DINAS, None, False),
    ("dpupsda", "Dinas Pekerjaan Umum Pengelolaan Sumber Daya Air", "PUPSDA", AgencyKind.DINAS, None, False),
    ("disperkim", "Dinas Perumahan dan Kawasan Permukiman", "Perkim", AgencyKind.DINAS, None, True),
    ("satpolpp", "Satuan Polisi Pamong Praja", "Satpol PP", AgencyKind.SATUAN, None, True),
    ("dinsos", "Dinas Sosial", "Dinsos", AgencyKind.DINAS, None, False),
    ("disnakertrans", "Dinas Ketenagakerjaan dan Transmigrasi", "Disnakertrans", AgencyKind.DINAS, None, True),
    ("dp3a", "Dinas Pemberdayaan Perempuan dan Perlindungan Anak", "DP3A", AgencyKind.DINAS, None, False),
    ("dispangan", "Dinas Ketahanan Pangan", "Dispangan", AgencyKind.DINAS, None, False),
    ("dlhp", "Dinas Lingkungan Hidup dan Pertanahan", "DLHP", AgencyKind.DINAS, None, True),
    ("dpmd", "Dinas Pemberdayaan Masyarakat dan Desa", "DPMD", AgencyKind.DINAS, None, True),
    ("dishub", "Dinas Perhubungan", "Dishub", AgencyKind.DINAS, None, True),
    ("diskominfo", "Dinas Komunikasi dan Informatika", "Diskominfo", AgencyKind.DINAS, None, True),
    ("diskukm", "Dinas Koperasi dan Usaha Kecil Menengah", "Diskop UKM", AgencyKind.DINAS, None, False),
    ("dpmptsp", "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu", "DPMPTSP", AgencyKind.DINAS, None, True),
    ("dispora", "Dinas Pemuda dan Olahraga", "Dispora", AgencyKind.DINAS, None, False),
    ("dispus", "Dinas Perpustakaan", "Dispus", AgencyKind.DINAS, None, False),
    ("disarsip", "Dinas Kearsipan", "Disarsip", AgencyKind.DINAS, None, False),
    ("dkp", "Dinas Kelautan dan Perikanan", "DKP", AgencyKind.DINAS, None, False),
    ("disbudpar", "Dinas Kebudayaan dan Pariwisata", "Disbudpar", AgencyKind.DINAS, None, True),
    ("dtphp", "Dinas Tanaman Pangan dan Hortikultura", "DTPH", AgencyKind.DINAS, None, False),
    ("disbun", "Dinas Perkebunan", "Disbun", AgencyKind.DINAS, None, False),
    ("disnakkeswan", "Dinas Peternakan dan Kesehatan Hewan", "Disnakkeswan", AgencyKind.DINAS, None, False),
    ("dishut", "Dinas Kehutanan", "Dishut", AgencyKind.DINAS, None, False),
    ("desdm", "Dinas Energi dan Sumber Daya Mineral", "ESDM", AgencyKind.DINAS, None, False),
    ("disdag", "Dinas Perdagangan", "Disdag", AgencyKind.DINAS, None, True),
    ("disperin", "Dinas Perindustrian", "Disperin", AgencyKind.DINAS, None, True),
]

# (code, name, agency, kind, region code, confirmed)
SERVICE_UNITS = [
    ("rsud-siti-fatimah", "RSUD Siti Fatimah", "dinkes", ServiceUnitKind.HOSPITAL, "16.71", True),
    ("rs-ernaldi-bahar", "RS Ernaldi Bahar", "dinkes", ServiceUnitKind.HOSPITAL, "16.71", True),
    (
        "ptsp-provinsi",
        "Layanan Perizinan Terpadu Satu Pintu Provinsi",
        "dpmptsp",
        ServiceUnitKind.LICENSING,
        "16.71",
        False,
    ),
    (
        "cabdin-palembang",
        "Cabang Dinas Pendidikan Wilayah Palembang",
        "disdik",
        ServiceUnitKind.SCHOOL_OFFICE,
        "16.71",
        False,
    ),
    (
        "cabdin-muara-enim",
        "Cabang Dinas Pendidikan Wilayah Muara Enim",
        "disdik",
        ServiceUnitKind.SCHOOL_OFFICE,
        "16.03",
        False,
    ),
    ("samsat-palembang-1", "UPTD Samsat Palembang I", "bapenda", ServiceUnitKind.OTHER, "16.71", False),
]

# (username, name, position, role)
GOVERNMENT_USERS = [
    ("admin", "Administrator Kinerja", "Administrator sistem", Role.ADMIN),
    ("gubernur", "H. Herman Deru", "Gubernur Sumatera Selatan", Role.LEADER),
    ("wagub", "H. Cik Ujang", "Wakil Gubernur Sumatera Selatan", Role.LEADER),
    ("sekda", "Drs. H. Edward Candra", "Sekretaris Daerah Provinsi Sumatera Selatan", Role.LEADER),
    ("bappeda", "Perencana Bappeda", "Perencana Ahli Muda, Bappeda", Role.PLANNER),
    ("inspektorat", "Auditor Inspektorat", "Auditor Ahli Muda, Inspektorat Daerah", Role.INSPECTOR),
    ("biro.organisasi", "Analis Biro Organisasi", "Analis Kelembagaan, Biro Organisasi", Role.SERVICE_QUALITY),
    ("brida", "Peneliti BRIDA", "Peneliti Ahli Muda, Badan Riset dan Inovasi Daerah", Role.BRIDA),
]


def load(*, stdout) -> Government:
    government, _ = Government.objects.get_or_create(
        code="16",
        defaults={
            "name": "Pemerintah Provinsi Sumatera Selatan",
            "kind": GovernmentKind.PROVINCE,
            "head_title": "Gubernur",
            "head_name": "H. Herman Deru",
            "capital": "Palembang",
        },
    )
    for code, bps_code, name, kind in REGIONS:
        Region.objects.get_or_create(
            government=government, code=code, defaults={"name": name, "bps_code": bps_code, "kind": kind}
        )
    agencies = {}
    for code, name, short, kind, parent, confirmed in AGENCIES:
        agencies[code], _ = Agency.objects.get_or_create(
            government=government,
            code=code,
            defaults={
                "name": name,
                "short_name": short,
                "kind": kind,
                "parent": agencies.get(parent),
                "head_position": f"Kepala {name}",
                "is_illustrative": not confirmed,
                "note": "" if confirmed else ILLUSTRATIVE_NOTE,
            },
        )
    regions = {r.code: r for r in Region.objects.filter(government=government)}
    for code, name, agency, kind, region, confirmed in SERVICE_UNITS:
        ServiceUnit.objects.get_or_create(
            government=government,
            code=code,
            defaults={
                "name": name,
                "agency": agencies[agency],
                "kind": kind,
                "region": regions[region],
                "is_illustrative": not confirmed,
            },
        )
    _users(government, agencies)
    stdout.write(f"  organisation: {len(agencies)} agencies, {len(regions)} regions")
    return government


def _users(government: Government, agencies: dict[str, Agency]) -> None:
    # One hash for every demo account keeps loading fast; the password is public and refused in production.
    password = make_password(settings.DEMO_PASSWORD)
    for username, name, position, role in GOVERNMENT_USERS:
        user, created = User.objects.get_or_create(
            username=username, defaults={"first_name": name, "position": position, "password": password}
        )
        if username == "admin" and created:
            user.is_staff = user.is_superuser = True
            user.save(update_fields=["is_staff", "is_superuser"])
        home = {"bappeda": "bappeda", "inspektorat": "inspektorat", "biro.organisasi": "biroorg"}.get(username)
        Membership.objects.get_or_create(user=user, government=government, role=role, agency=None)
        if home and role not in (Role.PLANNER, Role.INSPECTOR, Role.SERVICE_QUALITY):
            Membership.objects.get_or_create(user=user, government=government, role=role, agency=agencies[home])
    for code, agency in agencies.items():
        for suffix, role, label in (("kepala", Role.AGENCY_HEAD, "Kepala"), ("operator", Role.OPERATOR, "Operator")):
            user, _ = User.objects.get_or_create(
                username=f"{code}.{suffix}",
                defaults={
                    "first_name": f"{label} {agency.short_name}",
                    "position": f"{label} {agency.name}" if suffix == "kepala" else f"Operator Kinerja {agency.name}",
                    "password": password,
                },
            )
            Membership.objects.get_or_create(user=user, government=government, role=role, agency=agency)


def logins() -> list[tuple[str, str]]:
    """Return (username, what they may do) for the demo logins printed by ``make demo``."""
    rows = [(u, str(Role(r).label)) for u, _n, _p, r in GOVERNMENT_USERS]
    rows += [("<opd>.kepala", str(Role.AGENCY_HEAD.label)), ("<opd>.operator", str(Role.OPERATOR.label))]
    return rows
