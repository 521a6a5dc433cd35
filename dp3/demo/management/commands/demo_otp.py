"""``python manage.py demo_otp nasional``: the code a demo account's authenticator shows now (demo only)."""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp.plugins.otp_totp.models import TOTPDevice

from dp3.demo.two_factor import DEMO_TOTP_KEY, demo_code


class Command(BaseCommand):
    help = gettext_lazy(
        "Menampilkan kode verifikasi saat ini untuk akun demo (hanya bila SIDP3_ALLOW_DEMO menyala)."
    )

    def add_arguments(self, parser):
        parser.add_argument("username", help=_("nama pengguna akun demo, mis. nasional"))

    def handle(self, *args, **options):
        if not settings.SIDP3_ALLOW_DEMO:
            raise CommandError(_("Kode demo tidak tersedia di lingkungan produksi (SIDP3_ALLOW_DEMO mati)."))
        username = options["username"]
        device = TOTPDevice.objects.filter(user__username=username, confirmed=True, key=DEMO_TOTP_KEY).first()
        if device is None:
            raise CommandError(
                _(
                    "Akun %(username)s tidak memiliki autentikator demo. Jalankan dulu: "
                    "python manage.py seed_demo"
                )
                % {"username": username}
            )
        remaining = device.step - int(time.time() - device.t0) % device.step
        self.stdout.write(demo_code(device))
        if options["verbosity"] > 1:
            self.stderr.write(_("Berlaku %(seconds)s detik lagi.") % {"seconds": remaining})
