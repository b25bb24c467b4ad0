"""Factories that build the organisation for tests."""

from __future__ import annotations

from datetime import date
from functools import cache
from typing import Any

import factory
from django.contrib.auth.hashers import make_password

from motcua.accounts.models import User
from motcua.org.models import AdministrativeUnit, Agency, AgencyKind, Position, Role, UnitKind

TEST_PASSWORD = "correct horse battery staple"


@cache
def _test_password_hash() -> str:
    # Argon2 is deliberately slow: hash the shared test password once per run.
    return make_password(TEST_PASSWORD)


class UnitFactory(factory.django.DjangoModelFactory[AdministrativeUnit]):
    class Meta:
        model = AdministrativeUnit

    code = factory.Sequence(lambda n: f"U{n:04d}")
    name = factory.Sequence(lambda n: f"Xã Thử Nghiệm {n}")
    kind = UnitKind.COMMUNE
    valid_from = date(2009, 1, 1)


class AgencyFactory(factory.django.DjangoModelFactory[Agency]):
    class Meta:
        model = Agency

    code = factory.Sequence(lambda n: f"A{n:04d}")
    electronic_id = factory.Sequence(lambda n: f"H99.{n // 100:03d}.{n % 100:02d}")
    name = factory.Sequence(lambda n: f"UBND xã Thử Nghiệm {n}")
    kind = AgencyKind.PEOPLES_COMMITTEE
    unit = factory.SubFactory(UnitFactory)
    valid_from = date(2009, 1, 1)


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"Nguyễn Văn {n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.vn")
    password = factory.LazyFunction(_test_password_hash)


def staff(role: Role, agency: Agency, **user_fields: object) -> User:
    """A user holding one position."""
    user = UserFactory.create(**user_fields)
    Position.objects.create(user=user, agency=agency, role=role)
    return user


def log_in_with_second_factor(client: Any, user: User) -> None:
    """What a login with password and TOTP leaves in the session (real forms: tests/accounts)."""
    from motcua.accounts.mfa import SECOND_FACTOR_SESSION_KEY, has_totp

    client.force_login(user)
    if not has_totp(user):
        return  # nothing to pass: the user is sent to set TOTP up
    session = client.session
    session[SECOND_FACTOR_SESSION_KEY] = str(user.pk)
    session.save()
