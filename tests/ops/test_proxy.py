"""motcua behind the shipped nginx configuration (deploy/nginx/motcua.conf), with TLS, in front
of two `motcua serve` nodes on loopback: client addresses reach the rate limits through the
trusted proxy, cookies are secure and HSTS is sent, nginx serves the static files itself, and a
node killed under load loses no request that was answered."""

from __future__ import annotations

import os
import re
import signal
import threading
import time
from pathlib import Path

import pytest
import requests
from requests.adapters import HTTPAdapter

from tests.network import free_port
from tests.ops.instances import clone, file_petition, serving_process
from tests.ops.nginx import nginx

RATE_LIMIT = 8  # public requests per minute per client address, for this test


class FromAddress(HTTPAdapter):
    """Connect from a given loopback address: each one is another client for the site."""

    def __init__(self, address: str) -> None:
        self.address = address
        super().__init__()

    def init_poolmanager(self, *args, **kwargs):
        kwargs["source_address"] = (self.address, 0)
        return super().init_poolmanager(*args, **kwargs)


def client(address: str, cert: Path) -> requests.Session:
    session = requests.Session()
    session.trust_env = False  # REQUESTS_CA_BUNDLE would replace the test's certificate
    session.mount("https://", FromAddress(address))
    session.mount("http://", FromAddress(address))
    session.verify = str(cert)
    return session


@pytest.fixture(scope="module")
def proxied(demo_instance, tmp_path_factory):
    folder = tmp_path_factory.mktemp("proxied")
    with clone(demo_instance, folder / "var", "proxied") as inst:
        inst.extra_env.update({
            "TRUSTED_PROXIES": "127.0.0.1", "BEHIND_HTTPS_PROXY": "true",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "MOTCUA_PUBLIC_RATE_LIMIT": str(RATE_LIMIT),
            "MOTCUA_PUBLIC_URL": "https://127.0.0.1",
        })  # fmt: skip
        if os.environ.get("REDIS_URL"):  # the suite's Redis, another database
            inst.extra_env["REDIS_URL"] = re.sub(r"/\d+$", "/14", os.environ["REDIS_URL"])
        inst.run("collectstatic", "--noinput", "-v0")
        nodes = [free_port(), free_port()]
        with serving_process(inst, port=nodes[0], workers=2) as (_, first), \
                serving_process(inst, port=nodes[1], workers=2) as (node, second), \
                nginx(folder, nodes=nodes, static=inst.var_dir / "static") as proxy:  # fmt: skip
            yield {**proxy, "nodes": (first, second), "inst": inst, "node": node}


def test_plain_http_is_sent_to_https_and_browsers_are_told_to_stay(proxied):
    plain = requests.get(f"{proxied['http']}/procedures/", allow_redirects=False, timeout=5)
    assert plain.status_code == 301
    assert plain.headers["Location"].startswith("https://")
    page = client("127.0.0.5", proxied["cert"]).get(f"{proxied['base']}/petitions/new/", timeout=5)
    assert page.status_code == 200
    assert "max-age=31536000" in page.headers["Strict-Transport-Security"]
    csrf = [c for c in page.cookies if c.name == "csrftoken"]
    assert csrf
    assert csrf[0].secure


def test_rate_limits_count_each_client_address_behind_the_proxy(proxied):
    url = f"{proxied['base']}/procedures/?q=khai+sinh"
    first, second = client("127.0.0.2", proxied["cert"]), client("127.0.0.3", proxied["cert"])
    # What a client claims is not believed: nginx sets the address it saw.
    answers = [first.get(url, headers={"X-Forwarded-For": f"10.0.0.{n}"}, timeout=5).status_code
               for n in range(RATE_LIMIT + 1)]  # fmt: skip
    assert answers[:RATE_LIMIT] == [200] * RATE_LIMIT
    assert answers[RATE_LIMIT] == 429
    assert second.get(url, timeout=5).status_code == 200  # another address, its own count


def test_static_files_are_served_by_nginx_itself(proxied):
    page = client("127.0.0.4", proxied["cert"]).get(f"{proxied['base']}/procedures/", timeout=5)
    stylesheet = re.search(r'href="(/static/[^"]+\.css)"', page.text)
    assert stylesheet is not None
    browser = client("127.0.0.4", proxied["cert"])
    served = browser.get(f"{proxied['base']}{stylesheet[1]}", timeout=5)
    assert served.status_code == 200
    assert served.headers["Content-Type"].startswith("text/css")
    assert "max-age=604800" in served.headers["Cache-Control"]  # nginx's "expires 7d"
    # The media folder is never served from disk.
    assert browser.get(f"{proxied['base']}/media/dossiers/", timeout=5).status_code == 404


def test_each_node_adds_up_its_workers_metrics_for_prometheus_only(proxied):
    def health_checks() -> float:
        page = requests.get(f"{proxied['node']}/metrics", timeout=5)
        assert page.status_code == 200
        found = re.search(r'^motcua_http_requests_total\{method="GET",status="200",'
                          r'view="health"\} (\S+)$', page.text, re.M)  # fmt: skip
        return float(found[1]) if found else 0.0

    before = health_checks()
    for _ in range(12):  # spread over the node's two workers
        assert requests.get(f"{proxied['node']}/health/", timeout=5).status_code == 200
    assert health_checks() == before + 12
    outside = client("127.0.0.7", proxied["cert"]).get(f"{proxied['base']}/metrics", timeout=5)
    assert outside.status_code == 404


def _file_petition(session: requests.Session, base: str, n: int) -> str | None:
    """A petition filed by a citizen: its code when the site answered, None when it failed."""
    try:
        filed = file_petition(session, base, title=f"Phản ánh số {n}")
    except requests.RequestException:
        return None
    if filed is None or filed.status_code != 302:
        return None
    return filed.headers["Location"].split("/petitions/")[1].split("?")[0]


def test_a_node_killed_under_load_loses_no_answered_request(proxied):
    base, cert = proxied["base"], proxied["cert"]
    answered: list[str] = []
    failed: list[int] = []
    stop = threading.Event()

    def citizens(group: int) -> None:
        n = 0
        while not stop.is_set():
            n += 1
            # Each petition from another citizen's address, so the rate limit never answers.
            session = client(f"127.0.{group}.{n % 250 + 1}", cert)
            code = _file_petition(session, base, group * 1000 + n)
            (answered.append(code) if code else failed.append(n))

    threads = [threading.Thread(target=citizens, args=(group,)) for group in range(10, 14)]
    for thread in threads:
        thread.start()
    time.sleep(3)
    before_kill = len(answered)
    first, _ = proxied["nodes"]
    os.killpg(first.pid, signal.SIGKILL)  # the node and its workers, mid-request
    time.sleep(4)
    stop.set()
    for thread in threads:
        thread.join(timeout=30)

    print(f"answered {before_kill} before the kill, {len(answered)} in all, {len(failed)} failed")
    assert before_kill > 0
    assert len(answered) > before_kill  # the other node went on serving
    assert len(failed) <= len(threads)  # at most the requests in flight on the killed node
    stored = {row[0] for row in proxied["inst"].query("SELECT code FROM petitions_petition")}
    assert set(answered) <= stored  # every answered petition is in the database

    # With both nodes down, the pages fail and nginx still serves the static files itself.
    _, second = proxied["nodes"]
    os.killpg(second.pid, signal.SIGKILL)
    second.wait(timeout=10)
    browser = client("127.0.0.6", cert)
    assert browser.get(f"{base}/procedures/", timeout=10).status_code == 502
    assert browser.get(f"{base}/static/motcua/build/motcua.css", timeout=10).status_code == 200
