from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    "path",
    [
        "/static/motcua/build/motcua.css",
        "/static/motcua/motcua.js",
        "/static/motcua/htmx-2.0.11.min.js",
    ],
)
def test_the_stylesheet_and_htmx_are_served(client, path):
    # Without them every page is unstyled and live search silently does nothing.
    response = client.get(path)
    assert response.status_code == 200
    assert b"".join(response.streaming_content)
