"""A province's working day, compressed, for locust (run by bench/load_bench.py).

- An office (`Office`): its clerk receives a dossier at the desk, its specialist opens the work
  queue and the dossier and forwards it, its department leader opens the approvals and the
  dossier and approves it — three sessions, each with its own login, working on the office's own
  dossiers (two offices never race for one step). Signing needs the signer's second factor at
  login: the dossiers wait at the signature.
- Citizens (`Citizen`): the home page, a procedure search, a procedure's page, tracking a
  dossier received today (code and secret from its receipt), published petition answers, and
  now and then a petition filed through the portal's form.

Settings come from the environment: LOAD_CERT (the certificate to trust), LOAD_PASSWORD (the
demo password), LOAD_COMPONENTS (the procedure's documents, JSON).
"""

from __future__ import annotations

import json
import os
import random
import re
from collections import deque
from typing import Any

from locust import HttpUser, between, task

# A Justice (Tư pháp) procedure: the demo's specialist and leader work at BX.TP.
PROCEDURE, DESK = "BX-H-008", "BX.HCC"
SEARCHES = ("khai sinh", "hộ kinh doanh", "đất đai", "kết hôn", "xây dựng")
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
# Receipts of today's dossiers, for the citizens to track (code, secret).
RECEIPTS: deque[tuple[str, str]] = deque(maxlen=500)


def _session(user: HttpUser) -> None:
    user.client.trust_env = False  # REQUESTS_CA_BUNDLE would replace the test certificate
    user.client.verify = os.environ["LOAD_CERT"]


def _token(page: Any) -> str:
    found = CSRF.search(page.text)
    if found is None:
        raise AssertionError(f"no form on {page.url}")
    return found[1]


class Office(HttpUser):
    weight = 1
    wait_time = between(1, 3)

    def on_start(self) -> None:
        _session(self)
        self.cookies = {name: self._login(name) for name in ("clerk", "specialist", "leader")}
        self.client.cookies.clear()

    def _login(self, username: str) -> Any:
        self.client.cookies.clear()
        page = self.client.get("/accounts/login/", name="login page")
        self.client.post(
            "/accounts/login/",
            data={"login": username, "password": os.environ["LOAD_PASSWORD"],
                  "csrfmiddlewaretoken": _token(page)},
            headers={"Referer": f"{self.host}/accounts/login/"}, name="login",
        )  # fmt: skip
        if "sessionid" not in self.client.cookies:
            raise AssertionError(f"{username} could not log in")
        return self.client.cookies.copy()

    def _as(self, username: str) -> None:
        self.client.cookies = self.cookies[username]

    def _post_api(self, path: str, body: dict[str, Any], name: str) -> Any:
        return self.client.post(
            path, json=body, name=name,
            headers={"X-CSRFToken": self.client.cookies["csrftoken"], "Referer": f"{self.host}/"},
        )  # fmt: skip

    @task
    def one_dossier_through_the_office(self) -> None:
        self._as("clerk")
        self.client.get("/staff/desk/", name="staff: desk")
        received = self._post_api("/api/v1/dossiers/", {
            "agency": DESK, "procedure": PROCEDURE,
            "applicant": {"name": f"Nguyễn Văn {random.randint(1, 10**6)}", "kind": "person"},
            "components": json.loads(os.environ["LOAD_COMPONENTS"]),
        }, "staff: receive (API)")  # fmt: skip
        if received.status_code != 201:
            return
        code = received.json()["code"]
        RECEIPTS.append((code, received.json()["secret"]))
        self._post_api(f"/api/v1/dossiers/{code}/actions/forward/", {}, "staff: act (API)")

        self._as("specialist")
        self.client.get("/staff/work/?tab=to_take", name="staff: work queue")
        self.client.get(f"/staff/dossiers/{code}/", name="staff: dossier")
        self._post_api(f"/api/v1/dossiers/{code}/actions/forward/", {}, "staff: act (API)")

        self._as("leader")
        self.client.get("/staff/approvals/", name="staff: approvals")
        self.client.get(f"/staff/dossiers/{code}/", name="staff: dossier")
        self._post_api(f"/api/v1/dossiers/{code}/actions/approve/", {}, "staff: act (API)")
        self.client.get("/staff/dossiers/", name="staff: dossier list")


class Citizen(HttpUser):
    weight = 3
    wait_time = between(1, 4)

    def on_start(self) -> None:
        _session(self)

    @task(3)
    def search_and_read(self) -> None:
        self.client.get("/", name="public: home")
        found = self.client.get(
            "/procedures/", params={"q": random.choice(SEARCHES)}, name="public: search"
        )
        codes = re.findall(r'href="/procedures/([^/"]+)/"', found.text)
        if codes:
            self.client.get(f"/procedures/{random.choice(codes)}/", name="public: procedure")

    @task(3)
    def track(self) -> None:
        if RECEIPTS:
            code, secret = random.choice(RECEIPTS)
            self.client.get(f"/track/{code}", params={"s": secret}, name="public: track")

    @task(1)
    def petitions(self) -> None:
        self.client.get("/petitions/answers/", name="public: petition answers")
        if random.random() < 0.3:
            form = self.client.get("/petitions/new/", name="public: petition form")
            self.client.post(
                "/petitions/new/",
                data={"csrfmiddlewaretoken": _token(form), "title": "Đèn đường hỏng",
                      "content": "Đèn đường trước nhà văn hóa thôn hỏng hai tuần nay.",
                      "kind": "other", "channel": "", "email": "dan@example.vn"},
                headers={"Referer": f"{self.host}/petitions/new/"}, name="public: petition filed",
            )  # fmt: skip
