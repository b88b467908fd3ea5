"""Choices of the innovation registry (PP 38/2017 forms, initiators, stages) and the urusan list."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Form(models.TextChoices):
    """The three "bentuk inovasi" of PP 38/2017."""

    GOVERNANCE = "governance", _("Regional governance")
    PUBLIC_SERVICE = "public_service", _("Public service")
    OTHER = "other", _("Other, by government affair")


class Initiator(models.TextChoices):
    HEAD = "head", _("Regional head")
    DPRD = "dprd", _("DPRD member")
    ASN = "asn", _("ASN")
    AGENCY = "agency", _("Regional agency (OPD)")
    PUBLIC = "public", _("The public")


class Stage(models.TextChoices):
    """The stages of an innovation, in order; only innovations at penerapan are scored."""

    INITIATIVE = "initiative", _("Initiative")
    TRIAL = "trial", _("Trial")
    IMPLEMENTATION = "implementation", _("Implementation")


STAGE_ORDER = [Stage.INITIATIVE, Stage.TRIAL, Stage.IMPLEMENTATION]
STAGE_DATE_FIELD = {
    Stage.INITIATIVE: "initiated_on",
    Stage.TRIAL: "trial_on",
    Stage.IMPLEMENTATION: "implemented_on",
}


class ReviewState(models.TextChoices):
    """The review of an innovation's record by Biro Organisasi or Bappeda (the public catalogue shows reviewed ones)."""

    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Awaiting review")
    REVIEWED = "reviewed", _("Reviewed")
    RETURNED = "returned", _("Returned")


class ClaimState(models.TextChoices):
    SUBMITTED = "submitted", _("Awaiting review")
    ACCEPTED = "accepted", _("Accepted")
    RETURNED = "returned", _("Returned")


class MeasureKind(models.TextChoices):
    """What "memangkas birokrasi" is measured by, for each service an innovation changes."""

    STEPS = "steps", _("Steps")
    DOCUMENTS = "documents", _("Required documents")
    TIME = "time", _("Service time")
    COST = "cost", _("Cost to the citizen")


MEASURE_ORDER = [MeasureKind.STEPS, MeasureKind.DOCUMENTS, MeasureKind.TIME, MeasureKind.COST]


class TimeUnit(models.TextChoices):
    DAYS = "days", _("days")
    HOURS = "hours", _("hours")


# The bidang urusan of Permendagri 90/2019 a provincial innovation is filed under (code, name). The six of the
# first group are the urusan wajib pelayanan dasar (the six SPM of PP 2/2018) that the jumlah-inovasi score
# requires innovations to cover.
URUSAN = [
    ("1.01", "Pendidikan"),
    ("1.02", "Kesehatan"),
    ("1.03", "Pekerjaan Umum dan Penataan Ruang"),
    ("1.04", "Perumahan Rakyat dan Kawasan Permukiman"),
    ("1.05", "Ketenteraman, Ketertiban Umum, dan Pelindungan Masyarakat"),
    ("1.06", "Sosial"),
    ("2.07", "Tenaga Kerja"),
    ("2.08", "Pemberdayaan Perempuan dan Pelindungan Anak"),
    ("2.09", "Pangan"),
    ("2.10", "Pertanahan"),
    ("2.11", "Lingkungan Hidup"),
    ("2.12", "Administrasi Kependudukan dan Pencatatan Sipil"),
    ("2.13", "Pemberdayaan Masyarakat dan Desa"),
    ("2.14", "Pengendalian Penduduk dan Keluarga Berencana"),
    ("2.15", "Perhubungan"),
    ("2.16", "Komunikasi dan Informatika"),
    ("2.17", "Koperasi, Usaha Kecil, dan Menengah"),
    ("2.18", "Penanaman Modal"),
    ("2.19", "Kepemudaan dan Olahraga"),
    ("2.20", "Statistik"),
    ("2.21", "Persandian"),
    ("2.22", "Kebudayaan"),
    ("2.23", "Perpustakaan"),
    ("2.24", "Kearsipan"),
    ("3.25", "Kelautan dan Perikanan"),
    ("3.26", "Pariwisata"),
    ("3.27", "Pertanian"),
    ("3.28", "Kehutanan"),
    ("3.29", "Energi dan Sumber Daya Mineral"),
    ("3.30", "Perdagangan"),
    ("3.31", "Perindustrian"),
    ("3.32", "Transmigrasi"),
    ("4.01", "Sekretariat Daerah (penunjang)"),
    ("5.01", "Perencanaan (penunjang)"),
    ("5.02", "Keuangan (penunjang)"),
    ("5.03", "Kepegawaian (penunjang)"),
    ("5.04", "Pendidikan dan Pelatihan (penunjang)"),
    ("5.05", "Penelitian dan Pengembangan (penunjang)"),
    ("6.01", "Pengawasan (Inspektorat)"),
]
URUSAN_NAMES = dict(URUSAN)
BASIC_SERVICE_URUSAN = ["1.01", "1.02", "1.03", "1.04", "1.05", "1.06"]
