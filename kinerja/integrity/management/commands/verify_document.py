from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kinerja.core.access import SYSTEM
from kinerja.integrity import services


class Command(BaseCommand):
    help = (
        "Verify a signed PDF: exit 0 when it is a file Kinerja issued and every signature on it is intact "
        "and trusted, 1 otherwise (with the reason)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the PDF file")

    def handle(self, *args, **options):
        path = Path(options["file"])
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"cannot read {path}: {error.strerror}") from error
        check, document, stage = services.verify(data, user=SYSTEM, source="command")
        self.stdout.write(f"SHA-256 {check.sha256}")
        if not check.readable:
            raise CommandError(check.error)
        for sig in check.signatures:
            verdict = "valid" if sig.ok else (
                "ALTERED" if not sig.intact else "INVALID" if not sig.valid else
                "UNTRUSTED CERTIFICATE" if not sig.trusted else "CHANGED AFTER SIGNING"
            )  # fmt: skip
            self.stdout.write(f"  {sig.field_name}: {sig.signer} ({sig.signed_at or '?'}): {verdict}")
        problems = []
        if document is None:
            problems.append("not a file Kinerja issued (altered, or from elsewhere)")
        else:
            self.stdout.write(f"Issued by Kinerja: {document} (code {document.code}, stage {stage})")
        if not check.signatures:
            problems.append("no signature")
        elif not check.all_signatures_ok:
            problems.append("not every signature verifies")
        if problems:
            raise CommandError("; ".join(problems))
        self.stdout.write(self.style.SUCCESS("Every signature is valid and the document is one Kinerja issued."))
