from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from motcua.org.navigation import nav_items_for


def navigation(request: HttpRequest) -> dict[str, Any]:
    # Lazy: pages that do not render the navigation (API, login) never compute it.
    return {"nav_items": SimpleLazyObject(lambda: nav_items_for(request.user, request.path))}
