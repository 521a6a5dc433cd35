"""Report jobs: asking for a report, building it (the Celery task and ``generate_report`` call
``run_job``), and the periodic work (the sweep of stuck jobs, the retention of files, the weekly recaps).

A job is asked for by ``report_request`` (checks every parameter against the user's jurisdiction inside the
transaction, then queues the build after the commit). ``run_job`` is idempotent: a job that succeeded returns
at once, a job that is running again (the broker delivered it again after a worker was lost) is built again
into the same file name.
"""

from __future__ import annotations

import logging
import os
import time
import uuid
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.choices import OfficeLevel
from accounts.models import Office
from accounts.system import national_system_user
from activities.models import CoordinationMeeting
from cadre.exports import MIN_REASON
from cadre.services import may_view_full_nik
from kernel import queue
from kernel.scoping.policy import policy
from locus.models import Locus, ProgrammeYear, Province, Regency
from locus.selectors.loci import latest_locus_year
from reports.builders import CONTENT_TYPES, ReportError, ReportRequest, load_all
from reports.models import REPORT_FOLDER, JobStatus, ReportJob

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 3
# Progress is written at most every PROGRESS_STEP percent or PROGRESS_SECONDS seconds.
PROGRESS_STEP = 2
PROGRESS_SECONDS = 1.0
TEMP_FOLDER = f"{REPORT_FOLDER}/.sementara"


queue_unavailable_message = queue.queue_unavailable_message


def internal_error_message() -> str:
    return _("Terjadi kesalahan internal saat membuat laporan. Admin sudah dapat melihat catatannya.")


@dataclass(frozen=True)
class JobParameters:
    report_type: str
    format: str
    year: int | None = None
    scope: str = ""
    locus: Locus | None = None
    meeting: CoordinationMeeting | None = None
    reason: str = ""


# --- asking for a report ---------------------------------------------------------------------------------


def _check_parameters(*, user, params: JobParameters) -> None:
    builders = load_all()
    report_type = builders.get(params.report_type)
    if report_type is None:
        raise ValidationError({"report_type": _("Jenis laporan ini tidak dikenal.")})
    if params.format not in report_type.formats:
        raise ValidationError(
            {"format": _("Format ini tidak tersedia untuk jenis laporan ini: pilih %(formats)s.")
             % {"formats": ", ".join(f.upper() for f in report_type.formats)}}
        )  # fmt: skip
    errors = {}
    if params.year is not None and not ProgrammeYear.objects.filter(year=params.year).exists():
        errors["year"] = _("Tahun program ini tidak ada.")
    access = policy(user)
    if params.scope:
        exists = (Province if "." not in params.scope else Regency).objects.filter(code=params.scope).exists()
        if not exists or not access.allows_in_region("view", params.scope):
            errors["scope"] = _("Wilayah ini tidak ada atau di luar wilayah kerja Anda.")
    if "locus_id" in report_type.needs and params.locus is None:
        errors["locus"] = _("Pilih lokus untuk laporan ini.")
    if params.locus is not None and not access.allows("view", params.locus):
        errors["locus"] = _("Lokus ini tidak ada atau di luar wilayah kerja Anda.")
    if "meeting_id" in report_type.needs and params.meeting is None:
        errors["meeting"] = _("Pilih rapat koordinasi untuk laporan ini.")
    if params.meeting is not None and not access.allows("view", params.meeting):
        errors["meeting"] = _("Rapat ini tidak ada atau di luar wilayah kerja Anda.")
    if params.reason and not may_view_full_nik(user):
        errors["reason"] = _("Anda tidak berwenang meminta NIK lengkap; kosongkan alasan ini.")
    elif params.reason and len(params.reason.strip()) < MIN_REASON:
        errors["reason"] = _("Tuliskan alasan meminta NIK lengkap (minimal %(min)s karakter).") % {
            "min": MIN_REASON
        }
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def _job_create(*, user, params: JobParameters) -> ReportJob:
    access = policy(user)
    if not access.may("view") or access.level is None:
        raise ValidationError(_("Akun Anda tidak dapat meminta laporan."))
    _check_parameters(user=user, params=params)
    job = ReportJob(
        report_type=params.report_type,
        format=params.format,
        year=params.year,
        scope=params.scope or "",
        locus=params.locus,
        meeting=params.meeting,
        reason=params.reason.strip(),
        requested_by=user,
    )
    job.full_clean()
    job.save()
    return job


