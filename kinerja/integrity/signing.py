"""PAdES signatures with pyHanko: signing with a signer's own certificate, and verifying against trust roots.

Production: a signer's certificate comes from the national authority (BSrE). Kinerja takes a PKCS#12 file
and its passphrase for one signing act and keeps neither (the passphrase lives only in this call's memory),
or a remote signing service through ``RemoteSigningService`` (a BSrE API client subclasses it).
The demo's certificates come from ``python manage.py demo_ca`` and are not legally valid.
"""

import hashlib
import io
import logging
from dataclasses import dataclass, field
from pathlib import Path

from asn1crypto import x509 as asn1_x509
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PdfReadError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

logger = logging.getLogger(__name__)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class CertificateInfo:
    subject: str
    issuer: str
    serial: str
    sha256: str


def certificate_info(cert: asn1_x509.Certificate) -> CertificateInfo:
    return CertificateInfo(
        subject=cert.subject.human_friendly,
        issuer=cert.issuer.human_friendly,
        serial=format(cert.serial_number, "x"),
        sha256=sha256(cert.dump()),
    )


class Credential:
    """Something that signs: gives a pyHanko signer and the certificate it signs with."""

    def signer(self) -> signers.Signer:
        raise NotImplementedError


class Pkcs12Credential(Credential):
    """A PKCS#12 file (.p12/.pfx) and its passphrase, used for one signing act and then dropped."""

    def __init__(self, data: bytes, passphrase: str):
        self._data = data
        self._passphrase = passphrase

    def signer(self) -> signers.Signer:
        try:
            return signers.SimpleSigner.load_pkcs12_data(
                self._data, other_certs=[], passphrase=self._passphrase.encode() if self._passphrase else None
            )
        except (ValueError, TypeError) as error:
            raise ValidationError(
                {"certificate": _("The certificate file could not be opened: check the file and its passphrase.")}
            ) from error

    def __repr__(self) -> str:  # never show the passphrase, not even in a traceback's locals
        return "Pkcs12Credential(<hidden>)"


class RemoteSigningService(Credential):
    """A signing service holding the signer's key (such as BSrE's API): subclass and name it in
    ``SIGNING_REMOTE_SERVICE``. ``signer`` returns a pyHanko ``Signer`` whose ``async_sign_raw`` asks the
    service to sign the digest after the signer confirmed (OTP or passphrase sent to the service only)."""

    def __init__(self, user, secret: str):
        self.user = user
        self.secret = secret

    def __repr__(self) -> str:
        return f"{type(self).__name__}(<hidden>)"


def sign_pdf(
    pdf: bytes, credential: Credential, *, field_name: str, reason: str, location: str
) -> tuple[bytes, CertificateInfo]:
    """Add one PAdES signature as an incremental revision (earlier signatures stay valid).

    The signature field is invisible: the page already names the signers, with the QR code of the
    verification page, which shows who signed and when."""
    signer = credential.signer()
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    meta = signers.PdfSignatureMetadata(
        field_name=field_name,
        reason=reason,
        location=location,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
    )
    spec = fields.SigFieldSpec(sig_field_name=field_name)
    out = signers.sign_pdf(writer, meta, signer=signer, new_field_spec=spec)
    return out.getvalue(), certificate_info(signer.signing_cert)


def trust_roots() -> list[asn1_x509.Certificate]:
    """The configured roots of trust (``SIGNING_TRUST_ROOTS``: PEM or DER files)."""
    from pyhanko.keys import load_certs_from_pemder

    roots = []
    for path in settings.SIGNING_TRUST_ROOTS:
        if Path(path).exists():
            roots.extend(load_certs_from_pemder([str(path)]))
        else:
            logger.warning("trust root %s not found", path)
    return roots


@dataclass
class SignatureCheck:
    field_name: str
    signer: str
    issuer: str
    signed_at: str | None
    intact: bool
    valid: bool
    trusted: bool
    covers_whole_file: bool
    changed_after: bool  # later revisions go beyond adding signatures

    @property
    def ok(self) -> bool:
        return self.intact and self.valid and self.trusted and not self.changed_after


@dataclass
class PdfCheck:
    sha256: str
    readable: bool = True
    signatures: list[SignatureCheck] = field(default_factory=list)
    error: str = ""

    @property
    def all_signatures_ok(self) -> bool:
        return self.readable and bool(self.signatures) and all(s.ok for s in self.signatures)


def check_pdf(data: bytes) -> PdfCheck:
    """Validate every signature of a PDF against the trust roots (no network: revocation is not fetched)."""
    from pyhanko.sign.diff_analysis import ModificationLevel
    from pyhanko.sign.validation.errors import SignatureValidationError

    result = PdfCheck(sha256=sha256(data))
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        embedded = list(reader.embedded_signatures)
    except (PdfReadError, ValueError, KeyError, TypeError, IndexError) as error:
        result.readable, result.error = False, _("This file is not a readable PDF.")
        logger.info("unreadable PDF %s: %s", result.sha256, error)
        return result
    context = ValidationContext(trust_roots=trust_roots(), allow_fetching=False)
    for sig in embedded:
        try:
            status = validate_pdf_signature(sig, context)
        except (SignatureValidationError, PdfReadError, ValueError) as error:
            logger.info("signature %s not validated: %s", sig.field_name, error)
            result.signatures.append(SignatureCheck(sig.field_name, "?", "?", None, False, False, False, False, True))
            continue
        cert = status.signing_cert
        result.signatures.append(
            SignatureCheck(
                field_name=sig.field_name,
                signer=cert.subject.human_friendly if cert else "?",
                issuer=cert.issuer.human_friendly if cert else "?",
                signed_at=status.signer_reported_dt.isoformat() if status.signer_reported_dt else None,
                intact=bool(status.intact),
                valid=bool(status.valid),
                trusted=bool(status.trusted),
                covers_whole_file=status.coverage is not None and status.coverage.name == "ENTIRE_FILE",
                changed_after=status.modification_level is not None
                and status.modification_level > ModificationLevel.FORM_FILLING,
            )
        )
    return result


# pyHanko logs a full traceback when a chain does not reach a trust root; the result already says so.
logging.getLogger("pyhanko.sign.validation").setLevel(logging.CRITICAL)
logging.getLogger("pyhanko_certvalidator").setLevel(logging.CRITICAL)
