"""Refuse, at the edge, text no part of the system can store or print.

NUL cannot be stored by PostgreSQL, and the other C0 control characters cannot be written into
XML (Open311, XLSX) or PDFs; nobody types them. A request carrying one in its path, a
parameter, a form field or a JSON string gets a 400 that says so — before any view, so that no
view needs to think of it and nothing is half-written. Tab, line feed and carriage return are
allowed in form and JSON text (multi-line answers), not in paths or parameters.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from motcua.core.errors import DomainError

_IN_LINE = re.compile(r"[\x00-\x1f\x7f]")  # paths and parameters: one line, no controls
_IN_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # text fields may hold lines
JSON_BODY_LIMIT = 2 * 1024 * 1024


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _has_control_characters(request: HttpRequest) -> bool:
    if _IN_LINE.search(request.path) or any(
        _IN_LINE.search(key) or _IN_LINE.search(value)
        for key, values in request.GET.lists()
        for value in values
    ):
        return True
    if request.method not in ("POST", "PUT", "PATCH"):
        return False
    content_type = request.content_type or ""
    if content_type == "application/json":
        if len(request.body) > JSON_BODY_LIMIT:
            return False  # left to the view's own size checks
        try:
            document = json.loads(request.body or b"null")
        except (ValueError, UnicodeDecodeError):
            return False  # malformed JSON: the API answers it in its own words
        return any(_IN_TEXT.search(text) for text in _strings(document))
    if content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        return any(
            _IN_TEXT.search(key) or _IN_TEXT.search(value)
            for key, values in request.POST.lists()
            for value in values
        ) or any(
            _IN_TEXT.search(upload.name or "")
            for _field, uploads in request.FILES.lists()
            for upload in uploads
        )
    return False


class RejectControlCharactersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            refused = _has_control_characters(request)
        except (MultiPartParserError, UnicodeDecodeError):
            refused = False  # a broken upload is the view's to refuse, in its words
        if refused:
            return bad_text_response(request)
        return self.get_response(request)


def interface_error(request: HttpRequest, status: int, message: str) -> HttpResponse | None:
    """An error decided before a view, in the format of the interface the path belongs to, when
    it registered one (MOTCUA_EDGE_ERRORS: path prefix → function, e.g. Open311's); else None."""
    for prefix, renderer in settings.MOTCUA_EDGE_ERRORS.items():
        if request.path.startswith(prefix):
            response: HttpResponse = import_string(renderer)(request, status, message)
            return response
    return None


def bad_text_response(request: HttpRequest) -> HttpResponse:
    """The 400 in the form the caller reads: JSON for the API, an interface's own format where
    it registered one, a page for people."""
    message = _("The request contains control characters (such as NUL) that text cannot hold.")
    if request.path.startswith("/api/"):
        return JsonResponse({"code": "invalid_text", "detail": message}, status=400)
    registered = interface_error(request, 400, message)
    if registered is not None:
        return registered
    error = DomainError(message)
    return render(request, "core/error.html", {"error": error}, status=400)
