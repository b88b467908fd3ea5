"""Demo innovations: a dozen illustrative innovations of the provincial agencies across the three stages.

The licensing office's online permit cuts steps, documents and days; the hospital's queue app cuts the
waiting time; others cover education, social services, transport and revenue. Each carries the before/after
of the services it changes (from its illustrative service standard), claims of IID levels, and the reviews
of Biro Organisasi and Bappeda. Most agencies have none (Dinas PU Bina Marga, for one, shows as a gap on the
readiness page), and so do three urusan of basic services. Every record is marked illustrative.
"""

import datetime
from decimal import Decimal

from kinerja.core.access import SYSTEM
from kinerja.core.models import Agency, Government, ServiceUnit
from kinerja.innovation import services
from kinerja.innovation.models import Catalogue, Innovation
from kinerja.planning.models import PlanNode

D = datetime.date

DESIGN = (
    "Latar belakang. Sebelum {name}, warga yang membutuhkan {service} harus datang langsung ke {place}, "
    "membawa berkas rangkap, antre sejak pagi, dan kembali beberapa kali untuk melengkapi persyaratan. "
    "Survei kepuasan masyarakat dan pengaduan yang masuk menunjukkan keluhan yang sama: prosedur panjang, "
    "persyaratan berulang, dan waktu penyelesaian yang tidak pasti. Permasalahan. Alur layanan melibatkan "
    "beberapa meja yang memeriksa dokumen yang sama, data pemohon dicatat ulang secara manual, dan pemohon "
    "tidak dapat mengetahui posisi berkasnya. Akibatnya waktu layanan melampaui standar pelayanan dan biaya "
    "yang ditanggung warga, terutama biaya perjalanan, menjadi tinggi. Solusi. {name} menyederhanakan alur "
    "layanan: tahapan yang tumpang tindih digabung, persyaratan yang sudah dimiliki pemerintah tidak lagi "
    "diminta dari warga, dan pemeriksaan dilakukan sekali oleh petugas yang ditunjuk. {channel} Setiap "
    "pemohon menerima nomor pelacakan sehingga dapat memantau status layanannya tanpa harus datang. "
    "Tahapan. Inovasi dirancang bersama petugas layanan, diuji coba pada satu unit layanan, dievaluasi "
    "berdasarkan data waktu layanan dan masukan pengguna, lalu diterapkan penuh dan ditetapkan dengan "
    "keputusan kepala perangkat daerah. Sumber daya. Pelaksana terdiri atas petugas front office, "
    "verifikator, dan pengelola data yang telah mengikuti bimbingan teknis. Anggaran berasal dari sub "
    "kegiatan perangkat daerah dan tidak memerlukan belanja besar karena memanfaatkan sarana yang sudah "
    "tersedia. Keterlibatan. Inovasi melibatkan perangkat daerah terkait, pemerintah kabupaten/kota, dan "
    "perwakilan pengguna layanan yang memberi masukan pada masa uji coba. Pengukuran. Keberhasilan diukur "
    "dengan membandingkan jumlah tahapan, jumlah dokumen persyaratan, waktu layanan, dan biaya yang "
    "ditanggung warga sebelum dan sesudah inovasi, serta dengan Indeks Kepuasan Masyarakat unit layanan "
    "pada periode sebelum dan sesudah penerapan. Keberlanjutan. Prosedur baru dituangkan dalam standar "
    "pelayanan yang dipublikasikan, petugas baru dilatih dengan pedoman teknis, dan hasil pemantauan "
    "dilaporkan setiap triwulan kepada pimpinan sehingga perbaikan dapat terus dilakukan. Replikasi. "
    "Perangkat daerah lain dan pemerintah kabupaten/kota dapat meniru inovasi ini karena tidak bergantung "
    "pada aplikasi khusus yang mahal dan prosedurnya terdokumentasi dengan baik."
)

