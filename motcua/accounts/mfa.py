"""Who must use a second factor: signing authorities sign results, administrators configure all."""

from __future__ import annotations

from typing import TYPE_CHECKING

from allauth.mfa.models import Authenticator

from motcua.org.access import has_role
from motcua.org.models import Role

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from motcua.accounts.models import User


def mfa_required(user: User | AnonymousUser) -> bool:
    if not user.is_authenticated:
        return False
    return bool(user.is_superuser) or has_role(user, Role.SIGNING_AUTHORITY, Role.SYSTEM_ADMIN)


def has_totp(user: User) -> bool:
    return bool(Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists())
