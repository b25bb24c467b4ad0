"""`POST /api/v1/results/verify` (multipart `file`): anyone checks a signed result; the JSON
of the public verification page."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from motcua.core.ratelimit import client_address, hit
from motcua.signatures.views import public_result, verification_of_upload


class ResultVerifyView(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list[type] = []
    parser_classes = [MultiPartParser]

    @extend_schema(
        request={"multipart/form-data": {"type": "object",
                                         "properties": {"file": {"type": "string",
                                                                 "format": "binary"}}}},
        responses=OpenApiTypes.OBJECT, tags=["results"],
    )  # fmt: skip
    def post(self, request: Request) -> Response:
        """Who signed the PDF, when, intact or not, trusted or not, and its registry entry."""
        if not hit(f"verify-api:{client_address(request)}",
                   limit=settings.MOTCUA_PUBLIC_RATE_LIMIT):  # fmt: skip
            return Response({"code": "rate_limited", "message": _(
                "Too many requests. Please wait a minute and try again.")}, status=429)  # fmt: skip
        verification, problem = verification_of_upload(request)
        if verification is None:
            return Response({"code": "invalid", "message": problem}, status=400)
        return Response(public_result(verification))