# (agency, name, unit code, form, urusan, initiator, digital, stage, (initiated, trial, implemented), place,
#  service, channel, review: draft/submitted/reviewed/returned, measures {service: (time unit, steps, docs, time,
#  cost)}, claims {number: (level, accepted/returned/None)})
INNOVATIONS = [
    ("dpmptsp", "Izin Sumsel Daring", "ptsp-provinsi", "public_service", "2.18", "agency", True, "implementation",
     (D(2024, 6, 3), D(2024, 11, 4), D(2025, 7, 1)), "kantor layanan perizinan provinsi",
     "perizinan berusaha", "Permohonan, unggah berkas, pembayaran, dan tanda tangan elektronik dilakukan daring.",
     "reviewed",
     {"Izin usaha perdagangan": ("days", (9, 4), (11, 5), (14, 3), (350000, 0)),
      "Izin operasional klinik": ("days", (7, 3), (9, 4), (10, 4), (250000, 0))},
     {16: (3, "accepted"), 17: (2, "accepted"), 18: (2, "accepted"), 19: (3, "accepted"), 20: (2, "accepted"),
      21: (2, "accepted"), 25: (3, "accepted"), 26: (3, "accepted"), 27: (3, "accepted"), 28: (2, "accepted"),
      29: (3, "accepted"), 30: (2, None), 33: (3, "accepted"), 34: (2, "accepted"), 35: (2, "returned")}),
    ("dinkes", "Antrean Pasien Daring RSUD", "rsud-siti-fatimah", "public_service", "1.02", "asn", True,
     "implementation", (D(2025, 3, 3), D(2025, 8, 4), D(2026, 1, 5)), "loket pendaftaran rumah sakit",
     "pendaftaran rawat jalan", "Pasien mengambil nomor antrean dan jadwal poliklinik dari ponsel.", "reviewed",
     {"Pendaftaran rawat jalan": ("hours", (6, 3), (4, 2), (Decimal("3.5"), 1), (0, 0))},
     {16: (2, "accepted"), 17: (3, "accepted"), 19: (3, None), 28: (3, None), 35: (3, None)}),
    ("dinkes", "Rujukan Terintegrasi Puskesmas–RS", "rs-ernaldi-bahar", "public_service", "1.02", "agency", True,
     "trial", (D(2025, 9, 1), D(2026, 2, 2), None), "rumah sakit rujukan", "rujukan pasien",
     "Puskesmas mengirim rujukan dan rekam medis ringkas secara elektronik.", "submitted",
     {"Rujukan pasien": ("hours", (5, 2), (3, 1), (24, 4), (0, 0))}, {}),
    ("disdik", "Legalisasi Ijazah Daring", "cabdin-palembang", "public_service", "1.01", "asn", True,
     "implementation", (D(2024, 1, 8), D(2024, 4, 1), D(2024, 8, 5)), "kantor cabang dinas pendidikan",
     "legalisasi ijazah", "Alumni mengunggah ijazah dan menerima legalisasi bertanda tangan elektronik.",
     "reviewed",
     {"Legalisasi ijazah": ("days", (5, 2), (4, 1), (7, 1), (50000, 0))},
     {16: (2, "accepted"), 21: (2, "accepted"), 25: (2, "accepted"), 28: (3, "accepted"), 35: (3, "accepted")}),
    ("disdik", "Mutasi Siswa Satu Pintu", "cabdin-muara-enim", "public_service", "1.01", "agency", False,
     "initiative", (D(2026, 6, 1), None, None), "kantor cabang dinas pendidikan", "mutasi siswa",
     "Satu loket menerima dan memproses mutasi antar sekolah.", "draft", {}, {}),
    ("dinsos", "Layanan Disabilitas Jemput Bola", None, "public_service", "1.06", "head", False,
     "implementation", (D(2024, 2, 5), D(2024, 6, 3), D(2025, 1, 6)), "panti dan kantor dinas sosial",
     "rehabilitasi sosial penyandang disabilitas", "Petugas mendatangi keluarga untuk asesmen di rumah.",
     "returned",
     {"Asesmen rehabilitasi sosial": ("days", (6, 3), (6, 3), (21, 7), (150000, 0))},
     {16: (2, None), 22: (3, None)}),
    ("bapenda", "Samsat Keliling Desa", "samsat-palembang-1", "public_service", "2.18", "agency", False,
     "implementation", (D(2024, 3, 4), D(2024, 7, 1), D(2024, 10, 7)), "kantor Samsat",
     "pembayaran pajak kendaraan bermotor", "Mobil layanan Samsat hadir di desa terjadwal.", "reviewed",
     {"Pengesahan STNK tahunan": ("hours", (5, 3), (3, 3), (3, 1), (75000, 0))},
     {16: (3, "accepted"), 18: (3, "accepted"), 28: (3, "accepted"), 31: (2, "accepted"), 35: (3, None)}),
    ("dishub", "Uji KIR Terjadwal Daring", None, "public_service", "2.15", "asn", True, "trial",
     (D(2025, 5, 5), D(2025, 10, 6), None), "balai pengujian kendaraan", "uji berkala kendaraan",
     "Pemilik kendaraan memesan jadwal uji dan membayar retribusi daring.", "draft",
     {"Uji berkala kendaraan": ("hours", (7, 4), (5, 3), (6, 2), (100000, 87000))}, {}),
    ("diskominfo", "Satu Data Sumsel", None, "governance", "2.16", "agency", True, "implementation",
     (D(2024, 1, 15), D(2024, 5, 6), D(2025, 2, 3)), "perangkat daerah", "permintaan data sektoral",
     "Perangkat daerah mengisi dan mengambil data sektoral di satu portal.", "reviewed",
     {"Permintaan data sektoral": ("days", (4, 1), (2, 1), (5, 1), (0, 0))},
     {16: (3, "accepted"), 30: (3, "accepted"), 35: (2, "accepted")}),
    ("bkd", "Layanan Kenaikan Pangkat Tanpa Tatap Muka", None, "governance", "5.03", "asn", True,
     "implementation", (D(2024, 4, 1), D(2024, 8, 5), D(2025, 3, 3)), "kantor badan kepegawaian",
     "usul kenaikan pangkat", "Berkas kenaikan pangkat diusulkan dan diverifikasi daring.", "submitted",
     {"Usul kenaikan pangkat": ("days", (8, 3), (12, 5), (30, 10), (0, 0))},
     {16: (2, None), 28: (1, None), 35: (2, None)}),
    ("satpolpp", "Aduan Ketertiban Cepat", None, "public_service", "1.05", "public", True, "trial",
     (D(2025, 11, 3), D(2026, 3, 2), None), "markas satuan", "penanganan aduan ketertiban umum",
     "Warga melapor lewat nomor WhatsApp yang langsung diteruskan ke regu jaga.", "draft",
     {"Penanganan aduan": ("hours", (4, 2), (1, 0), (48, 6), (0, 0))}, {}),
    ("brida", "Klinik Inovasi Perangkat Daerah", None, "governance", "5.05", "agency", False, "initiative",
     (D(2026, 4, 6), None, None), "kantor BRIDA", "pendampingan inovasi", "", "draft", {}, {}),
]  # fmt: skip


