"""Audit findings in words: what is wrong and how to fix it, in the user's language."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from motcua.catalog.audit import Finding, FindingCode, Severity
from motcua.org.models import Role

# (what is wrong, how to fix it); placeholders are filled from the finding and its process.
TEXTS: Mapping[FindingCode, tuple[Promise, Promise]] = {
    FindingCode.NO_STEPS: (
        _("The process has no steps."),
        _("Add the steps from receiving the dossier to returning the result."),
    ),
    FindingCode.MISSING_STEP_KIND: (
        _("The process has no “%(kind)s” step."),
        _("Add a “%(kind)s” step; every process must have one."),
    ),
    FindingCode.RECEIVE_NOT_FIRST: (
        _("Step %(step)s “%(step_name)s” comes before the receiving step."),
        _("Move the receiving step to the first place."),
    ),
    FindingCode.RETURN_NOT_LAST: (
        _("Step %(step)s “%(step_name)s” comes after the return of the result."),
        _("Move the return step to the last place."),
    ),
    FindingCode.MISSING_LEADER_APPROVAL: (
        _(
            "%(agency)s processes the dossier (step %(step)s) but no leader of %(agency)s "
            "approves it before the signature (step %(sign_step)s)."
        ),
        _(
            "Insert a “department leader review and approval” step for %(agency)s between "
            "step %(step)s and step %(sign_step)s."
        ),
    ),
    FindingCode.DURATION_OVER_LIMIT: (
        _(
            "The steps take %(total)s working hours, more than the %(limit)s the legal time "
            "limit allows."
        ),
        _("Shorten the steps so that together they fit in %(limit)s working hours."),
    ),
    FindingCode.DURATION_UNDER_LIMIT: (
        _(
            "The steps take %(total)s working hours but the legal time limit is %(limit)s: "
            "the plan and the appointment given to the applicant disagree."
        ),
        _("Give the remaining hours to the steps that need them, or correct the time limit."),
    ),
    FindingCode.ROLE_WITHOUT_STAFF: (
        _("Step %(step)s “%(step_name)s”: nobody is %(role)s in %(agency)s."),
        _("Grant the role %(role)s in %(agency)s to a staff member, or change the step."),
    ),
    FindingCode.SUPERSEDED_PROCEDURE_VERSION: (
        _(
            "The process was designed for version %(designed)s of the procedure, which is no "
            "longer in force."
        ),
        _("Review the process against the procedure in force and publish a new version of it."),
    ),
}


@dataclass(frozen=True, slots=True)
class DescribedFinding:
    code: FindingCode
    severity: Severity
    step: int | None
    message: str
    fix: str

    @property
    def blocking(self) -> bool:
        return self.severity is Severity.BLOCKING


def describe(
    finding: Finding,
    *,
    step_names: Mapping[int, str],
    agency_names: Mapping[int, str],
    kind_labels: Mapping[str, str],
    designed_version: int,
) -> DescribedFinding:
    params: dict[str, str] = {"designed": str(designed_version)}
    for key, value in finding.params.items():
        if isinstance(value, Decimal):
            params[key] = number_format(value.normalize(), use_l10n=True)
        else:
            params[key] = str(value)
    if "agency_id" in finding.params:
        params["agency"] = agency_names.get(int(finding.params["agency_id"]), "?")
    if "role" in finding.params:
        params["role"] = str(Role(str(finding.params["role"])).label)
    if "kind" in finding.params:
        params["kind"] = kind_labels.get(str(finding.params["kind"]), params["kind"])
    if finding.step is not None:
        params["step"] = str(finding.step)
        params["step_name"] = step_names.get(finding.step, "")
    message, fix = TEXTS[finding.code]
    return DescribedFinding(
        code=finding.code,
        severity=finding.severity,
        step=finding.step,
        message=str(message) % params,
        fix=str(fix) % params,
    )
