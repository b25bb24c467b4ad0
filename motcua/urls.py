from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

from motcua.catalog import views as catalog_views
from motcua.core.metrics import metrics
from motcua.core.views import health, switch_language
from motcua.dashboard.views import staff_dashboard
from motcua.directives import views as directive_views
from motcua.dossiers import desk as desk_views
from motcua.dossiers import views as dossier_views
from motcua.indices import views as index_views
from motcua.org.views import agency_detail, agency_list
from motcua.par import views as par_views
from motcua.petitions import open311
from motcua.petitions import views as petition_views
from motcua.portal import views as portal_views
from motcua.signatures import views as signature_views
from motcua.stats import views as stats_views
from motcua.surveys import views as survey_views
from motcua.workcal.views import year_calendar, year_calendar_approve

# The admin has no login of its own: allauth's, with its second factor and its lockout.
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]

urlpatterns = [
    path("", portal_views.home, name="portal-home"),
    path("procedures/<str:code>/submit/", portal_views.submit, name="portal-submit"),
    path(
        "procedures/<str:code>/submit/<slug:step>/",
        portal_views.submit_step,
        name="portal-submit-step",
    ),
    path("submit/<int:dossier_id>/confirm/", portal_views.confirm, name="portal-confirm"),
    path("track/", portal_views.track_form, name="portal-track"),
    path("track/<str:code>", portal_views.track, name="portal-track-dossier"),
    path("track/<str:code>/receipt.pdf", portal_views.track_receipt, name="portal-track-receipt"),
    path("track/<str:code>/result.pdf", portal_views.track_result, name="portal-track-result"),
    path("track/<str:code>/supply", portal_views.track_supply, name="portal-track-supply"),
    path("track/<str:code>/rate", portal_views.track_rate, name="portal-track-rate"),
    path("units/", portal_views.units, name="portal-units"),
    path("petitions/new/", petition_views.file_petition, name="petitions-file"),
    path("petitions/answers/", petition_views.answers, name="petitions-answers"),
    path("petitions/<str:code>", petition_views.track, name="petitions-track"),
    path("petitions/<str:code>/follow-up", petition_views.follow_up, name="petitions-follow-up"),
    path("staff/hotline/", petition_views.hotline, name="petitions-hotline"),
    path("staff/hotline/<str:code>/triage/", petition_views.triage, name="petitions-triage"),
    path("staff/petitions/", petition_views.petition_list, name="petitions-list"),
    path("staff/petitions/<str:code>/", petition_views.petition_detail, name="petitions-detail"),
    path(
        "staff/petitions/<str:code>/files/<int:file_id>/",
        petition_views.attachment,
        name="petitions-attachment",
    ),
    path(
        "staff/petitions/<str:code>/letter.pdf",
        petition_views.answer_letter,
        name="petitions-letter",
    ),
    path("open311/v2/discovery.<str:fmt>", open311.discovery, name="open311-discovery"),
    path("open311/v2/services.<str:fmt>", open311.services, name="open311-services"),
    path(
        "open311/v2/services/<str:service_code>.<str:fmt>",
        open311.service_definition,
        name="open311-service",
    ),
    path("open311/v2/requests.<str:fmt>", open311.requests, name="open311-requests"),
    path(
        "open311/v2/requests/<str:request_id>.<str:fmt>",
        open311.request_detail,
        name="open311-request",
    ),
    path("open311/v2/tokens/<str:token_id>.<str:fmt>", open311.token, name="open311-token"),
    path("procedures/", portal_views.procedure_search, name="portal-procedures"),
    path("procedures/<str:code>/", portal_views.procedure_detail, name="portal-procedure"),
    path(
        "procedures/<str:code>/forms/<int:component_id>/",
        portal_views.component_template,
        name="portal-component-template",
    ),
    path("staff/", staff_dashboard, name="staff-dashboard"),
    path("survey/thanks/", survey_views.survey_thanks, name="surveys-thanks"),
    path("survey/<str:token>/", survey_views.survey_answer, name="surveys-answer"),
    path("staff/surveys/", survey_views.campaign_list, name="surveys-campaigns"),
    path("staff/surveys/<int:campaign_id>/", survey_views.campaign_detail, name="surveys-campaign"),
    path(
        "staff/surveys/<int:campaign_id>/sample/",
        survey_views.campaign_invitations,
        name="surveys-invitations",
    ),
    path("staff/surveys/<int:campaign_id>/act/", survey_views.campaign_act, name="surveys-act"),
    path(
        "staff/surveys/<int:campaign_id>/kiosk/", survey_views.campaign_kiosk, name="surveys-kiosk"
    ),
    path("staff/indices/766/", index_views.index_766, name="indices-766"),
    path("verify/", signature_views.verify_page, name="signatures-verify"),
    path("verify/<str:reference>/", signature_views.reference_page, name="signatures-reference"),
    path("staff/results/", signature_views.registry_page, name="signatures-registry"),
    path("staff/results/sign/", signature_views.sign_page, name="signatures-sign"),
    path("staff/directives/", directive_views.directive_overview, name="directives"),
    path("staff/directives/new/", directive_views.directive_new, name="directive-new"),
    path(
        "staff/directives/tasks/<int:assignment_id>/",
        directive_views.assignment_page,
        name="directive-assignment",
    ),
    path(
        "staff/directives/tasks/<int:assignment_id>/report/",
        directive_views.assignment_report_view,
        name="directive-report",
    ),
    path(
        "staff/directives/tasks/<int:assignment_id>/decide/",
        directive_views.assignment_decide_view,
        name="directive-decide",
    ),
    path(
        "staff/directives/tasks/<int:assignment_id>/draft.docx",
        directive_views.assignment_draft,
        name="directive-draft",
    ),
    path("staff/inspections/", directive_views.inspection_list, name="directive-inspections"),
    path("staff/emulation/", directive_views.emulation_page, name="directive-emulation"),
    path(
        "staff/inspections/<int:inspection_id>/",
        directive_views.inspection_page,
        name="directive-inspection",
    ),
    path(
        "staff/directives/<int:directive_id>/document/",
        directive_views.directive_file,
        name="directive-file",
    ),
    path(
        "staff/directives/evidence/<int:evidence_id>/",
        directive_views.evidence_file,
        name="directive-evidence",
    ),
    path("staff/par/", par_views.par_sets, name="par-sets"),
    path("staff/par/import/", par_views.par_set_import, name="par-set-import"),
    path("staff/par/evidence/<int:file_id>/", par_views.par_evidence, name="par-evidence"),
    path("staff/par/<int:set_id>/", par_views.par_ranking, name="par-ranking"),
    path("staff/par/<int:set_id>/criteria.xlsx", par_views.par_set_export, name="par-set-export"),
    path("staff/par/<int:set_id>/<str:unit_code>/", par_views.par_scorecard, name="par-scorecard"),
    path("staff/par/<int:set_id>/<str:unit_code>/act/", par_views.par_act, name="par-act"),
    path("staff/org/", agency_list, name="org-agency-list"),
    path("staff/org/<int:agency_id>/", agency_detail, name="org-agency-detail"),
    path("staff/catalogue/", catalog_views.catalogue, name="catalog-catalogue"),
    path("staff/catalogue/export/", catalog_views.catalogue_export, name="catalog-export"),
    path("staff/catalogue/import/", catalog_views.catalogue_import, name="catalog-import"),
    path("staff/processes/audit/", catalog_views.process_audit, name="catalog-audit"),
    path("staff/processes/<int:process_id>/", catalog_views.process_detail, name="catalog-process"),
    path("staff/desk/", desk_views.desk, name="staff-desk"),
    path("staff/desk/return/", desk_views.desk_return, name="staff-desk-return"),
    path("staff/desk/<str:code>/", desk_views.desk_intake, name="staff-desk-intake"),
    path("staff/online/<str:code>/check/", desk_views.online_check, name="staff-online-check"),
    path("staff/work/", dossier_views.work_queues_page, name="staff-work"),
    path("staff/approvals/", dossier_views.approvals, name="staff-approvals"),
    path("staff/dossiers/", dossier_views.dossier_list, name="staff-dossiers"),
    path("staff/dossiers/<str:code>/", dossier_views.dossier_detail, name="staff-dossier"),
    path(
        "staff/intake/<int:dossier_id>/slips/<str:kind>.<str:fmt>",
        dossier_views.intake_slip,
        name="staff-intake-slip",
    ),
    path("staff/dossiers/<str:code>/act/", dossier_views.dossier_action, name="staff-dossier-act"),
    path("staff/dossiers/<str:code>/fees/", dossier_views.dossier_fee, name="staff-dossier-fee"),
    path(
        "staff/dossiers/<str:code>/components/<int:component_id>/certify/",
        dossier_views.dossier_certify,
        name="staff-dossier-certify",
    ),
    path(
        "staff/dossiers/<str:code>/slips/<str:kind>.<str:fmt>",
        dossier_views.dossier_slip,
        name="staff-dossier-slip",
    ),
    path(
        "staff/dossiers/<str:code>/slips/<str:kind>/print/",
        dossier_views.dossier_slip_print,
        name="staff-dossier-slip-print",
    ),
    path(
        "staff/dossiers/<str:code>/files/<str:kind>/<int:file_id>/",
        dossier_views.dossier_file,
        name="staff-dossier-file",
    ),
    path("staff/statistics/", stats_views.statistics, name="stats-statistics"),
    path("staff/statistics/cell/", stats_views.statistics_cell, name="stats-cell"),
    path("staff/statistics/steps/", stats_views.department_statistics, name="stats-steps"),
    path("staff/statistics/steps/cell/", stats_views.department_cell, name="stats-steps-cell"),
    path("staff/calendar/", year_calendar, name="workcal-current-year"),
    path("staff/calendar/<int:year>/", year_calendar, name="workcal-year"),
    path("staff/calendar/<int:year>/approve/", year_calendar_approve, name="workcal-year-approve"),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("api/", include("motcua.api.urls")),
    path("i18n/<str:code>/", switch_language, name="switch-language"),
    path("health/", health, name="health"),
    path("metrics", metrics, name="metrics"),
]
