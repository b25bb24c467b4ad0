"""schemathesis against the API's own OpenAPI schema, over HTTP to a live server, with a
clerk's token: generated requests — valid and invalid — never make a server error."""

from __future__ import annotations

import pytest
import schemathesis
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error

from tests.worlds import World, vn

schema = schemathesis.openapi.from_dict(SchemaGenerator().get_schema(request=None, public=True))


@pytest.fixture
def token(district, admin, staffed) -> str:
    world = World(district, admin, staffed)
    for hour in (8, 9, 10):  # dossiers to read and to act on
        world.receive(vn(2019, 3, 4, hour))
    return str(Token.objects.create(user=world.clerk).key)


@pytest.mark.django_db(transaction=True)
@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_generated_requests_never_make_a_server_error(case, live_server, token):
    case.call_and_validate(
        base_url=live_server.url,
        headers={"Authorization": f"Token {token}"},
        checks=[not_a_server_error],
    )
