"""The IID 2026 catalogue of per-innovation (SID) indicators, as docs/regulations.md (IID) records it.

Numbers, names and weights are those of the 2026 catalogue (Surat Kepala BSKDN 400.10.11/1887/BSKDN,
29 April 2026, as transcribed by an open IID input tool); the weights add up to 37, so 37 × 3 = 111, the
published maximum per innovation. The source gives the parameter ranges of indicators 28 and 29 (all three
levels), of 33 for one of its six bases (spending efficiency) and level 2 of 34 (an SKM report); those texts
follow it. Every other parameter text, every evidence text and the mandatory flags are Kinerja's own
wording and decision (the source gives none of them; see docs/regulations.md); compare them with the year's
pedoman before a submission. Mandatory: the legal basis (PP 38/2017 asks an innovation to be set by a
decision) and the video the assessment reviews.

A new year is a new catalogue: this data is installed by migration 0002 (0004 corrected indicator 33's
level 3 to the source's range while the catalogue was unused) and never edited afterwards.
"""

import datetime

YEAR = 2026
NAME = "Indeks Inovasi Daerah 2026 — indikator Satuan Inovasi Daerah"
REGULATION = "Surat Kepala BSKDN 400.10.11/1887/BSKDN, 29 April 2026"
WINDOW = (datetime.date(2024, 1, 1), datetime.date(2025, 12, 31))
MIN_DESIGN_WORDS = 300
BANDS = [
    ["65.00", "sangat_inovatif", "Sangat Inovatif"],
    ["40.00", "inovatif", "Inovatif"],
    ["0", "kurang_inovatif", "Kurang Inovatif"],
]

