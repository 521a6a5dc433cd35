"""Election results imports in the worker: one job per upload (``ResultsImportJob``), followed on its page by
a progress bar.

``results_job_create`` stores the uploaded file under ``MEDIA_ROOT/hasil-pemilu/`` (a name of its own, never
the user's) and queues the task once the job's row has committed; when the broker cannot be reached the job
fails at once ("layanan antrean tidak tersedia") instead of waiting for ever. ``results_job_run`` (the task
``locus.tasks.import_results``, and nothing else) reads and checks the file as the user who uploaded it,
storing the progress as it reads (0–``READ_SHARE`` %), then writes the villages and marks the job succeeded in
one transaction, so that a job is "selesai" exactly when its results are in; a refused file leaves the job
"gagal" with its errors. The file is removed once the job has finished, whatever the outcome. A job that
finished returns at once when the broker delivers it again; one whose worker was lost runs again (the
import is all or nothing, so nothing was half written), up to ``MAX_ATTEMPTS`` times.

Without Redis (``make run`` on SQLite) the broker is kombu's filesystem transport and the worker ``make run``
starts takes the job the same way; the SQLite database gets the same rows through the ORM.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import time
import uuid

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kernel import queue
from kernel.spreadsheets import RowError
from locus.choices import ResultsJobStatus
from locus.models import Election, ResultsImportJob
from locus.services.results_import import (
    ResultsOutcome,
    may_import_results,
    results_check,
    results_write,
)

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 3
# The share of the bar for reading and checking the file; writing takes the rest.
READ_SHARE = 90
# Progress is stored at most every PROGRESS_STEP percent or PROGRESS_SECONDS seconds.
PROGRESS_STEP = 2
PROGRESS_SECONDS = 1.0
FINISHED = (ResultsJobStatus.SUCCEEDED, ResultsJobStatus.FAILED)


def internal_error_message() -> str:
    return _("Terjadi kesalahan internal saat memuat hasil pemilu. Admin sudah dapat melihat catatannya.")


def _errors_json(errors: list[RowError]) -> list[dict]:
    return [{"row": error.row, "column": error.column, "message": str(error.message)} for error in errors]


# --- asking -------------------------------------------------------------------------------------------------


def results_job_create(
    *, actor, election: Election, upload, illustrative: bool = False, enqueue: bool = True
) -> ResultsImportJob:
    """Store the upload and queue its import (after the commit; ``enqueue=False``: the caller runs it).
    ``upload``: an uploaded file whose name has been checked (``locus.forms.results.ResultsImportForm``)."""
    if not may_import_results(actor):
        raise PermissionDenied(_("Peran Anda tidak dapat memuat hasil pemilu."))
    filename = os.path.basename(upload.name or "")[-200:]
    extension = os.path.splitext(filename)[1].lower()
    job = ResultsImportJob(election=election, uploaded_by=actor, illustrative=illustrative, filename=filename)
    job.file.save(f"{uuid.uuid4().hex}{extension}", upload, save=False)
    try:
        with transaction.atomic():
            job.full_clean(exclude=["file"])
            job.save()
            if enqueue:
                transaction.on_commit(lambda: results_job_enqueue(job_id=job.pk))
    except Exception:
        job.file.delete(save=False)
        raise
    return job


def results_job_enqueue(*, job_id: int) -> bool:
    from locus.tasks import import_results  # here: locus.tasks imports this module

    task_id = queue.enqueue(import_results, job_id)
    if task_id is None:
        _fail(job_id, [RowError(None, None, queue.queue_unavailable_message())])
        return False
    ResultsImportJob.objects.filter(pk=job_id, task_id="").update(task_id=task_id)
    return True


# --- running ------------------------------------------------------------------------------------------------


class _Progress:
    """Stores a job's progress, throttled: at most every PROGRESS_STEP % or PROGRESS_SECONDS s."""

    def __init__(self, job_id: int):
        self.job_id = job_id
        self.stored = 0
        self.at = time.monotonic()

    def __call__(self, percent, *, force: bool = False) -> None:
        percent = max(0, min(99, int(percent)))  # 100 is written with the outcome, not before
        now = time.monotonic()
        if percent <= self.stored:
            return
        if not force and percent - self.stored < PROGRESS_STEP and now - self.at < PROGRESS_SECONDS:
            return
        ResultsImportJob.objects.filter(pk=self.job_id, status=ResultsJobStatus.RUNNING).update(
            progress=percent
        )
        self.stored, self.at = percent, now


def _start(job_id: int, task_id: str) -> tuple[ResultsImportJob | None, bool]:
    """Lock the job and mark it running. Returns (job, whether to run it)."""
    with transaction.atomic():
        job = (
            ResultsImportJob.objects.select_for_update().select_related("election").filter(pk=job_id).first()
        )
        if job is None:
            logger.warning("results import job %s does not exist (deleted, or another database)", job_id)
            return None, False
        if job.status in FINISHED:
            return job, False  # a second delivery of the same message changes nothing
        if job.attempts >= MAX_ATTEMPTS:
            message = _("Impor gagal setelah %(n)s percobaan.") % {"n": MAX_ATTEMPTS}
            name = job.file.name
            job.status, job.finished_at, job.file = ResultsJobStatus.FAILED, timezone.now(), ""
            job.errors, job.error_count = _errors_json([RowError(None, None, message)]), 1
            job.save(update_fields=["status", "finished_at", "errors", "error_count", "file"])
            transaction.on_commit(lambda: _delete_file(job_id, name))
            return job, False
        job.status, job.started_at, job.finished_at = ResultsJobStatus.RUNNING, timezone.now(), None
        job.progress, job.errors, job.error_count = 0, [], 0
        job.attempts += 1
        job.task_id = task_id or job.task_id
        job.save(
            update_fields=[
                "status",
                "started_at",
                "finished_at",
                "progress",
                "errors",
                "error_count",
                "attempts",
                "task_id",
            ]
        )
        return job, True


