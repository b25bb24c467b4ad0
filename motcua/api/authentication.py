"""API tokens: for integrations and clerks' tools, never a way around the second factor."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

from motcua.accounts.mfa import mfa_required


class StaffTokenAuthentication(TokenAuthentication):
    """A token is refused once expired, and always for roles that require TOTP.

    A token carries no second factor: a signing authority or an administrator uses the API
    from a session that passed TOTP (RequireMfaMiddleware), never with a bare token.
    """

    def authenticate_credentials(self, key: str) -> tuple[Any, Any]:
        user, token = super().authenticate_credentials(key)
        lifetime = timedelta(days=settings.MOTCUA_API_TOKEN_DAYS)
        if token.created < timezone.now() - lifetime:
            raise exceptions.AuthenticationFailed(_("This token has expired."))
        if mfa_required(user):
            raise exceptions.AuthenticationFailed(
                _("Your role requires two-factor authentication: tokens are not accepted.")
            )
        return user, token