# (number, name, weight, level 1, level 2, level 3, evidence required, mandatory)
INDICATORS = [
    (16, "Regulasi inovasi daerah", 3,
     "SK Kepala Perangkat Daerah", "SK Kepala Daerah", "Peraturan Kepala Daerah / Peraturan Daerah",
     "Dokumen SK / Perkada / Perda penetapan inovasi", True),
    (17, "Ketersediaan SDM terhadap inovasi daerah", 2,
     "1–10 SDM", "11–30 SDM", "Lebih dari 30 SDM",
     "SK tim atau daftar SDM pelaksana", False),
    (18, "Dukungan anggaran", 2,
     "Anggaran dialokasikan pada tahun berjalan", "Anggaran dialokasikan dua tahun berturut-turut",
     "Anggaran dialokasikan tiga tahun berturut-turut atau lebih",
     "Dokumen anggaran (DPA) yang memuat kegiatan inovasi", False),
    (19, "Alat kerja", 2,
     "Tersedia alat kerja manual", "Tersedia alat kerja dengan dukungan teknologi sebagian",
     "Tersedia alat kerja berbasis teknologi informasi terintegrasi",
     "Foto atau daftar sarana dan prasarana", False),
    (20, "Bimtek inovasi", 1,
     "Bimtek dilaksanakan satu kali", "Bimtek dilaksanakan dua kali", "Bimtek dilaksanakan tiga kali atau lebih",
     "Undangan, daftar hadir, dokumentasi bimtek", False),
    (21, "Program dan kegiatan inovasi dalam RKPD", 2,
     "Termuat dalam RKPD tahun berjalan", "Termuat dalam RKPD dua tahun berturut-turut",
     "Termuat dalam RKPD tiga tahun berturut-turut atau lebih",
     "Dokumen RKPD yang memuat program/kegiatan inovasi", False),
    (22, "Keterlibatan aktor inovasi", 1,
     "Melibatkan satu sampai dua aktor", "Melibatkan tiga sampai empat aktor", "Melibatkan lima aktor atau lebih",
     "SK tim atau dokumen kerja sama para aktor", False),
    (23, "Pelaksana inovasi daerah", 1,
     "Ditetapkan dengan SK Kepala Perangkat Daerah", "Ditetapkan dengan SK Kepala Daerah",
     "Ditetapkan dengan SK Kepala Daerah dan melibatkan lintas perangkat daerah",
     "SK penetapan tim pelaksana", False),
    (24, "Jejaring inovasi", 1,
     "Melibatkan satu sampai dua perangkat daerah", "Melibatkan tiga sampai empat perangkat daerah",
     "Melibatkan lima perangkat daerah atau lebih",
     "Dokumen koordinasi atau kerja sama antarperangkat daerah", False),
    (25, "Sosialisasi inovasi daerah", 1,
     "Media sosial", "Media berita daring atau cetak", "Media elektronik (televisi, radio)",
     "Tautan atau dokumentasi publikasi", False),
    (26, "Pedoman teknis", 1,
     "Pedoman teknis berupa buku manual", "Pedoman teknis berupa buku dalam bentuk elektronik",
     "Pedoman teknis dapat diakses secara daring atau berupa video",
     "Dokumen atau tautan pedoman teknis", False),
    (27, "Informasi layanan", 1,
     "Layanan informasi melalui telepon atau tatap muka", "Layanan informasi melalui media sosial",
     "Layanan informasi melalui aplikasi daring",
     "Tangkapan layar atau dokumentasi kanal informasi", False),
    (28, "Kemudahan proses", 2,
     "Proses layanan 6 hari atau lebih", "Proses layanan 2–5 hari", "Proses layanan 1 hari",
     "Standar pelayanan dan bukti waktu layanan", False),
    (29, "Penyelesaian layanan pengaduan", 1,
     "Pengaduan diselesaikan paling banyak 50%", "Pengaduan diselesaikan 51–90%", "Pengaduan diselesaikan 91% atau lebih",
     "Rekapitulasi pengaduan dan tindak lanjutnya", False),
    (30, "Terintegrasi dengan program nasional", 2,
     "Terintegrasi dengan program perangkat daerah", "Terintegrasi dengan program pemerintah daerah",
     "Terintegrasi dengan program nasional",
     "Dokumen yang menunjukkan keterkaitan program", False),
    (31, "Replikasi", 3,
     "Direplikasi satu kali", "Direplikasi dua kali", "Direplikasi tiga kali atau lebih",
     "Dokumen replikasi oleh perangkat daerah atau daerah lain", False),
    (32, "Kecepatan penciptaan inovasi", 2,
     "Lebih dari 9 bulan dari inisiatif ke penerapan", "5–9 bulan dari inisiatif ke penerapan",
     "Paling lama 4 bulan dari inisiatif ke penerapan",
     "Dokumen tahapan inovasi dengan tanggalnya", False),
    (33, "Kemanfaatan inovasi", 3,
     "Manfaat 0,01–10% (misalnya efisiensi belanja)", "Manfaat 10,01–20%", "Manfaat 20,01–30%",
     "Data pembanding sebelum dan sesudah inovasi", False),
    (34, "Monitoring dan evaluasi inovasi daerah", 2,
     "Hasil pengukuran kepuasan pelayanan dari penggunaan inovasi (survei internal)",
     "Laporan survei kepuasan masyarakat (SKM)",
     "Hasil laporan monev eksternal berdasarkan kajian",
     "Laporan SKM atau monev", False),
    (35, "Video inovasi", 4,
     "Video tersedia tetapi tidak memuat substansi inovasi", "Video memuat sebagian substansi inovasi",
     "Video memuat substansi inovasi secara utuh (latar belakang, penerapan, manfaat)",
     "Tautan video (paling lama 5 menit)", True),
]  # fmt: skip


def install(Catalogue, CatalogueIndicator) -> None:
    """Create the 2026 catalogue and its indicators if missing (models passed in, so a migration can use it)."""
    if Catalogue.objects.filter(year=YEAR).exists():
        return
    catalogue = Catalogue.objects.create(
        year=YEAR, name=NAME, regulation=REGULATION, window_start=WINDOW[0], window_end=WINDOW[1],
        min_design_words=MIN_DESIGN_WORDS, bands=BANDS,
    )  # fmt: skip
    CatalogueIndicator.objects.bulk_create(
        [
            CatalogueIndicator(
                catalogue=catalogue,
                number=number,
                name=name,
                weight=weight,
                level_1=l1,
                level_2=l2,
                level_3=l3,
                evidence=evidence,
                mandatory=mandatory,
            )  # fmt: skip
            for number, name, weight, l1, l2, l3, evidence, mandatory in INDICATORS
        ]
    )
