"""Who may read the API's description: staff members (the schema maps every endpoint)."""

from __future__ import annotations

from typing import Any

from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from motcua.org.access import is_staff_member


class IsStaffMember(BasePermission):
    def has_permission(self, request: Request, view: Any) -> bool:
        return is_staff_member(request.user)
