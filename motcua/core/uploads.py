"""Files people upload (scans of documents, draft results): PDF, JPEG or PNG, at most 20 MB.

The type is judged from the file's first bytes, not from the name or the browser's claim, so a
renamed executable or HTML page is refused. Stored under MEDIA_ROOT, which is never served as
static files: every download goes through a view that checks who may read the dossier.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from django.conf import settings
from django.core.files.base import File
from django.db.models.fields.files import FieldFile
from django.http import FileResponse
from django.utils.translation import gettext as _

from motcua.core.errors import DomainError

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
F = TypeVar("F", bound=File[Any])
SIGNATURES = {
    b"%PDF-": "application/pdf",
    b"\xff\xd8\xff": "image/jpeg",
    b"\x89PNG\r\n\x1a\n": "image/png",
}


# A request's temporary upload older than this belongs to a worker that was killed mid-upload
# (gunicorn stops a request long before): nothing will ever read or remove it.
LEFTOVER_SECONDS = 60 * 60


def upload_leftovers_purge(*, now: float | None = None) -> int:
    """Remove temporary upload files that a killed worker left in FILE_UPLOAD_TEMP_DIR."""
    folder = Path(settings.FILE_UPLOAD_TEMP_DIR)
    cutoff = (now if now is not None else time.time()) - LEFTOVER_SECONDS
    removed = 0
    for path in folder.glob("*.upload*"):
        try:
            if path.is_file() and path.stat().st_mtime < cutoff:
                path.unlink()
                removed += 1
        except FileNotFoundError:
            continue  # its request finished and removed it meanwhile
    return removed


def sniffed_type(head: bytes) -> str | None:
    """The content type that the first bytes prove, or None."""
    return next((kind for magic, kind in SIGNATURES.items() if head.startswith(magic)), None)


def checked_upload(file: F, *, field: str) -> F:
    """The file, if it is a PDF, JPEG or PNG of at most 20 MB; otherwise a clear refusal."""
    head = file.read(16)
    file.seek(0)
    if (file.size or 0) > MAX_UPLOAD_BYTES or sniffed_type(head) is None:
        raise DomainError(
            _("Files must be PDF, JPEG or PNG of at most 20 MB: %(name)s") % {"name": file.name},
            field=field,
        )
    return file


def uploaded_file_response(file: FieldFile, *, filename: str) -> FileResponse:
    """An uploaded file sent to a reader the caller has checked, typed by its first bytes (never
    by its name: a file that is not what it claims is sent as plain bytes)."""
    head = file.open("rb").read(16)
    file.seek(0)
    content_type = sniffed_type(head) or "application/octet-stream"
    return FileResponse(file, content_type=content_type, filename=filename)


@contextmanager
def removed_on_failure() -> Iterator[list[FieldFile]]:
    """Files saved inside the block (the caller lists them) are deleted from storage when the
    block fails: their rows roll back with the transaction, the files on disk must go too.
    Enter it before the transaction, so that it sees the rollback's exception."""
    saved: list[FieldFile] = []
    try:
        yield saved
    except BaseException:
        for file in saved:
            file.delete(save=False)
        raise
