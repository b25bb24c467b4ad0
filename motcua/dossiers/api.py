"""Dossier API: intake, scoped lists and details, and one endpoint per action (409 when illegal)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action as drf_action
from rest_framework.request import Request
from rest_framework.response import Response

from motcua.accounts.models import User
from motcua.core.errors import DomainError, NotFound
from motcua.core.parsing import parse_date
from motcua.dossiers import selectors, services
from motcua.dossiers.lifecycle import Action
from motcua.dossiers.models import (
    ApplicantKind,
    Channel,
    Dossier,
    DossierEvent,
    DossierStatus,
    DossierStep,
)
from motcua.org.guards import staff_user
from motcua.org.models import Agency


class StepSerializer(serializers.ModelSerializer[DossierStep]):
    agency = serializers.CharField(source="agency.code")
    name = serializers.CharField(source="process_step.name")
    assignee = serializers.CharField(source="assignee.get_full_name", default=None)

    class Meta:
        model = DossierStep
        fields = [
            "id", "position", "name", "kind", "role", "agency", "assignee", "status",
            "started_at", "due_at", "finished_at", "action", "comment", "timeliness",
        ]  # fmt: skip


class EventSerializer(serializers.ModelSerializer[DossierEvent]):
    actor = serializers.CharField(source="actor.get_full_name", default=None)

    class Meta:
        model = DossierEvent
        fields = [
            "sequence", "action", "at", "actor", "actor_role", "from_status", "to_status",
            "step", "comment",
        ]  # fmt: skip


class DossierSerializer(serializers.ModelSerializer[Dossier]):
    agency = serializers.CharField(source="agency.code")
    procedure = serializers.CharField(source="procedure_version.procedure.code")
    procedure_name = serializers.CharField(source="procedure_version.name")
    remaining_working_minutes = serializers.SerializerMethodField()
    due_soon = serializers.SerializerMethodField()

    def get_remaining_working_minutes(self, dossier: Dossier) -> int | None:
        timing = selectors.dossier_time_left(dossier)
        return timing.remaining_seconds // 60 if timing else None

    def get_due_soon(self, dossier: Dossier) -> bool:
        timing = selectors.dossier_time_left(dossier)
        return bool(timing and timing.due_soon)

    class Meta:
        model = Dossier
        fields = [
            "code", "reference", "agency", "procedure", "procedure_name", "channel", "status",
            "applicant_kind", "applicant_name", "received_at", "due_at", "new_due_at",
            "resolved_at", "returned_at", "timeliness", "supplement_requests",
            "remaining_working_minutes", "due_soon",
        ]  # fmt: skip


class DossierDetailSerializer(DossierSerializer):
    steps = StepSerializer(many=True, read_only=True)
    events = EventSerializer(many=True, read_only=True)

    class Meta(DossierSerializer.Meta):
        fields = [
            *DossierSerializer.Meta.fields,
            "applicant_id_number", "applicant_phone", "applicant_email", "applicant_address",
            "missing_items", "reason", "collected_by", "steps", "events",
        ]  # fmt: skip


class ApplicantInput(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=ApplicantKind.choices, default=ApplicantKind.PERSON)
    name = serializers.CharField(max_length=255)
    id_number = serializers.CharField(max_length=30, required=False, default="")
    phone = serializers.CharField(max_length=30, required=False, default="")
    email = serializers.EmailField(required=False, default="")
    address = serializers.CharField(max_length=500, required=False, default="")


class ComponentInput(serializers.Serializer[Any]):
    position = serializers.IntegerField(min_value=1, required=False, allow_null=True)
    name = serializers.CharField(max_length=1000)
    originals = serializers.IntegerField(min_value=0, default=0)
    copies = serializers.IntegerField(min_value=0, default=0)


class IntakeInput(serializers.Serializer[Any]):
    outcome = serializers.ChoiceField(choices=["receive", "guide", "refuse"], default="receive")
    agency = serializers.CharField(help_text="Receiving agency code.")
    procedure = serializers.CharField(help_text="Procedure code.")
    channel = serializers.ChoiceField(choices=Channel.choices, default=Channel.DESK)
    applicant = ApplicantInput()
    components = ComponentInput(many=True, required=False, default=list)
    missing = serializers.ListField(child=serializers.CharField(), required=False, default=list)
    reason = serializers.CharField(required=False, default="", allow_blank=True)


# --- one input per action: the schema says exactly what each needs -----------------------------


class StepInput(serializers.Serializer[Any]):
    step = serializers.IntegerField(
        required=False, allow_null=True, default=None,
        help_text="The step the person saw (refused with who handled it, if it moved on).",
    )  # fmt: skip


class StepEndInput(StepInput):
    comment = serializers.CharField(required=False, default="", allow_blank=True)


class RefuseInput(StepInput):
    comment = serializers.CharField(help_text="The legal reason for the refusal.")


class SendBackInput(StepInput):
    reason = serializers.CharField()
    to_position = serializers.IntegerField(
        required=False, allow_null=True, default=None,
        help_text="The earlier step's position (default: the one just before).",
    )  # fmt: skip


class SupplementInput(StepInput):
    items = serializers.ListField(child=serializers.CharField(), min_length=1)
    reason = serializers.CharField()


class ReturnInput(StepInput):
    collected_by = serializers.CharField(required=False, default="", allow_blank=True)


class ReasonInput(serializers.Serializer[Any]):
    reason = serializers.CharField()


class ApologyInput(ReasonInput):
    new_due_at = serializers.DateTimeField()


class ReassignInput(serializers.Serializer[Any]):
    to_user = serializers.CharField(help_text="Username.")
    reason = serializers.CharField(required=False, default="", allow_blank=True)
    co_handlers = serializers.ListField(
        child=serializers.CharField(), required=False, default=list, help_text="Usernames."
    )


class CommentInput(serializers.Serializer[Any]):
    comment = serializers.CharField()


class NothingInput(serializers.Serializer[Any]):
    pass


class MoveInput(ReasonInput):
    position = serializers.IntegerField(min_value=1)


class FixDueInput(ReasonInput):
    due_at = serializers.DateTimeField()


ACTION_INPUTS: dict[Action, type[serializers.Serializer[Any]]] = {
    Action.TAKE: StepInput,
    Action.FORWARD: StepEndInput,
    Action.APPROVE: StepEndInput,
    Action.SIGN: StepEndInput,
    Action.REFUSE: RefuseInput,
    Action.SEND_BACK: SendBackInput,
    Action.REQUEST_SUPPLEMENT: SupplementInput,
    Action.SUPPLY: NothingInput,
    Action.RETURN_RESULT: ReturnInput,
    Action.WITHDRAW: ReasonInput,
    Action.CANCEL: ReasonInput,
    Action.APOLOGISE: ApologyInput,
    Action.REASSIGN: ReassignInput,
    Action.COMMENT: CommentInput,
    Action.UNDO: ReasonInput,
    Action.MOVE_TO_STEP: MoveInput,
    Action.FIX_DUE: FixDueInput,
}


def _action_input(data: dict[str, Any]) -> services.ActionInput:
    """The service's input from one action's validated fields (usernames become accounts)."""
    names = [data.get("to_user", ""), *data.get("co_handlers", [])]
    users = {u.username: u for u in User.objects.filter(username__in=names, is_active=True)}
    return services.ActionInput(
        step_id=data.get("step"),
        comment=data.get("comment", ""),
        reason=data.get("reason", ""),
        items=tuple(data.get("items", ())),
        collected_by=data.get("collected_by", ""),
        to_position=data.get("to_position"),
        new_due_at=data.get("new_due_at"),
        to_user=users.get(data.get("to_user", "")),
        co_handlers=tuple(users[n] for n in data.get("co_handlers", []) if n in users),
        position=data.get("position"),
        due_at=data.get("due_at"),
    )


def _valid(serializer: serializers.Serializer[Any]) -> dict[str, Any]:
    """The validated input; otherwise every field's errors (api.errors renders them)."""
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