def report_request(*, user, params: JobParameters, enqueue: bool = True) -> ReportJob:
    """Create a queued job for ``user`` and, after the commit, hand it to the worker.

    When the broker cannot be reached the job is marked failed at once ("layanan antrean tidak tersedia");
    the request never hangs (short connection timeout, two quick retries).
    """
    job = _job_create(user=user, params=params)
    if enqueue:
        transaction.on_commit(lambda: job_enqueue(job_id=job.pk))
    return job


def job_enqueue(*, job_id: int) -> bool:
    from reports.tasks import build_report  # here: reports.tasks imports this module

    task_id = queue.enqueue(build_report, job_id)
    if task_id is None:
        _job_fail(job_id, queue_unavailable_message())
        return False
    ReportJob.objects.filter(pk=job_id, task_id="").update(task_id=task_id)
    return True


# --- building ----------------------------------------------------------------------------------------------


class _Progress:
    """Stores a job's progress, throttled: at most every PROGRESS_STEP % or PROGRESS_SECONDS s."""

    def __init__(self, job_id: int):
        self.job_id = job_id
        self.stored = 0
        self.at = time.monotonic()

    def __call__(self, percent) -> None:
        percent = max(0, min(99, int(percent)))  # 100 is written with the file, not before
        now = time.monotonic()
        if percent <= self.stored:
            return
        if percent - self.stored < PROGRESS_STEP and now - self.at < PROGRESS_SECONDS:
            return
        ReportJob.objects.filter(pk=self.job_id, status=JobStatus.RUNNING).update(progress=percent)
        self.stored, self.at = percent, now


def _job_fail(job_id: int, message: str) -> None:
    ReportJob.objects.filter(pk=job_id).exclude(status=JobStatus.SUCCEEDED).update(
        status=JobStatus.FAILED, error=message, finished_at=timezone.now()
    )


def _job_start(job_id: int, task_id: str) -> tuple[ReportJob | None, bool]:
    """Lock the job and mark it running. Returns (job, whether to build it)."""
    with transaction.atomic():
        job = ReportJob.objects.select_for_update().filter(pk=job_id).first()
        if job is None:
            logger.warning("report job %s does not exist (deleted, or another database)", job_id)
            return None, False
        if job.status in (JobStatus.SUCCEEDED, JobStatus.FAILED, JobStatus.EXPIRED):
            return job, False  # already done: a second delivery of the same message changes nothing
        if job.attempts >= MAX_ATTEMPTS:
            job.status, job.finished_at = JobStatus.FAILED, timezone.now()
            job.error = _("Laporan gagal dibuat setelah %(n)s percobaan.") % {"n": MAX_ATTEMPTS}
            job.save(update_fields=["status", "finished_at", "error"])
            return job, False
        job.status, job.started_at, job.finished_at = JobStatus.RUNNING, timezone.now(), None
        job.progress, job.error = 0, ""
        job.attempts += 1
        job.task_id = task_id or job.task_id
        job.save(
            update_fields=["status", "started_at", "finished_at", "progress", "error", "attempts", "task_id"]
        )
        return job, True


def _requester(job: ReportJob):
    user = get_user_model().objects.select_related("office").filter(pk=job.requested_by_id).first()
    if user is None or not user.is_active or policy(user).level is None:
        raise ReportError(_("Akun yang meminta laporan ini tidak aktif lagi."))
    if job.reason and not may_view_full_nik(user):
        raise ReportError(_("Akun yang meminta laporan ini tidak lagi berwenang melihat NIK lengkap."))
    return user


def _scratch_folder() -> Path:
    """Where a build writes before its file is stored: ``MEDIA_ROOT/laporan/.sementara`` with the local
    storage (the same filesystem, so the move into place is atomic), else a local folder of the worker
    (``SIDP3_REPORT_SCRATCH_DIR``) from which the file is uploaded (S3-compatible storage)."""
    try:
        return Path(default_storage.path(TEMP_FOLDER))
    except NotImplementedError:
        return Path(settings.SIDP3_REPORT_SCRATCH_DIR)


