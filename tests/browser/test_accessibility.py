"""Every key page, on a desk screen and on a phone, passes axe-core with no serious or critical
violation, never scrolls sideways on a phone, and gives a thumb 44 px targets on public pages.

axe-core comes from the npm registry (frontend/package-lock.json, installed by `make test`),
injected before the page's own scripts; the pages keep their Content-Security-Policy.
`make screenshots` runs this test with MOTCUA_SCREENSHOTS set: each page is saved there."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from motcua.catalog.models import ProcedureVersion
from motcua.directives.defaults import load_checklists
from motcua.directives.models import Assignment, Inspection, Recurrence, TaskKind
from motcua.directives.services import DirectiveData, TaskData, directive_issue, inspection_plan
from motcua.dossiers.models import DossierStatus
from motcua.org.demo import load_demo_organisation
from motcua.org.models import Role
from motcua.par.demo import load_demo as load_par_demo
from motcua.par.models import CriteriaSet
from motcua.surveys.models import Campaign
from motcua.surveys.services import (
    campaign_create,
    campaign_draw,
    questionnaire_default,
    response_submit,
)
from tests.browser.conftest import login, watch_csp
from tests.factories import staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).resolve().parents[2] / "frontend/node_modules/axe-core/axe.min.js"
VIEWPORTS = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}
TOUCH_TARGET = 44  # px, on public pages (WCAG 2.5.5)


@dataclass(frozen=True)
class Visit:
    name: str
    url: str
    who: str = ""  # "" for a citizen; else the world's member who is logged in


def _survey(world) -> Campaign:
    """A campaign collecting answers, with the one dossier the world returned in March 2019."""
    runner = staff(Role.REFORM_OFFICER, world.district.committee)
    world.dossier_in(DossierStatus.RETURNED)
    world.dossier_in(DossierStatus.RETURNED)
    questionnaire = questionnaire_default(2019)
    questionnaire.minimum_sample = 1  # the dashboard shows its factor tables
    questionnaire.save()
    campaign = campaign_create(
        actor=runner, name="Khảo sát quý I/2019", questionnaire=questionnaire,
        start=date(2019, 3, 1), end=date(2019, 3, 31),
        closes_on=timezone.localdate() + timedelta(30),
        unit_codes=[world.district.desk_a.unit.code], seed=1,
    )  # fmt: skip
    campaign_draw(actor=runner, campaign_id=campaign.pk)
    answered = campaign.invitations.order_by("pk").first()
    answers = {f"{factor}.HL": "4" for factor in range(1, 6)}
    response_submit(
        token=answered.token, channel="link", answers={**answers, "3.GY": "Hướng dẫn rõ ràng"}
    )
    return campaign


def _directive(world) -> tuple[Assignment, Inspection]:
    """A directive with a task for commune A, and an inspection of its one-stop unit."""
    directive_issue(actor=world.admin, data=DirectiveData(
        number="550/UBND-NV", issued_on=date(2018, 5, 11),
        issuing_agency_id=world.district.committee.pk, signer="Nguyễn Tuấn Anh",
        signer_title="Chủ tịch", subject="Thực hiện nhiệm vụ CCHC năm 2018",
        tasks=(TaskData("Tự kiểm tra Bộ phận một cửa", lead=(world.district.commune_a.pk,),
                        recurrence=Recurrence.QUARTERLY, until=date(2018, 12, 31),
                        kind=TaskKind.REPORT),),
    ))  # fmt: skip
    load_checklists()  # a browser test's database is emptied of migrations' rows
    inspection = inspection_plan(
        actor=world.admin, inspecting_agency_id=world.district.justice.pk,
        inspected_agency_id=world.district.desk_a.pk, checklist_code="mot-cua",
        planned_on=date(2018, 6, 1),
    )  # fmt: skip
    return Assignment.objects.get(agency=world.district.commune_a, period="2018-Q2"), inspection


def key_pages(world, hotline) -> list[Visit]:
    ProcedureVersion.objects.filter(procedure__code="1.000894").update(accepts_online=True)
    received = world.dossier_in(DossierStatus.IN_PROGRESS)
    ready = world.dossier_in(DossierStatus.READY_TO_RETURN)
    petition = hotline.petition_in("assigned")
    hotline.petition_in("received")
    track = f"{reverse('portal-track-dossier', args=[ready.code])}?s={ready.secret}"
    load_demo_organisation(password="x" * 12, reset_passwords=False)
    load_par_demo()
    par_set = CriteriaSet.objects.get(year=2017).pk
    commune_set = CriteriaSet.objects.get(level="commune").pk
    survey = _survey(world)
    commune_a = world.district.commune_a.unit.code
    task, inspection = _directive(world)
    return [
        Visit("home", reverse("portal-home")),
        Visit("procedures", reverse("portal-procedures")),
        Visit("procedure-search", f"{reverse('portal-procedures')}?q=ket+hon"),
        Visit("procedure", reverse("portal-procedure", args=["1.000894"])),
        Visit("submit", reverse("portal-submit", args=["1.000894"])),
        Visit("submit-contact", reverse("portal-submit-step", args=["1.000894", "contact"])),
        Visit("track-form", reverse("portal-track")),
        Visit("track", track),
        Visit("units", reverse("portal-units")),
        Visit("petition-form", reverse("petitions-file")),
        Visit("answers", reverse("petitions-answers")),
        Visit("verify-result", reverse("signatures-verify")),
        Visit("not-found", "/khong-co-trang-nay/"),
        Visit("login", reverse("account_login")),
        Visit("dashboard-clerk", reverse("staff-dashboard"), "clerk"),
        Visit("desk", f"{reverse('staff-desk')}?q=ket+hon", "clerk"),
        Visit("desk-intake", reverse("staff-desk-intake", args=["1.000894"]), "clerk"),
        Visit("desk-return", reverse("staff-desk-return"), "clerk"),
        Visit("dossier", reverse("staff-dossier", args=[ready.code]), "clerk"),
        Visit(
            "receipt-print",
            reverse("staff-dossier-slip-print", args=[ready.code, "receipt"]),
            "clerk",
        ),
        Visit("dossiers", reverse("staff-dossiers"), "clerk"),
        Visit("results-registry", reverse("signatures-registry"), "clerk"),
        Visit("statistics", f"{reverse('stats-statistics')}?period=2019-03", "clerk"),
        Visit("steps", f"{reverse('stats-steps')}?period=2019-03", "clerk"),
        Visit("catalogue", reverse("catalog-catalogue"), "clerk"),
        Visit("process-audit", reverse("catalog-audit"), "clerk"),
        Visit("agencies", reverse("org-agency-list"), "clerk"),
        Visit("calendar", reverse("workcal-current-year"), "clerk"),
        Visit("dashboard-specialist", reverse("staff-dashboard"), "specialist"),
        Visit("work", reverse("staff-work"), "specialist"),
        Visit("dossier-handling", reverse("staff-dossier", args=[received.code]), "specialist"),
        Visit("approvals", reverse("staff-approvals"), "leader"),
        Visit("sign-results", reverse("signatures-sign"), "leader"),
        Visit("hotline", reverse("petitions-hotline"), "operator"),
        Visit("petitions", reverse("petitions-list"), "operator"),
        Visit("petition", reverse("petitions-detail", args=[petition.code]), "hotline-specialist"),
        Visit("par-ranking", reverse("par-ranking", args=[par_set]), "reform"),
        Visit("par-scorecard", reverse("par-scorecard", args=[par_set, "251"]), "reform"),
        Visit("par-sets", reverse("par-sets"), "reform"),
        Visit("par-live", reverse("par-scorecard", args=[commune_set, "25.01"]), "reform"),
        Visit(
            "par-self", reverse("par-scorecard", args=[commune_set, commune_a]), "commune-official"
        ),
        Visit("survey-answer", reverse("surveys-answer", args=[survey.invitations.last().token])),
        Visit("survey-thanks", reverse("surveys-thanks")),
        Visit("survey-campaigns", reverse("surveys-campaigns"), "reform"),
        Visit("survey-campaign", reverse("surveys-campaign", args=[survey.pk]), "reform"),
        Visit("survey-sample", reverse("surveys-invitations", args=[survey.pk]), "reform"),
        Visit("survey-kiosk", reverse("surveys-kiosk", args=[survey.pk]), "clerk"),
        Visit(
            "index-766",
            f"{reverse('indices-766')}?unit={world.district.desk_a.unit.code}&period=2026",
            "reform",
        ),
        Visit("directives", reverse("directives"), "reform"),
        Visit("directive-new", reverse("directive-new"), "reform"),
        Visit(
            "directive-task", reverse("directive-assignment", args=[task.pk]), "commune-official"
        ),
        Visit("inspections", reverse("directive-inspections"), "reform"),
        Visit("inspection", reverse("directive-inspection", args=[inspection.pk]), "reform"),
        Visit("emulation", f"{reverse('directive-emulation')}?year=2018", "reform"),
    ]


AXE_RUN = """async () => {
  const results = await axe.run(document, {resultTypes: ["violations"]});
  return results.violations
    .filter(v => v.impact === "serious" || v.impact === "critical")
    .map(v => `${v.id} (${v.impact}): ` +
              v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(", "));
}"""

# Public pages: each link, button and field a thumb must hit, except links inside a sentence.
SMALL_TARGETS = """(minimum) => [...document.querySelectorAll(
    'a[href], button, input:not([type=hidden]), select, textarea, summary')]
  .filter(e => e.offsetParent !== null && !e.closest('p, .govuk-hint, td, th, .govuk-skip-link'))
  .filter(e => { const r = e.getBoundingClientRect(); return r.height < minimum && r.width > 0; })
  .map(e => `${e.tagName.toLowerCase()} "${(e.innerText || e.name || '').trim().slice(0, 40)}" ` +
            `${Math.round(e.getBoundingClientRect().height)}px`)"""


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_key_pages_are_accessible_on_a_desk_screen_and_a_phone(
    live_server, browser, world, hotline, viewport
):
    assert AXE.exists(), "axe-core is installed by `make test` (npm ci in frontend/)"
    visits = key_pages(world, hotline)
    people = {
        "clerk": world.clerk, "specialist": world.specialist, "leader": world.leader,
        "operator": hotline.operator, "hotline-specialist": hotline.specialist,
        "reform": staff(Role.REFORM_OFFICER, world.district.committee),
        "commune-official": staff(Role.SPECIALIST, world.district.commune_a),
    }  # fmt: skip
    pages: dict[str, Any] = {}
    problems: list[str] = []
    screenshots = os.environ.get("MOTCUA_SCREENSHOTS")
    size = VIEWPORTS[viewport]
    for visit in visits:
        if visit.who not in pages:
            page = (
                login(browser, live_server, people[visit.who], viewport=size)
                if visit.who
                else watch_csp(browser.new_context(locale="vi-VN", viewport=size).new_page())
            )
            page.context.add_init_script(path=str(AXE))
            pages[visit.who] = page
        page = pages[visit.who]
        answer = page.goto(f"{live_server.url}{visit.url}")
        expected = 404 if visit.name == "not-found" else 200
        if answer is None or answer.status != expected:  # an error page is no key page
            problems.append(f"{visit.name}: HTTP {answer.status if answer else '—'}")
        page.wait_for_load_state("load")
        for violation in page.evaluate(AXE_RUN):
            problems.append(f"{visit.name}: {violation}")
        if viewport == "phone":
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > size["width"]:
                problems.append(f"{visit.name}: scrolls sideways ({width} px)")
            if not visit.who:
                problems += [
                    f"{visit.name}: small target {t}"
                    for t in page.evaluate(SMALL_TARGETS, TOUCH_TARGET)
                ]
        if screenshots:
            Path(screenshots).mkdir(parents=True, exist_ok=True)
            page.screenshot(path=f"{screenshots}/{visit.name}-{viewport}.png", full_page=True)
    assert len(visits) >= 20
    assert problems == [], "\n".join(problems)
