from __future__ import annotations

import pytest
import yaml
from django.core.management import call_command


@pytest.mark.django_db
def test_the_openapi_schema_is_valid_and_describes_every_endpoint(tmp_path):
    # Warnings fail too: an endpoint the generator cannot describe is an undocumented API.
    target = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    paths = yaml.safe_load(target.read_text())["paths"]
    for path in (
        "/api/v1/dossiers/",
        "/api/v1/dossiers/{code}/actions/forward/",
        "/api/v1/dossiers/{code}/actions/request_supplement/",
        "/api/v1/procedures/{code}/",
        "/api/v1/processes/{process_id}/audit",
        "/api/v1/calendar/add",
    ):
        assert path in paths
    # Each action says exactly what it needs.
    schema = yaml.safe_load(target.read_text())
    body = paths["/api/v1/dossiers/{code}/actions/request_supplement/"]["post"]["requestBody"]
    ref = body["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
    assert sorted(schema["components"]["schemas"][ref]["required"]) == ["items", "reason"]


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/schema/", "/api/docs/", "/api/redoc/"])
def test_the_api_description_is_for_staff_only(client, district, path):
    from motcua.org.models import Role
    from tests.factories import staff

    assert client.get(path).status_code in (401, 403)
    client.force_login(staff(Role.CLERK, district.desk_a))
    assert client.get(path).status_code == 200
