"""Staff login: Argon2 passwords, lockout after repeated failures, TOTP where the role demands."""

from __future__ import annotations

import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.test import Client
from django.urls import reverse

from motcua.accounts.models import User
from motcua.org.models import Role
from tests.factories import TEST_PASSWORD, staff

pytestmark = pytest.mark.django_db


def log_in(client: Client, username: str, password: str = TEST_PASSWORD):
    return client.post(reverse("account_login"), {"login": username, "password": password})


def current_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def test_passwords_are_stored_with_argon2(district):
    user = staff(Role.CLERK, district.desk_a)
    user.set_password("một mật khẩu dài")
    user.save()
    assert User.objects.get(pk=user.pk).password.startswith("argon2")


def test_clerk_logs_in_and_lands_on_the_dashboard(district):
    staff(Role.CLERK, district.desk_a, username="clerk-a")
    client = Client()
    response = log_in(client, "clerk-a")
    assert response.status_code == 302
    assert response["Location"] == reverse("staff-dashboard")
    assert client.get(reverse("staff-dashboard")).status_code == 200


def test_wrong_password_is_refused_in_vietnamese(district):
    staff(Role.CLERK, district.desk_a, username="clerk-a")
    response = log_in(Client(), "clerk-a", "sai mật khẩu")
    assert response.status_code == 200
    assert "không đúng" in response.content.decode()


def test_account_locks_after_five_failures_even_with_the_right_password(district):
    staff(Role.CLERK, district.desk_a, username="clerk-a")
    client = Client()
    for _ in range(5):
        log_in(client, "clerk-a", "sai mật khẩu")
    response = log_in(client, "clerk-a")
    assert response.status_code in (403, 429)
    assert client.get(reverse("staff-dashboard")).status_code == 302  # still logged out


def test_nobody_can_sign_up_on_their_own():
    response = Client().get(reverse("account_signup"))
    assert b"id_password1" not in response.content


def test_signing_authority_without_totp_is_sent_to_set_it_up(district):
    chairman = staff(Role.SIGNING_AUTHORITY, district.committee)
    client = Client()
    client.force_login(chairman)
    page = client.get(reverse("staff-dashboard"))
    api = client.get("/api/v1/org/agencies/")
    assert page.status_code == 302
    assert page["Location"] == reverse("mfa_activate_totp")
    assert api.status_code == 403


def test_clerk_needs_no_second_factor(district):
    clerk = staff(Role.CLERK, district.desk_a)
    client = Client()
    client.force_login(clerk)
    assert client.get(reverse("staff-dashboard")).status_code == 200


def test_signing_authority_logs_in_with_password_and_totp_code(district):
    staff(Role.SIGNING_AUTHORITY, district.committee, username="chairman")
    chairman = User.objects.get(username="chairman")
    secret = generate_totp_secret()
    TOTP.activate(chairman, secret)
    client = Client()

    after_password = log_in(client, "chairman")
    assert after_password["Location"] == reverse("mfa_authenticate")
    assert client.get(reverse("staff-dashboard")).status_code == 302  # not in yet

    after_code = client.post(reverse("mfa_authenticate"), {"code": current_code(secret)})
    assert after_code.status_code == 302
    assert client.get(reverse("staff-dashboard")).status_code == 200


def test_signing_authority_cannot_remove_their_totp(district):
    chairman = staff(Role.SIGNING_AUTHORITY, district.committee)
    secret = generate_totp_secret()
    TOTP.activate(chairman, secret)
    client = Client()
    client.force_login(chairman)
    client.post(reverse("mfa_deactivate_totp"), {"code": current_code(secret)})
    assert Authenticator.objects.filter(user=chairman, type="totp").exists()


def with_totp(user: User) -> str:
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def test_admin_login_page_is_the_staff_login_with_its_second_factor(admin):
    with_totp(admin)
    client = Client()
    posted = client.post("/admin/login/", {"username": "admin", "password": TEST_PASSWORD})
    assert posted.status_code == 302
    assert posted["Location"].startswith(reverse("account_login"))
    assert client.get("/admin/").status_code == 302  # the password alone opened nothing
    assert client.get(reverse("staff-dashboard")).status_code == 302
    assert client.get("/api/v1/org/agencies/").status_code in (401, 403)


def test_a_session_that_skipped_the_code_is_logged_out_everywhere(district):
    # What any password-only path leaves behind: an authenticated session without the code.
    chairman = staff(Role.SIGNING_AUTHORITY, district.committee, username="chairman")
    with_totp(chairman)
    client = Client()
    client.force_login(chairman)
    page = client.get(reverse("staff-dashboard"))
    assert page.status_code == 302
    assert page["Location"].startswith(reverse("account_login"))
    assert client.get(reverse("staff-dashboard")).status_code == 302  # and stays out
    client.force_login(chairman)
    assert client.get("/api/v1/org/agencies/").status_code == 403


def test_admin_passes_with_password_and_code_through_the_one_login(admin):
    secret = with_totp(admin)
    client = Client()
    log_in(client, "admin")
    client.post(reverse("mfa_authenticate"), {"code": current_code(secret)})
    assert client.get("/admin/").status_code == 200
    assert client.get(reverse("staff-dashboard")).status_code == 200


@pytest.mark.django_db(transaction=True)  # allauth announces the new authenticator on commit
def test_setting_up_totp_passes_the_second_factor_for_that_session(district):
    chairman = staff(Role.SIGNING_AUTHORITY, district.committee, username="chairman")
    client = Client()
    log_in(client, "chairman")
    client.post(reverse("account_reauthenticate"), {"password": TEST_PASSWORD})
    setup = client.get(reverse("mfa_activate_totp"))
    secret = setup.context["form"].secret
    client.post(reverse("mfa_activate_totp"), {"code": current_code(secret)})
    assert has_totp_now(chairman)
    assert client.get(reverse("staff-dashboard")).status_code == 200


def has_totp_now(user: User) -> bool:
    return Authenticator.objects.filter(user=user, type="totp").exists()


def token_of(user: User) -> str:
    from rest_framework.authtoken.models import Token

    return str(Token.objects.create(user=user).key)


def test_api_tokens_of_roles_that_require_totp_are_refused(district):
    chairman = staff(Role.SIGNING_AUTHORITY, district.committee)
    with_totp(chairman)
    clerk = staff(Role.CLERK, district.desk_a)
    refused = Client().get(
        "/api/v1/org/agencies/", HTTP_AUTHORIZATION=f"Token {token_of(chairman)}"
    )
    accepted = Client().get("/api/v1/org/agencies/", HTTP_AUTHORIZATION=f"Token {token_of(clerk)}")
    assert refused.status_code == 403
    assert "xác thực hai lớp" in refused.json()["detail"]
    assert accepted.status_code == 200


def test_api_tokens_expire(district, settings):
    from datetime import timedelta

    from django.utils import timezone
    from rest_framework.authtoken.models import Token

    clerk = staff(Role.CLERK, district.desk_a)
    key = token_of(clerk)
    Token.objects.filter(key=key).update(
        created=timezone.now() - timedelta(days=settings.MOTCUA_API_TOKEN_DAYS + 1)
    )
    response = Client().get("/api/v1/org/agencies/", HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 403
    assert "hết hạn" in response.json()["detail"]