def _remove_leftovers(job_id: int) -> None:
    """The half-written files of a job's earlier attempts (a worker killed while building it)."""
    folder = _scratch_folder()
    if folder.is_dir():
        for leftover in folder.glob(f"{job_id}-*"):
            leftover.unlink(missing_ok=True)


def _temp_path(job: ReportJob) -> Path:
    folder = _scratch_folder()
    folder.mkdir(parents=True, exist_ok=True)
    _remove_leftovers(job.pk)  # one attempt at a time: _job_start holds the row and counts attempts
    return folder / f"{job.pk}-{uuid.uuid4().hex}.{job.format}"


def _store(job: ReportJob, temp: Path) -> None:
    """Put the built file in place under the job's fixed name, replacing an earlier attempt's file."""
    try:
        final = Path(default_storage.path(job.storage_name))
    except NotImplementedError:  # a remote storage: upload, replacing what a previous attempt stored
        default_storage.delete(job.storage_name)
        with temp.open("rb") as handle:
            stored = default_storage.save(job.storage_name, File(handle, name=job.storage_name))
        temp.unlink(missing_ok=True)
        if stored != job.storage_name:
            default_storage.delete(stored)
            raise RuntimeError("the storage renamed the report file") from None
        return
    final.parent.mkdir(parents=True, exist_ok=True)
    os.replace(temp, final)


def run_job(job_id: int, *, task_id: str = "") -> ReportJob | None:
    """Build the file of a job as the user who asked for it (loaded again here; the builder restricts every
    query with it). Writes to a temporary path, then moves the file into place under the job's name."""
    job, build = _job_start(job_id, task_id)
    if not build:
        return job
    temp = _temp_path(job)
    try:
        user = _requester(job)
        report_type = load_all().get(job.report_type)
        if report_type is None:
            raise ReportError(_("Jenis laporan ini tidak tersedia lagi."))
        built = report_type.build(
            ReportRequest(
                type=job.report_type,
                user=user,
                format=job.format,
                output_path=temp,
                year=job.year,
                scope=job.scope or None,
                locus_id=job.locus_id,
                meeting_id=job.meeting_id,
                reason=job.reason,
                progress=_Progress(job.pk),
            )
        )
        if not temp.exists():
            raise RuntimeError("the builder wrote no file")
        _store(job, temp)
    except ReportError as exc:
        _finish_failed(job, str(exc), temp)
    except Exception as exc:
        from celery.exceptions import SoftTimeLimitExceeded

        if isinstance(exc, SoftTimeLimitExceeded):
            _finish_failed(job, _("Laporan terlalu lama dibuat dan dihentikan. Persempit wilayahnya."), temp)
        else:
            # The traceback goes through the log's personal-data filter; the user reads a generic message.
            logger.exception("report job %s (%s) failed: %s", job.pk, job.report_type, exc.__class__.__name__)
            _finish_failed(job, internal_error_message(), temp)
    else:
        with transaction.atomic():
            job = ReportJob.objects.select_for_update().get(pk=job.pk)
            job.status, job.progress, job.finished_at, job.error = (
                JobStatus.SUCCEEDED,
                100,
                timezone.now(),
                "",
            )
            job.file.name = job.storage_name
            job.filename = built.filename or os.path.basename(job.storage_name)
            job.content_type = built.content_type or CONTENT_TYPES.get(job.format, "application/octet-stream")
            job.save(
                update_fields=[
                    "status",
                    "progress",
                    "finished_at",
                    "error",
                    "file",
                    "filename",
                    "content_type",
                ]
            )
    job.refresh_from_db()
    return job


def _finish_failed(job: ReportJob, message: str, temp: Path) -> None:
    temp.unlink(missing_ok=True)
    _job_fail(job.pk, message)


# --- periodic work -----------------------------------------------------------------------------------------


def running_limit() -> timedelta:
    """How long a job may stay running: the task's hard time limit plus a margin for the worker to report."""
    return timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT) + timedelta(minutes=5)


QUEUED_LIMIT = timedelta(days=1)


