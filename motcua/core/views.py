from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from motcua.accounts.models import User
from motcua.core.errors import DomainError, PermissionDenied
from motcua.org.access import is_staff_member, scope_for
from motcua.org.selectors import active_positions


def staff_required(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Logged in and holding at least one position; domain errors render as a page."""

    @login_required
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        try:
            if not is_staff_member(request.user):
                raise PermissionDenied(_("Your account holds no position in any agency yet."))
            return view(request, *args, **kwargs)
        except DomainError as error:
            return render(request, "core/error.html", {"error": error}, status=error.http_status)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def file_response(
    content: bytes, *, filename: str, content_type: str, inline: bool = False
) -> HttpResponse:
    """A generated file: downloaded, or shown in the browser (`inline`, e.g. a slip to print)."""
    response = HttpResponse(content, content_type=content_type)
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


def staff_user(request: HttpRequest) -> User:
    """The logged-in user of a view already guarded by staff_required."""
    user = request.user
    if not user.is_authenticated:
        raise PermissionDenied
    return user


@staff_required
def staff_dashboard(request: HttpRequest) -> HttpResponse:
    positions = active_positions().filter(user=staff_user(request)).select_related("agency__unit")
    return render(
        request,
        "core/dashboard.html",
        {"positions": positions, "scope": scope_for(request.user)},
    )


@require_GET
def health(request: HttpRequest) -> JsonResponse:
    """Liveness for the reverse proxy and `make run`: answers once the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


@require_GET
def switch_language(request: HttpRequest, code: str) -> HttpResponse:
    """Show the interface in another language (a link, so public pages need no form token)."""
    if code not in dict(settings.LANGUAGES):
        raise Http404
    target = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = redirect(target)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME, code, max_age=365 * 24 * 3600, samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )  # fmt: skip
    return response
