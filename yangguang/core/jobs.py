"""Background jobs: long work a person starts in the browser runs as a Celery task with progress.

A domain app offers `<app>/jobs.py` with `KINDS = {"<app>.<kind>": fn}` where
`fn(*, actor, params, progress) -> dict` does the work by calling the app's actions/queries, calls
`progress(done, total)` where it loops, and returns `{"file": (name, bytes)}`, `{"link": url}` and/or
`{"message": text}`. Looked up by name (core.plugins), so `core` never imports a domain.

`start()` creates the Job and sends the task once the transaction commits. With a broker the task
is acknowledged late and re-delivered if its worker dies; without one (the embedded mode, `make run`)
it runs in a thread so the request returns at once.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .errors import DomainError, NotFound, both
from .models import Job
from .plugins import modules
from .uploads import SHEET_EXTENSIONS, SHEET_MAX_BYTES, check_upload

log = logging.getLogger("yangguang.jobs")

Progress = Callable[..., None]

_kinds: dict[str, Callable] | None = None


def said(message, **params) -> str:
    """A job's result message in Chinese and English (its page shows the one text to every reader)."""
    return " / ".join(m % params if params else m for m in both(message).values())


def kind_label(kind: str) -> str:
    """The words for a job kind (`<app>.jobs.LABELS`); the code itself only for an unknown kind."""
    for _app, mod in modules("jobs"):
        found = (getattr(mod, "LABELS", None) or {}).get(kind)
        if found is not None:
            return str(found)
    return kind


def kinds() -> dict[str, Callable]:
    """Every job kind the apps offer (`<app>.jobs.KINDS`), built once."""
    global _kinds
    if _kinds is None:
        found: dict[str, Callable] = {}
        for _app, mod in modules("jobs"):
            found.update(getattr(mod, "KINDS", None) or {})
        _kinds = found
    return _kinds


def keep_upload(upload, extensions=None, max_bytes: int | None = None) -> str:
    """Store a large uploaded sheet for a job to read (under jobs/in/, which the media gate serves to
    nobody); the job removes it when done. Returns the stored name to pass in the job's params.

    The file passes the one upload check first (core.uploads: non-empty, the field's extensions, its
    size limit, the type by content), with a sheet's rule unless the caller names another: a refusal
    is the usual DomainError and nothing is stored."""
    import uuid

    from django.core.files.storage import default_storage

    ext = check_upload(
        upload,
        SHEET_EXTENSIONS if extensions is None else extensions,
        SHEET_MAX_BYTES if max_bytes is None else max_bytes,
        empty_ok=False,
    )
    upload.seek(0)
    return default_storage.save(f"jobs/in/{uuid.uuid4().hex}{ext}", upload)


def start(kind: str, owner, params: dict | None = None, key: str = "", unit_path: str = "") -> Job:
    """Create the job and send its task on commit. The same (owner, kind, key) returns the same job
    unless that one failed."""
    if kind not in kinds():
        raise DomainError("unknown_job", _("Unknown kind of work."))
    key = (key or "")[:200]
    if key:
        found = Job.objects.filter(owner=owner, kind=kind, key=key).first()
        if found and found.state != Job.State.FAILED:
            return found
        if found:  # a failed job keeps its page but gives up its key, so asking again tries again
            Job.objects.filter(pk=found.pk).update(key=f"{key[:180]}~failed{found.pk}")
    try:
        with transaction.atomic():
            job = Job.objects.create(
                kind=kind, owner=owner, params=params or {}, key=key, unit_path=unit_path or ""
            )
    except IntegrityError:  # a concurrent start with the same key won
        return Job.objects.get(owner=owner, kind=kind, key=key)
    transaction.on_commit(lambda: dispatch(job.pk))
    return job


def dispatch(job_id: int) -> None:
    """Send the task through the broker, or run it in a thread when there is none (eager)."""
    from .tasks import run_job

    if not settings.CELERY_TASK_ALWAYS_EAGER:
        run_job.apply_async((job_id,), queue=getattr(settings, "JOBS_QUEUE", None) or None)
    elif getattr(settings, "JOBS_IN_THREAD", True):
        threading.Thread(target=_in_thread, args=(job_id,), name=f"job-{job_id}", daemon=True).start()
    else:  # tests: run now, in this thread
        run(job_id)


def _in_thread(job_id: int) -> None:
    try:
        run(job_id)
    finally:
        connection.close()  # the thread's own connection; never left open


def report(job: Job, done: int, total: int | None = None, message: str = "") -> None:
    """Record progress (one small UPDATE; callers report every few percent, not every row).

    Work done in one transaction (an all-or-nothing import) would hide that UPDATE from the progress
    page until it commits, so the figures also go to the shared cache (Redis with a broker; in the
    embedded mode the job's thread shares the page's process) and the reads take the newer of the two."""
    fields: dict = {"done": max(0, int(done)), "updated_at": timezone.now()}
    if total is not None:
        fields["total"] = max(0, int(total))
    if message:
        fields["message"] = str(message)[:300]
    Job.objects.filter(pk=job.pk).update(**fields)
    for k, v in fields.items():
        setattr(job, k, v)
    cache.set(_live_key(job.pk), (job.done, job.total, job.message), LIVE_SECONDS)