def jobs_sweep(*, now=None) -> int:
    """Fail the jobs stuck running past their limit, and the queued ones nobody took for a day."""
    now = now or timezone.now()
    stuck_ids = list(
        ReportJob.objects.filter(status=JobStatus.RUNNING, started_at__lt=now - running_limit()).values_list(
            "pk", flat=True
        )
    )
    stuck = ReportJob.objects.filter(pk__in=stuck_ids, status=JobStatus.RUNNING).update(
        status=JobStatus.FAILED,
        finished_at=now,
        error=_("Pembuatan laporan terhenti (melewati batas waktu). Silakan minta ulang."),
    )
    for job_id in stuck_ids:
        _remove_leftovers(job_id)  # what the lost worker had half written
    forgotten = ReportJob.objects.filter(status=JobStatus.QUEUED, created_at__lt=now - QUEUED_LIMIT).update(
        status=JobStatus.FAILED,
        finished_at=now,
        error=_("Laporan tidak sempat diproses oleh antrean. Silakan minta ulang."),
    )
    if stuck or forgotten:
        logger.info("report sweep: %s stuck running, %s never started", stuck, forgotten)
    return stuck + forgotten


def jobs_expire(*, now=None) -> int:
    """Remove the files of jobs finished more than SIDP3_REPORT_RETENTION_DAYS ago; mark them expired.
    Temporary files left by a killed worker go after a day."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.SIDP3_REPORT_RETENTION_DAYS)
    expired = 0
    for job in ReportJob.objects.filter(status=JobStatus.SUCCEEDED, finished_at__lt=cutoff).iterator():
        if job.file:
            job.file.delete(save=False)
        ReportJob.objects.filter(pk=job.pk).update(status=JobStatus.EXPIRED, file="")
        expired += 1
    temp = _scratch_folder()
    if temp.is_dir():
        for leftover in temp.iterdir():
            if leftover.stat().st_mtime < (now - timedelta(days=1)).timestamp():
                leftover.unlink(missing_ok=True)
    return expired


def weekly_recap_offices():
    return (
        Office.objects.filter(level=OfficeLevel.PROVINCE).select_related("province").order_by("province_id")
    )


def weekly_recap_recipients(office: Office) -> list[str]:
    emails = list(
        office.users.people()
        .filter(is_active=True)
        .exclude(email="")
        .order_by("email")
        .values_list("email", flat=True)
    )
    if office.email:
        emails.insert(0, office.email)
    return list(dict.fromkeys(emails))


def weekly_recap_send(*, office: Office, year: int | None = None) -> ReportJob | None:
    """Build the recap of the office's province (as the national system account, restricted to the province
    scope) and e-mail it with the XLSX attached to the office's address and its active users."""
    report_type = load_all().get("recap")
    recipients = weekly_recap_recipients(office)
    if report_type is None or "xlsx" not in report_type.formats or not recipients:
        return None
    system = national_system_user()
    if year is None:
        # The latest programme year with a locus in the province, else the latest with any locus.
        in_province = Locus.objects.restrict(system, "view").filter(province_id=office.province_id)
        year = in_province.order_by("-programme_year_id").values_list("programme_year_id", flat=True).first()
        year = year or latest_locus_year(user=system)
    params = JobParameters(report_type="recap", format="xlsx", year=year, scope=office.province_id)
    job = report_request(user=system, params=params, enqueue=False)
    job = run_job(job.pk)
    if job.status != JobStatus.SUCCEEDED:
        logger.warning("weekly recap of office %s failed: job %s", office.pk, job.pk)
        return job
    subject = _("Rekap mingguan DP3 %(year)s — %(office)s") % {"year": year, "office": office.name}
    body = _(
        "Terlampir rekap mingguan program Desa Peduli Pemilu dan Pemilihan %(year)s untuk %(province)s, "
        "dibuat otomatis oleh SIDP3 pada %(when)s.\n\nSurel ini dikirim otomatis; mohon tidak dibalas."
    ) % {
        "year": year,
        "province": office.province.name if office.province else office.name,
        "when": timezone.localtime().strftime("%d-%m-%Y %H.%M"),
    }
    message = EmailMessage(subject=subject, body=body, to=recipients)
    with job.file.open("rb") as handle:
        message.attach(job.filename, handle.read(), job.content_type)
    message.send()
    return job