def _uploader(job: ResultsImportJob):
    user = get_user_model().objects.select_related("office").filter(pk=job.uploaded_by_id).first()
    if user is None or not user.is_active or not may_import_results(user):
        raise PermissionDenied(_("Akun yang mengunggah berkas ini tidak lagi berwenang memuat hasil pemilu."))
    return user


def _fail(job_id: int, errors: list[RowError], *, error_count: int | None = None, outcome=None) -> None:
    fields = {
        "status": ResultsJobStatus.FAILED,
        "finished_at": timezone.now(),
        "errors": _errors_json(errors),
        "error_count": len(errors) if error_count is None else error_count,
        "file": "",
    }
    if outcome is not None:
        fields.update(rows_read=outcome.rows_read, warnings=[str(w) for w in outcome.warnings])
    name = ResultsImportJob.objects.filter(pk=job_id).values_list("file", flat=True).first()
    ResultsImportJob.objects.filter(pk=job_id).exclude(status=ResultsJobStatus.SUCCEEDED).update(**fields)
    _delete_file(job_id, name)


def _succeed(job: ResultsImportJob, outcome: ResultsOutcome) -> None:
    """Inside the transaction that wrote the results; the file goes once it has committed."""
    ResultsImportJob.objects.filter(pk=job.pk).update(
        status=ResultsJobStatus.SUCCEEDED,
        progress=100,
        finished_at=timezone.now(),
        rows_read=outcome.rows_read,
        villages_new=outcome.new,
        villages_changed=outcome.updated,
        villages_unchanged=outcome.unchanged,
        warnings=[str(w) for w in outcome.warnings],
        errors=[],
        error_count=0,
        file="",
    )
    name = job.file.name
    transaction.on_commit(lambda: _delete_file(job.pk, name))


def _delete_file(job_id: int, name: str | None) -> None:
    """The uploaded file of a finished job (its row no longer names it)."""
    if not name:
        return
    try:
        default_storage.delete(name)
    except OSError:
        logger.warning("results import job %s: its file could not be removed", job_id)


def results_job_run(job_id: int, *, task_id: str = "") -> ResultsImportJob | None:
    """Check the job's file as its uploader and write it when every row is valid (see the module)."""
    job, run = _start(job_id, task_id)
    if not run:
        return job
    progress = _Progress(job.pk)
    try:
        user = _uploader(job)
        if not job.file:
            raise FileNotFoundError(job.pk)
        with job.file.open("rb") as handle:
            check = results_check(
                actor=user,
                data=handle,
                filename=job.filename,
                progress=lambda fraction: progress(READ_SHARE * fraction),
            )
        if not check.ok:
            outcome = check.outcome()
            _fail(job.pk, outcome.errors, error_count=outcome.error_count, outcome=outcome)
        else:
            progress(READ_SHARE, force=True)
            with transaction.atomic():
                outcome = results_write(check=check, election=job.election, illustrative=job.illustrative)
                _succeed(job, outcome)
    except PermissionDenied as exc:
        _fail(job.pk, [RowError(None, None, str(exc))])
    except FileNotFoundError:
        _fail(job.pk, [RowError(None, None, _("Berkas unggahan ini tidak ditemukan lagi; unggah kembali."))])
    except Exception as exc:
        from celery.exceptions import SoftTimeLimitExceeded

        if isinstance(exc, SoftTimeLimitExceeded):
            message = _("Impor terlalu lama dan dihentikan. Coba lagi atau hubungi admin.")
            _fail(job.pk, [RowError(None, None, message)])
        else:
            # The traceback goes through the log's personal-data filter; the user reads a generic message.
            logger.exception("results import job %s failed: %s", job.pk, exc.__class__.__name__)
            _fail(job.pk, [RowError(None, None, internal_error_message())])
    job.refresh_from_db()
    return job


# Past these a job is no longer waited for: a running one outlived the task's hard time limit (its worker was
# lost for good), a queued one was never taken (no worker ran for a day).
RUNNING_MARGIN = dt.timedelta(minutes=5)
QUEUED_LIMIT = dt.timedelta(days=1)


def results_jobs_sweep(*, now=None) -> int:
    """Fail the imports stuck running past the task's time limit and those queued for a day that no worker
    took, removing their files, so that no job shows "antre" or "berjalan" for ever. Nothing was written for
    them: an import writes in one transaction with its success."""
    now = now or timezone.now()
    running_limit = dt.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT) + RUNNING_MARGIN
    stale = {
        ResultsJobStatus.RUNNING: (
            {"started_at__lt": now - running_limit},
            _("Impor terhenti (melewati batas waktu). Silakan unggah ulang berkasnya."),
        ),
        ResultsJobStatus.QUEUED: (
            {"created_at__lt": now - QUEUED_LIMIT},
            _("Berkas tidak sempat diproses oleh antrean. Silakan unggah ulang berkasnya."),
        ),
    }
    swept = 0
    for status, (older, message) in stale.items():
        for job_id in ResultsImportJob.objects.filter(status=status, **older).values_list("pk", flat=True):
            name = ResultsImportJob.objects.filter(pk=job_id).values_list("file", flat=True).first()
            failed = ResultsImportJob.objects.filter(pk=job_id, status=status).update(
                status=ResultsJobStatus.FAILED,
                finished_at=now,
                errors=_errors_json([RowError(None, None, message)]),
                error_count=1,
                file="",
            )
            if failed:
                _delete_file(job_id, name)
                swept += 1
    if swept:
        logger.info("results import sweep: %s jobs failed as stale", swept)
    return swept
