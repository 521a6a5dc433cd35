from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dp3.demo.advocacy import seed_advocacy
from dp3.demo.cadres import seed_cadres
from dp3.demo.evaluations import seed_evaluations
from dp3.demo.loci import seed_evidence, seed_loci
from dp3.demo.meetings import seed_meetings
from dp3.demo.milestones import seed_milestones
from dp3.demo.offices import DEMO_PASSWORD, MissingRegions, seed_offices_and_users
from dp3.demo.results import seed_estimates, seed_results
from dp3.demo.trainings import seed_trainings
from dp3.demo.two_factor import DEMO_TOTP_SECRET, seed_demo_authenticators


class Command(BaseCommand):
    help = gettext_lazy(
        "Memuat data demo dari artikel sumber (kantor, pengguna). Aman dijalankan berulang kali."
    )

    def handle(self, *args, **options):
        if not settings.SIDP3_ALLOW_DEMO:
            raise CommandError(
                _("Data demo tidak boleh dimuat di lingkungan produksi (SIDP3_ALLOW_DEMO mati).")
            )
        try:
            users = seed_offices_and_users()
        except MissingRegions as exc:
            raise CommandError(
                _(
                    "Wilayah belum dimuat (kode tidak ditemukan: %(codes)s). "
                    "Jalankan dulu: python manage.py import_regions"
                )
                % {"codes": ", ".join(exc.args[0])}
            ) from exc
        with_two_factor = seed_demo_authenticators(users)
        indicators = seed_evidence()
        loci = seed_loci()
        cadres = seed_cadres()
        meetings = seed_meetings()
        sessions = seed_trainings()
        evaluations = seed_evaluations()
        seed_milestones()
        engagements = seed_advocacy()
        results = seed_results()
        estimates = seed_estimates()
        if options["verbosity"]:
            self.stdout.write(
                _("Lokus demo: %(loci)s; kader: %(cadres)s; indikator baru: %(indicators)s.")
                % {"loci": len(loci), "cadres": cadres, "indicators": indicators}
            )
            self.stdout.write(
                _("Rakor: %(meetings)s; sesi pembekalan: %(sessions)s; evaluasi: %(evaluations)s.")
                % {"meetings": meetings, "sessions": sessions, "evaluations": evaluations}
            )
            self.stdout.write(_("Advokasi: %(engagements)s.") % {"engagements": engagements})
            self.stdout.write(
                _("Hasil pemilu ilustrasi baru: %(results)s baris; estimasi dampak dihitung: %(estimates)s.")
                % {"results": results, "estimates": len(estimates)}
            )
            self.stdout.write(_("Akun demo (kata sandi: %(password)s):") % {"password": DEMO_PASSWORD})
            for user in users:
                self.stdout.write(f"  {user.username:<18} {user.office} · {user.get_role_display()}")
            if with_two_factor:
                self.stdout.write(
                    _(
                        "Verifikasi dua langkah untuk %(users)s: kunci rahasia %(secret)s di aplikasi "
                        "autentikator, atau kode saat ini dari: python manage.py demo_otp <nama pengguna>"
                    )
                    % {"users": ", ".join(with_two_factor), "secret": DEMO_TOTP_SECRET}
                )
