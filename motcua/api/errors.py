"""One handler renders every API error: domain errors keep their code and translated message."""

from __future__ import annotations

from typing import Any

from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from motcua.core.errors import DomainError


def field_errors(detail: Any, prefix: str = "") -> dict[str, list[str]]:
    """DRF's nested errors as plain messages per field path ("components.0.name")."""
    if isinstance(detail, dict):
        found: dict[str, list[str]] = {}
        for key, value in detail.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            found.update(field_errors(value, name))
        return found
    if isinstance(detail, list) and any(isinstance(item, dict | list) for item in detail):
        found = {}
        for index, item in enumerate(detail):
            found.update(field_errors(item, f"{prefix}.{index}" if prefix else str(index)))
        return found
    messages = detail if isinstance(detail, list) else [detail]
    return {prefix or "non_field_errors": [str(message) for message in messages]}


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, ValidationError):
        # Every field's problems at once, as plain messages; the first also as `detail`.
        errors = field_errors(exc.detail)
        field, messages = next(iter(errors.items()))
        invalid = {"code": "invalid", "detail": messages[0], "field": field, "errors": errors}
        return Response(invalid, status=400)
    if isinstance(exc, DomainError):
        body: dict[str, Any] = {"code": exc.code, "detail": str(exc.message)}
        if exc.field:
            body["field"] = exc.field
        return Response(body, status=exc.http_status)
    return drf_exception_handler(exc, context)
