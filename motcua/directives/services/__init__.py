"""Directives and their tracking (directives.py: issuing, reporting, acceptance, reminders and
escalation) and inspections whose conclusions are directives (inspections.py)."""

from motcua.directives.services.directives import (
    Action,
    DirectiveData,
    ReportData,
    TaskData,
    assignment_accept,
    assignment_report,
    assignment_send_back,
    assignments_escalate,
    assignments_remind,
    directive_issue,
)
from motcua.directives.services.inspections import (
    CheckData,
    FindingData,
    inspection_plan,
    inspection_record,
)

__all__ = [
    "Action",
    "CheckData",
    "DirectiveData",
    "FindingData",
    "ReportData",
    "TaskData",
    "assignment_accept",
    "assignment_report",
    "assignment_send_back",
    "assignments_escalate",
    "assignments_remind",
    "directive_issue",
    "inspection_plan",
    "inspection_record",
]