def _measures(spec) -> dict:
    steps, documents, time, cost = spec
    found = {}
    for kind, (before, after) in (("steps", steps), ("documents", documents), ("time", time), ("cost", cost)):
        found[kind] = {"before": Decimal(before), "after": Decimal(after),
                       "evidence_link": "https://jdih.sumselprov.go.id/ilustrasi/standar-pelayanan"}  # fmt: skip
    return found


def load(*, stdout, government: Government) -> None:
    if Innovation.objects.filter(government=government).exists():
        stdout.write("  innovation: already loaded")
        return
    catalogue = Catalogue.objects.get(year=2026)
    indicators = {i.number: i for i in catalogue.indicators.all()}
    agencies = {a.code: a for a in Agency.objects.filter(government=government)}
    units = {u.code: u for u in ServiceUnit.objects.filter(government=government)}
    created = []
    for (code, name, unit, form, urusan, initiator, digital, stage, (initiated, trial, implemented), place, service,
         channel, review, changes, claims) in INNOVATIONS:  # fmt: skip
        agency = agencies[code]
        sub_activity = (
            PlanNode.objects.filter(government=government, agency=agency, kind="sub_activity").order_by("code").first()
        )
        text = DESIGN.format(name=name, service=service, place=place, channel=channel)
        innovation = services.innovation_save(
            user=SYSTEM, government=government, expected_version=None,
            data={
                "agency": agency, "name": name, "service_unit": units.get(unit), "form": form, "urusan": urusan,
                "initiator": initiator, "is_digital": digital, "stage": stage, "initiated_on": initiated,
                "trial_on": trial, "implemented_on": implemented, "sub_activity": sub_activity,
                "budget": Decimal(150_000_000) if sub_activity else None,
                "design": text if stage != "initiative" else text[:600],
                "goals": f"Memangkas birokrasi {service}: lebih sedikit tahapan dan persyaratan, lebih cepat.",
                "benefits": f"Warga mendapat layanan {service} lebih cepat dan tanpa biaya tambahan.",
                "results": "Waktu layanan turun sesuai standar pelayanan baru." if stage == "implementation" else "",
                "location": place.capitalize(), "person_in_charge": f"Kepala {agency.short_name}",
                "video_url": "https://video.sumselprov.go.id/ilustrasi" if stage == "implementation" else "",
            },
        )  # fmt: skip
        innovation.is_illustrative = True
        innovation.save(update_fields=["is_illustrative"])
        for service_name, (unit_of_time, *spec) in changes.items():
            services.change_save(user=SYSTEM, innovation=innovation, service=service_name, time_unit=unit_of_time,
                                 standard="Standar pelayanan (ilustrasi)", measures=_measures(spec))  # fmt: skip
        for number, (level, decision) in claims.items():
            link = "https://video.sumselprov.go.id/ilustrasi" if number == 35 else (
                "https://jdih.sumselprov.go.id/ilustrasi/keputusan" if number in (16, 23) else "")  # fmt: skip
            claim = services.claim_save(user=SYSTEM, innovation=innovation, indicator=indicators[number], level=level,
                                        evidence_link=link or "https://sumselprov.go.id/ilustrasi/bukti",
                                        expected_version=None)  # fmt: skip
            if decision:
                services.claim_review(user=SYSTEM, claim=claim, accept=decision == "accepted",
                                      expected_version=claim.lock_version,
                                      note="" if decision == "accepted" else "Video belum memuat manfaat bagi warga.")  # fmt: skip
        innovation.refresh_from_db()  # its services and measures raised its version
        if review != "draft":
            innovation = services.innovation_submit(user=SYSTEM, innovation=innovation,
                                                    expected_version=innovation.lock_version)  # fmt: skip
        if review in ("reviewed", "returned"):
            services.innovation_review(user=SYSTEM, innovation=innovation, accept=review == "reviewed",
                                       expected_version=innovation.lock_version,
                                       note="" if review == "reviewed" else "Lengkapi data pembanding sebelum/sesudah.")  # fmt: skip
        created.append(innovation)
    # Bapenda's mobile Samsat replicated by the licensing office's outreach (a replication linked to the original).
    original = next(i for i in created if i.name == "Samsat Keliling Desa")
    services.innovation_adopt(
        user=SYSTEM, original=original, agency=agencies["dpmptsp"],
        data={"name": "Gerai Perizinan Keliling", "initiated_on": D(2026, 2, 2), "person_in_charge": "Kepala DPMPTSP",
              "design": "Replikasi layanan keliling untuk perizinan di kabupaten/kota."},
    )  # fmt: skip
    stdout.write(f"  innovation: {len(created) + 1} innovations")
