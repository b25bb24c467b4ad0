from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from motcua.accounts.mfa import has_totp, mfa_required, second_factor_passed

# Paths a user who still has to set up the second factor may reach.
_ALLOWED_PREFIXES = ("/accounts/", "/static/", "/i18n/")


class RequireMfaMiddleware:
    """Signing authorities and administrators act only in a session that passed TOTP.

    Without an authenticator they are sent to set one up. With one, a session that did not use
    it — a password alone at any login path — is logged out: the second factor is checked per
    session, not per account.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            not user.is_authenticated
            or request.path.startswith(_ALLOWED_PREFIXES)
            or not mfa_required(user)
            or second_factor_passed(request, user)
        ):
            return self.get_response(request)
        is_api = request.path.startswith("/api/")
        if not has_totp(user):
            if is_api:
                return HttpResponse(
                    _("Two-factor authentication must be set up first."), status=403
                )
            messages.warning(
                request, _("Your role requires two-factor authentication. Set it up to continue.")
            )
            return redirect(reverse("mfa_activate_totp"))
        logout(request)
        if is_api:
            return HttpResponse(_("Log in with your authenticator code first."), status=403)
        messages.warning(request, _("Your role requires your authenticator code: log in again."))
        return redirect(
            f"{reverse('account_login')}?{urlencode({'next': request.get_full_path()})}"
        )
