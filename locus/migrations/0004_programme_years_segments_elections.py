"""The programme years 2021–2024 with their stages, the voter segments of the juknis and the elections whose
figures serve as evidence. National administrators edit the years in the app afterwards."""

import datetime as dt

from django.db import migrations

SEGMENTS = [
    ("perempuan", "Perempuan"),
    ("penyandang-disabilitas", "Penyandang Disabilitas"),
    ("pemilih-pemula", "Pemilih Pemula"),
    ("pemilih-muda", "Pemilih Muda"),
    ("tokoh-agama", "Tokoh Agama"),
    ("tokoh-adat", "Tokoh Adat"),
    ("tokoh-masyarakat", "Tokoh Masyarakat"),
    ("kader-pkk", "Kader PKK"),
    ("kader-posyandu", "Kader Posyandu"),
    ("karang-taruna", "Karang Taruna"),
    ("mantan-badan-ad-hoc", "Mantan Badan Ad Hoc"),
]
REQUIRED = ["perempuan", "penyandang-disabilitas", "pemilih-pemula", "pemilih-muda", "tokoh-agama", "tokoh-masyarakat"]
YEARS = [
    (2021, "pengetahuan", "Tahap pengetahuan: sosialisasi kepemiluan kepada kader dan warga desa."),
    (2022, "kesadaran", "Tahap kesadaran politik."),
    (2023, "kerelawanan", "Tahap kerelawanan: kader menjadi relawan pendidikan pemilih."),
    (2024, "iklim_demokrasi", "Tahap iklim demokrasi menjelang dan selama Pemilu dan Pemilihan 2024."),
]
ELECTIONS = [
    ("pemilu-2019", "Pemilu 2019", dt.date(2019, 4, 17)),
    ("pilkada-2020", "Pemilihan Serentak 2020", dt.date(2020, 12, 9)),
    ("pemilu-2024", "Pemilu 2024", dt.date(2024, 2, 14)),
    ("pilkada-2024", "Pemilihan Serentak 2024", dt.date(2024, 11, 27)),
]


def forwards(apps, schema_editor):
    Segment = apps.get_model("locus", "Segment")
    ProgrammeYear = apps.get_model("locus", "ProgrammeYear")
    Election = apps.get_model("locus", "Election")
    for order, (code, name) in enumerate(SEGMENTS, start=1):
        Segment.objects.update_or_create(code=code, defaults={"name": name, "order": order})
    for year, aim, description in YEARS:
        programme_year, created = ProgrammeYear.objects.get_or_create(
            year=year,
            defaults={
                "aim": aim,
                "description": description,
                "roster_size": 25,
                "min_women_percent": 30,
                "planned_sessions": 8,
            },
        )
        if created:
            programme_year.segments.set([code for code, _ in SEGMENTS])
            programme_year.required_segments.set(REQUIRED)
    for code, name, held_on in ELECTIONS:
        Election.objects.get_or_create(code=code, defaults={"name": name, "held_on": held_on})


class Migration(migrations.Migration):
    dependencies = [("locus", "0003_programme_loci_evidence")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
