from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django.http import HttpRequest

from motcua.accounts.mfa import mfa_required


class StaffAccountAdapter(DefaultAccountAdapter):
    """Staff accounts are created by administrators; nobody signs up on their own."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False


class StaffMfaAdapter(DefaultMFAAdapter):
    """Who must keep a second factor cannot remove their last TOTP authenticator."""

    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        return not (
            authenticator.type == Authenticator.Type.TOTP and mfa_required(authenticator.user)
        )


def axes_username(request: HttpRequest, credentials: dict[str, str] | None) -> str | None:
    """The login name Axes counts failures for, however allauth passed it (username or email)."""
    if credentials:
        for key in ("username", "email", "login"):
            if credentials.get(key):
                return credentials[key].strip().lower()
    login = request.POST.get("login") if request is not None else None
    return login.strip().lower() if login else None
