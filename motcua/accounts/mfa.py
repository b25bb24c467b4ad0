"""Who must use a second factor, and whether this session passed it.

Signing authorities sign results and administrators configure everything: their roles require
TOTP. Having an authenticator is not enough — each session must have used it (or just set it
up, which proves the same possession). The mark is bound to the user it was earned by.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from allauth.mfa.models import Authenticator

from motcua.org.access import has_role
from motcua.org.models import Role

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser
    from django.http import HttpRequest

    from motcua.accounts.models import User

SECOND_FACTOR_SESSION_KEY = "motcua_second_factor_user"


def mfa_required(user: User | AnonymousUser) -> bool:
    if not user.is_authenticated:
        return False
    return bool(user.is_superuser) or has_role(user, Role.SIGNING_AUTHORITY, Role.SYSTEM_ADMIN)


def has_totp(user: User) -> bool:
    return bool(Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists())


def second_factor_passed(request: HttpRequest, user: User) -> bool:
    """True when this session's holder proved the second factor of `user`."""
    return request.session.get(SECOND_FACTOR_SESSION_KEY) == str(user.pk)


def mark_second_factor(request: HttpRequest | None, user: Any, **_signal: Any) -> None:
    """allauth's `authenticator_used` / `authenticator_added`: this session proved the factor."""
    if request is not None and getattr(user, "pk", None) is not None:
        request.session[SECOND_FACTOR_SESSION_KEY] = str(user.pk)
