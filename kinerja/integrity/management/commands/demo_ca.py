from django.conf import settings
from django.core.management.base import BaseCommand

from kinerja.core.models import User
from kinerja.integrity import demo_ca

DEMO_PASSPHRASE_PREFIX = "demo-"


class Command(BaseCommand):
    help = (
        "Make the demo's certificate authority and a PKCS#12 certificate per user (var/demo-ca/), "
        "NOT legally valid. Each user's passphrase is 'demo-<username>'."
    )

    def add_arguments(self, parser):
        parser.add_argument("--renew", action="store_true", help="make a new CA even if one exists")
        parser.add_argument("--user", action="append", help="only these users (username); repeatable")

    def handle(self, *args, **options):
        directory = settings.DEMO_CA_DIR
        if options["renew"] or not (directory / "ca.pem").exists():
            key, cert = demo_ca.make_ca()
            demo_ca.write_ca(directory, key, cert)
            self.stdout.write(f"Demo CA written to {directory / 'ca.pem'} (not legally valid).")
        key, cert = demo_ca.load_ca(directory)
        users = User.objects.filter(is_active=True).order_by("username")
        if options["user"]:
            users = users.filter(username__in=options["user"])
        count = 0
        for user in users:
            name = user.get_full_name() or user.username
            data = demo_ca.make_signer(key, cert, name, DEMO_PASSPHRASE_PREFIX + user.username, nip=user.nip)
            path = directory / f"{user.username}.p12"
            path.write_bytes(data)
            path.chmod(0o600)
            count += 1
        self.stdout.write(
            self.style.SUCCESS(f"{count} demo certificates in {directory} (passphrase: demo-<username>).")
        )
