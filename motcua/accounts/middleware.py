from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from motcua.accounts.mfa import has_totp, mfa_required

# Paths a user who still has to set up the second factor may reach.
_ALLOWED_PREFIXES = ("/accounts/", "/static/", "/i18n/")


class RequireMfaMiddleware:
    """Send signing authorities and administrators without TOTP to its set-up page first."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and not request.path.startswith(_ALLOWED_PREFIXES)
            and not request.session.get("mfa_enrolled")
            and mfa_required(user)
        ):
            if not has_totp(user):
                if request.path.startswith("/api/"):
                    return HttpResponse(
                        _("Two-factor authentication must be set up first."), status=403
                    )
                messages.warning(
                    request,
                    _("Your role requires two-factor authentication. Set it up to continue."),
                )
                return redirect(reverse("mfa_activate_totp"))
            request.session["mfa_enrolled"] = True
        return self.get_response(request)
