"""The PDF of a performance agreement or an integrity pact, rendered with WeasyPrint from the frozen content.

The last page carries the places for the signatures (filled by pyHanko), the QR code and the short code of
the public verification page. Nothing is fetched while rendering."""

from django.utils import translation

from kinerja.core.numbers import format_rupiah
from kinerja.core.pdf import qr_data_uri, render_pdf
from kinerja.integrity.choices import DocumentKind
from kinerja.integrity.content import agreement_rows
from kinerja.integrity.models import SignedDocument

INTEGRITY_PACT_POINTS = (
    "Berperan secara pro aktif dalam upaya pencegahan dan pemberantasan Korupsi, Kolusi dan Nepotisme serta "
    "tidak melibatkan diri dalam perbuatan tercela;",
    "Tidak meminta atau menerima pemberian secara langsung atau tidak langsung berupa suap, hadiah, bantuan, "
    "atau bentuk lainnya yang tidak sesuai dengan ketentuan yang berlaku;",
    "Bersikap transparan, jujur, obyektif, dan akuntabel dalam melaksanakan tugas;",
    "Menghindari pertentangan kepentingan (conflict of interest) dalam pelaksanaan tugas;",
    "Memberi contoh dalam kepatuhan terhadap peraturan perundang-undangan dalam melaksanakan tugas, terutama "
    "kepada pegawai yang berada di bawah pengawasan saya dan sesama pegawai di lingkungan kerja saya secara "
    "konsisten;",
    "Akan menyampaikan informasi penyimpangan integritas di {institution} serta turut menjaga kerahasiaan "
    "saksi atas pelanggaran peraturan yang dilaporkannya;",
    "Bila saya melanggar hal-hal tersebut di atas, saya siap menghadapi konsekuensinya.",
)

MONTHS = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
          "November", "Desember")  # fmt: skip


def rupiah(value: str | None) -> str:
    """An amount of the frozen content to the whole rupiah, the Indonesian way (the document is in Indonesian)."""
    with translation.override("id"):
        return format_rupiah(value)


def document_pdf(document: SignedDocument, link: str) -> bytes:
    """The document's PDF (always in Indonesian: the legal text), with its verification QR code."""
    date = document.document_date
    institution = document.agency.name if document.agency_id else document.government.name
    budgets = [{**b, "amount": rupiah(b["budget"])} for b in document.content.get("budgets", [])]
    context = {
        "doc": document,
        "is_pact": document.kind == DocumentKind.INTEGRITY_PACT,
        "is_government": document.kind == DocumentKind.PK_GOVERNMENT,
        "institution": institution,
        "date_text": f"{date.day} {MONTHS[date.month - 1]} {date.year}" if date else "",
        "budgets": budgets,
        "total_budget": rupiah(document.content.get("total_budget")),
        "pact_points": [p.format(institution=institution) for p in INTEGRITY_PACT_POINTS],
        "link": link,
        "qr": qr_data_uri(link),
    }
    with translation.override("id"):
        context["rows"] = agreement_rows(document, with_empty_nodes=True)
        return render_pdf("integrity/pdf/document.html", context)
