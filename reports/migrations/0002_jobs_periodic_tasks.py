"""The periodic tasks of the reports, kept in the database by django-celery-beat (editable in the admin):
the weekly recap for every province office (Monday 07.00 WIB), the sweep of stuck jobs (every 15 minutes)
and the removal of old report files (every day at 02.30 WIB)."""

from django.db import migrations

TASKS = (
    # name, task, crontab (minute, hour, day of week)
    ("Rekap mingguan DP3 per provinsi", "reports.tasks.send_weekly_recaps", ("0", "7", "1")),
    ("Sapu permintaan laporan yang macet", "reports.tasks.sweep_report_jobs", ("*/15", "*", "*")),
    ("Hapus berkas laporan lama", "reports.tasks.expire_report_files", ("30", "2", "*")),
)


def forwards(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    for name, task, (minute, hour, day_of_week) in TASKS:
        schedule, _ = CrontabSchedule.objects.get_or_create(
            minute=minute,
            hour=hour,
            day_of_week=day_of_week,
            day_of_month="*",
            month_of_year="*",
            timezone="Asia/Jakarta",
        )
        PeriodicTask.objects.update_or_create(
            name=name, defaults={"task": task, "crontab": schedule, "enabled": True}
        )


def backwards(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(task__in=[task for _, task, _ in TASKS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0001_jobs"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
