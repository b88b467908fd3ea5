"""Excel workbooks of the registry and of the IGA submission (formula-safe through core.spreadsheets)."""

from openpyxl import Workbook
from openpyxl.styles import Font

from kinerja.core.spreadsheets import append_row, workbook_bytes
from kinerja.innovation.choices import URUSAN_NAMES

BOLD = Font(bold=True)


def _header(sheet, titles) -> None:
    append_row(sheet, titles)
    for cell in sheet[sheet.max_row]:
        cell.font = BOLD


def _date(value):
    return value.strftime("%d-%m-%Y") if value else ""


def _measures_sheet(workbook, innovations, changes) -> None:
    sheet = workbook.create_sheet("Memangkas birokrasi")
    _header(sheet, ["Inovasi", "Perangkat daerah", "Layanan", "Ukuran", "Sebelum", "Sesudah", "Satuan",
                    "Pemangkasan (%)", "Bukti"])  # fmt: skip
    for innovation in innovations:
        for change, rows in changes.get(innovation.pk, []):
            for row in rows:
                evidence = row.measure.evidence_link or row.measure.evidence_name
                append_row(sheet, [innovation.name, innovation.agency.short_name, change.service, row.label,
                                   row.before, row.after, row.unit, row.cut, evidence])  # fmt: skip


def registry_workbook(innovations, changes) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Inovasi"
    _header(sheet, ["No", "Nama inovasi", "Perangkat daerah", "Unit layanan", "Bentuk", "Urusan", "Inisiator",
                    "Jenis", "Tahapan", "Inisiatif", "Uji coba", "Penerapan", "Anggaran (Rp)", "Penanggung jawab",
                    "Telaah", "Replikasi dari"])  # fmt: skip
    for number, i in enumerate(innovations, start=1):
        append_row(sheet, [
            number, i.name, i.agency.name, i.service_unit.name if i.service_unit else "", i.get_form_display(),
            f"{i.urusan} {URUSAN_NAMES.get(i.urusan, '')}", i.get_initiator_display(),
            "Digital" if i.is_digital else "Non digital", i.get_stage_display(), _date(i.initiated_on),
            _date(i.trial_on), _date(i.implemented_on), i.budget, i.person_in_charge, i.get_review_state_display(),
            i.adopted_from.name if i.adopted_from else "",
        ])  # fmt: skip
    _measures_sheet(workbook, innovations, changes)
    return workbook_bytes(workbook)


def iga_workbook(report, claims, changes) -> bytes:
    """The province's entry in the layout of the IGA submission: profile of each innovation at penerapan, its
    indicator levels with evidence and scores, the bureaucracy cuts, and the readiness summary."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Profil inovasi"
    _header(sheet, ["No", "Nama inovasi", "Perangkat daerah", "Tahapan inovasi", "Inisiator", "Jenis inovasi",
                    "Bentuk inovasi daerah", "Urusan pemerintahan", "Waktu uji coba", "Waktu penerapan",
                    "Rancang bangun", "Jumlah kata rancang bangun", "Tujuan", "Manfaat", "Hasil inovasi",
                    "Anggaran (Rp)", "Video", "Skor klaim", "Skor terverifikasi", "Memenuhi syarat", "Catatan"])  # fmt: skip
    innovations = [entry["innovation"] for entry in report.entries]
    for number, entry in enumerate(report.entries, start=1):
        i, found = entry["innovation"], entry["scores"]
        notes = "; ".join(c.explanation for c in entry["checks"] if not c.ok)
        append_row(sheet, [
            number, i.name, i.agency.name, i.get_stage_display(), i.get_initiator_display(),
            "Digital" if i.is_digital else "Non Digital", i.get_form_display(),
            f"{i.urusan} {URUSAN_NAMES.get(i.urusan, '')}", _date(i.trial_on), _date(i.implemented_on), i.design,
            i.design_words, i.goals, i.benefits, i.results, i.budget, i.video_url, found.claimed, found.verified,
            "Ya" if entry["eligible"] else "Tidak", notes,
        ])  # fmt: skip
    indicators = workbook.create_sheet("Indikator")
    _header(indicators, ["Nama inovasi", "No indikator", "Indikator", "Bobot", "Parameter", "Uraian parameter",
                         "Skor", "Status", "Catatan penelaah", "Data pendukung"])  # fmt: skip
    names = {i.pk: i.name for i in innovations}
    for claim in sorted(claims, key=lambda c: (names.get(c.innovation_id, ""), c.indicator.number)):
        ind = claim.indicator
        append_row(indicators, [
            names.get(claim.innovation_id, ""), ind.number, ind.name, ind.weight, claim.level,
            dict(ind.levels)[claim.level], ind.weight * claim.level, claim.get_state_display(), claim.review_note,
            claim.evidence_link or claim.evidence_name,
        ])  # fmt: skip
    _measures_sheet(workbook, innovations, changes)
    summary = workbook.create_sheet("Kesiapan")
    append_row(summary, ["Katalog", report.catalogue.name])
    for label, count in report.by_stage:
        append_row(summary, [str(label), count])
    append_row(summary, ["Urusan pelayanan dasar tanpa inovasi", ", ".join(name for _c, name in report.basic_without)])
    append_row(summary, ["Indeks indikatif (SID)", report.indicative_index, str(report.band_label)])
    return workbook_bytes(workbook)
