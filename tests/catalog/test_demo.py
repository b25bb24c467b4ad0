"""A fresh install has a real catalogue, and the audit has the seed's defect to show."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from motcua.catalog.audit import FindingCode
from motcua.catalog.models import Procedure, Process
from motcua.catalog.selectors import process_audit_report, processes_in_force

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_the_demo_catalogue_and_its_audit(tmp_path, settings):
    settings.VAR_DIR = tmp_path
    call_command("demo", stdout=StringIO())
    call_command("demo", stdout=StringIO())  # idempotent
    assert Procedure.objects.count() == 25
    today = timezone.localdate()
    # 14 district processes at the centre, 11 commune ones in two communes and in today's commune
    # that succeeded them (from 01/07/2025), and one re-published.
    assert processes_in_force(today).count() == 14 + 11 * 3
    findings = {
        (audit.process.procedure_version.name, audit.process.agency.code, finding.code)
        for audit in process_audit_report(processes_in_force(today), on=today)
        for finding in audit.findings
    }
    assert (
        "Cấp Giấy phép kinh doanh bán lẻ rượu",
        "BX.HCC",
        FindingCode.MISSING_LEADER_APPROVAL,
    ) in findings
    assert (
        "Chứng thực chữ ký trong giấy tờ, văn bản",
        "BX.GKHANH.MC",
        FindingCode.SUPERSEDED_PROCEDURE_VERSION,
    ) in findings
    assert {code for _name, agency, code in findings if agency == "BX.HCANH.MC"} == set()
    # Today's commune has Hương Canh's staff, carried over by the merger: nothing to report.
    assert {code for _name, agency, code in findings if agency == "PT.BXUYEN.MC"} == set()
    assert {code for _name, agency, code in findings if agency == "BX.GKHANH.MC"} == {
        FindingCode.ROLE_WITHOUT_STAFF,
        FindingCode.SUPERSEDED_PROCEDURE_VERSION,
    }
    # The district's other processes are complete.
    district_findings = {(name, code) for name, agency, code in findings if agency == "BX.HCC"}
    assert district_findings == {
        ("Cấp Giấy phép kinh doanh bán lẻ rượu", FindingCode.MISSING_LEADER_APPROVAL)
    }


def test_the_audit_command_exits_1_on_blocking_findings_and_writes_excel(tmp_path, settings):
    settings.VAR_DIR = tmp_path
    call_command("demo", stdout=StringIO())
    out = StringIO()
    with pytest.raises(SystemExit) as exit_status:
        call_command(
            "audit-processes", "--agency", "BX.HCC", "--xlsx", str(tmp_path / "a.xlsx"), stdout=out
        )
    assert exit_status.value.code == 1
    assert "Phòng Kinh tế - Hạ tầng" in out.getvalue()
    assert (tmp_path / "a.xlsx").stat().st_size > 0
    assert Process.objects.filter(agency__code="BX.HCC").count() == 14