@extend_schema(
    parameters=[
        OpenApiParameter("agency", OpenApiTypes.STR, description="Receiving agency code."),
        OpenApiParameter("status", OpenApiTypes.STR, enum=DossierStatus.values),
        OpenApiParameter("procedure", OpenApiTypes.STR),
        OpenApiParameter("received_from", OpenApiTypes.DATE),
        OpenApiParameter("received_to", OpenApiTypes.DATE),
        OpenApiParameter("overdue", OpenApiTypes.BOOL),
        OpenApiParameter("q", OpenApiTypes.STR, description="Code or applicant, accents optional."),
    ]
)
class DossierViewSet(viewsets.ReadOnlyModelViewSet[Dossier]):
    """Dossiers the user may see; `POST` receives one; actions at `{code}/actions/{action}/`."""

    lookup_field = "code"
    lookup_value_regex = r"[^/]+"

    def get_serializer_class(self) -> type[DossierSerializer]:
        return DossierDetailSerializer if self.action == "retrieve" else DossierSerializer

    def get_queryset(self) -> QuerySet[Dossier]:
        params = self.request.query_params
        agency_code = params.get("agency")

        def day(name: str) -> date | None:
            value = params.get(name)
            parsed = parse_date(value)
            if value and parsed is None:
                raise DomainError(_("Dates are written YYYY-MM-DD."), field=name)
            return parsed

        return selectors.dossier_filter(
            selectors.dossiers_for(self.request.user),
            agency_id=Agency.objects.filter(code=agency_code).values_list("pk", flat=True).first()
            if agency_code
            else None,
            status=params.get("status") or None,
            procedure_code=params.get("procedure") or None,
            received_from=day("received_from"),
            received_to=day("received_to"),
            overdue=params.get("overdue") in ("1", "true"),
            query=params.get("q", "")[:100],
        ).order_by("-received_at", "-pk")

    def get_object(self) -> Dossier:
        dossier = selectors.dossier_for(self.request.user, self.kwargs["code"])
        return (
            Dossier.objects.prefetch_related(
                "steps__process_step", "steps__agency", "events__actor"
            )
            .select_related("agency", "procedure_version__procedure")
            .get(pk=dossier.pk)
        )

    @extend_schema(request=IntakeInput, responses={201: DossierDetailSerializer})
    def create(self, request: Request) -> Response:
        data = _valid(IntakeInput(data=request.data))
        actor = staff_user(request)
        agency = Agency.objects.filter(code=data["agency"]).first()
        if agency is None:
            raise NotFound
        applicant = services.ApplicantData(**data["applicant"])
        common = {"actor": actor, "agency": agency, "procedure_code": data["procedure"]}
        if data["outcome"] == "guide":
            dossier = services.dossier_guide(**common, applicant=applicant, missing=data["missing"])
        elif data["outcome"] == "refuse":
            dossier = services.dossier_refuse_intake(
                **common, applicant=applicant, reason=data["reason"]
            )
        else:
            dossier = services.dossier_receive(
                **common,
                applicant=applicant,
                channel=Channel(data["channel"]),
                components=[
                    services.ComponentReceived(
                        name=item["name"],
                        originals=item["originals"],
                        copies=item["copies"],
                        required_position=item.get("position"),
                    )
                    for item in data["components"]
                ],
            )
        body = DossierDetailSerializer(dossier).data
        if dossier.code:
            body["secret"] = dossier.secret  # for the receipt; not shown again in lists
        return Response(body, status=status.HTTP_201_CREATED)

    def _act(self, request: Request, code: str, action: Action) -> Response:
        dossier = selectors.dossier_for(request.user, code)
        data = _valid(ACTION_INPUTS[action](data=request.data))
        services.dossier_act(
            actor=staff_user(request), dossier_id=dossier.pk, action=action,
            data=_action_input(data),
        )  # fmt: skip
        self.kwargs["code"] = code
        return Response(DossierDetailSerializer(self.get_object()).data)


def _action_endpoint(action: Action) -> Any:
    """`POST /dossiers/{code}/actions/<action>/` with that action's own input."""

    def endpoint(self: DossierViewSet, request: Request, code: str) -> Response:
        return self._act(request, code, action)

    # Named before it is decorated: the router dispatches to the method by this name.
    endpoint.__name__ = endpoint.__qualname__ = f"act_{action}"
    routed = drf_action(detail=True, methods=["post"], url_path=f"actions/{action}")(endpoint)
    return extend_schema(
        request=ACTION_INPUTS[action],
        responses=DossierDetailSerializer,
        operation_id=f"dossiers_{action}",
    )(routed)


for _action in ACTION_INPUTS:
    setattr(DossierViewSet, f"act_{_action}", _action_endpoint(_action))