LIVE_SECONDS = 6 * 3600


def _live_key(job_id: int) -> str:
    return f"yangguang:job:{job_id}:progress"


def _live(job: Job) -> Job:
    """A running job with the progress its worker reported, committed or not."""
    if job.state in (Job.State.QUEUED, Job.State.RUNNING):
        seen = cache.get(_live_key(job.pk))
        if seen and seen[0] >= job.done:
            job.done, job.total, job.message = seen[0], seen[1], seen[2] or job.message
    return job


def _progress(job: Job) -> Progress:
    """The `progress(done, total)` a kind calls as often as it likes (every row is fine): it writes only
    when the whole percent moves, so a job makes about a hundred small writes however long it is."""
    last = {"pct": -1}

    def progress(done: int, total: int | None = None, message: str = "") -> None:
        t = total if total is not None else job.total
        pct = (done * 100 // t) if t else 0
        if pct != last["pct"] or message or done == t:
            last["pct"] = pct
            report(job, done, total, message)

    return progress


def run(job_id: int) -> str:
    """Do one job. Idempotent: a finished job is left alone; a re-delivered running one starts again
    (the kinds are safe to repeat: they write a file or call idempotent actions)."""
    claimed = Job.objects.filter(pk=job_id, state__in=[Job.State.QUEUED, Job.State.RUNNING]).update(
        state=Job.State.RUNNING,
        started_at=timezone.now(),
        attempts=F("attempts") + 1,
        updated_at=timezone.now(),
    )
    if not claimed:
        return "skipped"
    job = Job.objects.select_related("owner").get(pk=job_id)
    fn = kinds().get(job.kind)
    try:
        if fn is None:
            raise DomainError("unknown_job", _("Unknown kind of work."))
        out = fn(actor=job.owner, params=job.params, progress=_progress(job)) or {}
    except DomainError as e:
        _fail(job, failure_texts(e))
        return "failed"
    except Exception:
        log.exception("job %s (%s) failed", job.pk, job.kind)
        _fail(job, both(_("The work failed on our side; it has been logged.")))
        return "failed"
    if "file" in out:
        name, data = out["file"]
        job.result_file.save(f"{job.pk}-{name}", ContentFile(data), save=False)
        job.result_name = name
    job.result_link = out.get("link", "") or ""
    job.message = str(out.get("message", "") or job.message)[:300]
    job.state = Job.State.DONE
    job.done = max(job.done, job.total)
    job.finished_at = timezone.now()
    job.save()
    cache.delete(_live_key(job.pk))
    return "done"


ROWS_SHOWN = 50


def failure_texts(e: DomainError) -> dict:
    """The refusal in Chinese and in English; an import's bad rows follow, one a line (row, column,
    reason) as the import page lists them, so the progress page says what to fix."""
    out = {}
    rows = (e.details or {}).get("errors") or []
    for lang, key in (("zh-hans", "message"), ("en", "message_en")):
        with translation.override(lang):
            lines = [str(e.message)]
            for r in rows[:ROWS_SHOWN]:
                if not isinstance(r, dict):
                    lines.append(str(r))
                    continue
                said = r.get(key) or r.get("message") or ""
                text = {"row": r.get("row"), "column": r.get("column") or "", "message": said}
                if text["row"] is None:
                    lines.append(gettext("%(column)s: %(message)s") % text)
                else:
                    lines.append(gettext("Row %(row)s, %(column)s: %(message)s") % text)
            if len(rows) > ROWS_SHOWN:
                lines.append(gettext("… and %(n)s more.") % {"n": len(rows) - ROWS_SHOWN})
        out[lang] = "\n".join(lines)
    return out


def _fail(job: Job, texts: dict) -> None:
    cache.delete(_live_key(job.pk))
    Job.objects.filter(pk=job.pk).update(
        state=Job.State.FAILED,
        error_zh=texts["zh-hans"],
        error_en=texts["en"],
        finished_at=timezone.now(),
        updated_at=timezone.now(),
    )


# -- reads ----------------------------------------------------------------------------------------


def _visible(actor) -> Q:
    return Q() if actor.is_superuser else Q(owner=actor)


def job_get(*, actor, job_id: int) -> Job:
    """The actor's own job (any job for a superuser); another user's is NotFound, like a missing one."""
    if not getattr(actor, "is_authenticated", False):
        raise NotFound()
    job = Job.objects.filter(_visible(actor), pk=job_id).first()
    if job is None:
        raise NotFound()
    return _live(job)


def job_list(*, actor, limit: int = 50):
    return Job.objects.filter(owner=actor).order_by("-created_at", "-id")[:limit]


def error_text(job: Job) -> str:
    """The failure in the reader's language (Chinese unless English is active)."""
    from django.utils.translation import get_language

    return job.error_en if (get_language() or "").startswith("en") else job.error_zh
