"""`motcua simulate`: the conformance scenarios, a rehearsal that keeps nothing, bad input, and
the property that a past period's table does not depend on what happened after it."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from motcua.accounts.models import User
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.org.models import Agency
from motcua.petitions.models import Petition
from motcua.petitions.models import Status as PetitionStatus
from motcua.simulation.runner import simulate
from motcua.simulation.scenario import LOCAL, ScenarioError, parse
from motcua.stats.kpi import parse_period
from motcua.workcal.services import calendar_for, calendar_version
from tests.worlds import vn

pytestmark = pytest.mark.django_db

CONFORMANCE = sorted((Path(__file__).parents[2] / "docs" / "conformance").glob("*.json"))


def test_the_suite_has_at_least_forty_scenarios_each_citing_its_rule():
    assert len(CONFORMANCE) >= 40
    for path in CONFORMANCE:
        data = json.loads(path.read_text(encoding="utf-8"))
        assert data.get("rule", "").strip(), f"{path.name} cites no rule"
        assert data.get("expect"), f"{path.name} expects nothing"


@pytest.mark.parametrize("path", CONFORMANCE, ids=[path.stem for path in CONFORMANCE])
def test_conformance_scenario(path):
    out = StringIO()
    try:
        call_command("simulate", str(path), "--check", stdout=out)
    except SystemExit:
        pytest.fail(out.getvalue())
    assert "✓" in out.getvalue()


def run(scenario: dict[str, Any]) -> dict[str, Any]:
    return simulate(parse(scenario, period_parser=parse_period))


SMALL = {
    "calendar": {"days_off": ["2025-03-05"]},
    "procedures": {"P3": {"time_limit": 3, "unit": "working_days"}},
    "dossiers": [{"id": "D1", "procedure": "P3", "events": [
        {"at": "2025-03-03 09:00", "do": "receive"},
        {"at": "2025-03-04 10:00", "do": "resolve"}]}],
    "petitions": [{"id": "K1", "kind": "delay", "events": [
        {"at": "2025-03-03 09:00", "do": "receive", "title": "T", "text": "N"}]}],
}  # fmt: skip


def test_a_rehearsal_keeps_nothing_on_a_populated_database(world, hotline):
    world.sign(world.receive(vn(2025, 3, 3, 8)), vn(2025, 3, 4, 9))
    hotline.petition_in(PetitionStatus.ANSWERED)
    counts = (Agency.objects.count(), User.objects.count(), Dossier.objects.count(),
              DossierEvent.objects.count(), Petition.objects.count())  # fmt: skip
    version = calendar_version()
    result = run(SMALL)
    assert result["dossiers"]["D1"]["due_at"] == "2025-03-07T17:00:00+07:00"  # 05/03 off
    assert counts == (Agency.objects.count(), User.objects.count(), Dossier.objects.count(),
                      DossierEvent.objects.count(), Petition.objects.count())  # fmt: skip
    # The scenario's day off existed only inside the rehearsal.
    assert calendar_version() == version
    assert calendar_for().is_working_day(date(2025, 3, 5))


def test_a_refused_event_is_reported_and_the_run_goes_on():
    result = run({
        "procedures": {"P3": {"time_limit": 3, "unit": "working_days"}},
        "dossiers": [{"id": "D1", "procedure": "P3", "events": [
            {"at": "2025-03-03 08:00", "do": "resolve"},
            {"at": "2025-03-03 09:00", "do": "receive"},
            {"at": "2025-03-04 09:00", "do": "return"},
            {"at": "2025-03-04 10:00", "do": "resolve"}]}],
    })  # fmt: skip
    dossier = result["dossiers"]["D1"]
    assert [refusal["do"] for refusal in dossier["refused"]] == ["resolve", "return"]
    assert all(refusal["reason"] for refusal in dossier["refused"])
    assert dossier["timeliness"] == "early"


def test_bad_scenarios_are_refused_with_every_problem_and_where_it_is():
    with pytest.raises(ScenarioError) as raised:
        parse({
            "procedures": {"P3": {"time_limit": -1, "unit": "weeks"}},
            "dossiers": [{"id": "D1", "procedure": "X", "events": [
                {"at": "03/03/2025 09:00", "do": "receive"},
                {"at": "2025-02-30 09:00", "do": "fly"}]}],
            "reports": [{"period": "2025-13"}],
            "colour": "red",
        }, period_parser=parse_period)  # fmt: skip
    problems = "\n".join(raised.value.problems)
    for where in ("procedures.P3.unit", "dossiers[0].procedure", "dossiers[0].events[0].at",
                  "dossiers[0].events[1].at", "dossiers[0].events[1].do", "reports[0].period",
                  "colour"):  # fmt: skip
        assert where in problems


def test_the_command_explains_bad_files_and_runs_nothing(tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    with pytest.raises(CommandError, match="không phải JSON"):
        call_command("simulate", str(broken))
    wrong = tmp_path / "wrong.json"
    wrong.write_text(json.dumps({"dossiers": [{"procedure": "P"}]}), encoding="utf-8")
    with pytest.raises(CommandError, match=r"dossiers\[0\]\.procedure"):
        call_command("simulate", str(wrong))
    with pytest.raises(CommandError, match=r"missing\.json"):
        call_command("simulate", str(tmp_path / "missing.json"))


def test_check_prints_every_mismatch_and_exits_1(tmp_path):
    scenario = tmp_path / "s.json"
    scenario.write_text(json.dumps({**SMALL, "expect": {"dossiers": {"D1": {
        "timeliness": "late", "due_at": "2025-03-07 17:00"}}}}), encoding="utf-8")  # fmt: skip
    out = StringIO()
    with pytest.raises(SystemExit) as exited:
        call_command("simulate", str(scenario), "--check", stdout=out)
    assert exited.value.code == 1
    assert "dossiers.D1.timeliness: expected 'late', got 'early'" in out.getvalue()
    assert "due_at" not in out.getvalue()  # the same instant, written in local time


def test_the_result_can_be_written_to_a_file(tmp_path):
    scenario, result = tmp_path / "s.json", tmp_path / "r.json"
    scenario.write_text(json.dumps(SMALL), encoding="utf-8")
    call_command("simulate", str(scenario), "-o", str(result), stdout=StringIO())
    written = json.loads(result.read_text(encoding="utf-8"))
    assert written["dossiers"]["D1"]["code"] == "SIM-250303-0001"
    assert written["petitions"]["K1"]["status"] == "received"


# --- the property: a past table is final once its period is over -----------------------------

START = datetime(2025, 3, 3, 9, 0, tzinfo=LOCAL)  # written as local times
# Pauses and resumptions twice as likely: they are what moves a due instant after the fact.
ACTIONS = ("request_supplement", "supply", "request_supplement", "supply", "resolve", "return",
           "apologise", "refuse", "withdraw", "cancel")  # fmt: skip


@st.composite
def timelines(draw):
    dossiers = []
    for number in range(draw(st.integers(1, 6))):
        at = START + timedelta(hours=draw(st.integers(0, 24 * 30)))
        events = [{"at": f"{at:%Y-%m-%d %H:%M}", "do": "receive",
                   "channel": draw(st.sampled_from(["desk", "online", "post"]))}]  # fmt: skip
        for _ in range(draw(st.integers(0, 5))):
            at += timedelta(hours=draw(st.integers(1, 24 * 8)))
            do = draw(st.sampled_from(ACTIONS))
            event = {"at": f"{at:%Y-%m-%d %H:%M}", "do": do}
            if do == "apologise":
                event["new_due"] = f"{at + timedelta(days=draw(st.integers(1, 20))):%Y-%m-%d} 16:00"
            events.append(event)
        limit = draw(st.sampled_from(["P3", "H12", "C10", "N"]))
        dossiers.append({"id": f"D{number}", "procedure": limit, "events": events})
    return dossiers


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
# Overdue at the end of March, then paused in April: its current due instant moves into April.
@example(
    dossiers=[{"id": "D", "procedure": "P3", "events": [
        {"at": "2025-03-24 10:00", "do": "receive", "channel": "desk"},
        {"at": "2025-04-01 09:00", "do": "request_supplement"},
        {"at": "2025-04-15 09:00", "do": "supply"}]}],
    period="2025-03",
)  # fmt: skip
@given(dossiers=timelines(), period=st.sampled_from(["2025-03", "2025-Q1", "2025-03", "2025-04"]))
def test_a_past_period_as_of_its_end_equals_the_same_period_after_everything(dossiers, period):
    end = parse_period(period)[1]
    result = run({
        "procedures": {"P3": {"time_limit": 3, "unit": "working_days"},
                       "H12": {"time_limit": 12, "unit": "working_hours"},
                       "C10": {"time_limit": 10, "unit": "calendar_days"},
                       "N": {"unit": "none"}},
        "dossiers": dossiers,
        "reports": [{"id": "then", "period": period, "as_of": f"{end:%Y-%m-%d} 23:59"},
                    {"id": "after", "period": period}],
    })  # fmt: skip
    assert result["reports"]["then"] == result["reports"]["after"]
