"""The guard of every staff page: logged in and holding a position (org/access.py decides the
rest); a domain error raised inside the page renders as a page with its status."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import render
from django.utils.translation import gettext as _

from motcua.core.errors import DomainError, PermissionDenied
from motcua.org.access import is_staff_member

if TYPE_CHECKING:
    from motcua.accounts.models import User


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


def staff_user(request: HttpRequest) -> User:
    """The logged-in user of a view already guarded by staff_required."""
    user = request.user
    if not user.is_authenticated:
        raise PermissionDenied
    return user
