"""nginx (the Debian package) with the shipped configuration (deploy/nginx/motcua.conf), TLS with
a certificate made here, in front of `motcua serve` nodes on loopback — for the proxy tests and
the load benchmark (bench/load_bench.py)."""

from __future__ import annotations

import datetime as dt
import ipaddress
import os
import re
import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import requests
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from tests.network import free_port
from tests.ops.instances import ROOT


def self_signed(folder: Path) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = dt.datetime.now(dt.UTC)
    certificate = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name)
        .public_key(key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5)).not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([
            x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )  # fmt: skip
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))  # fmt: skip
    return cert_path, key_path


def site_conf(*, https: int, http: int, nodes: list[int], static: Path, cert: Path,
               key: Path) -> str:  # fmt: skip
    """The shipped configuration with this machine's ports and paths where it says 'adapt'."""
    conf = (ROOT / "deploy" / "nginx" / "motcua.conf").read_text()
    upstream = "".join(f"    server 127.0.0.1:{port} max_fails=1 fail_timeout=10s;\n"
                       for port in nodes)  # fmt: skip
    conf = re.sub(r"(    server 127\.0\.0\.1:800\d [^\n]*\n)+", upstream, conf)
    conf = re.sub(r"\s+listen \[::\]:\d+[^;]*;", "", conf)
    conf = conf.replace("listen 80;", f"listen 127.0.0.1:{http};")
    conf = conf.replace("listen 443 ssl http2;", f"listen 127.0.0.1:{https} ssl http2;")
    conf = conf.replace("/srv/motcua/var/static/", f"{static}/")
    conf = conf.replace("/etc/ssl/motcua/fullchain.pem", str(cert))
    conf = conf.replace("/etc/ssl/motcua/privkey.pem", str(key))
    return conf.replace("motcua.example.gov.vn", "localhost 127.0.0.1")


@contextmanager
def nginx(
    folder: Path, *, nodes: list[int], static: Path, workers: int = 2
) -> Iterator[dict[str, object]]:
    """nginx on free loopback ports before `nodes`: {"base": https URL, "http": plain URL,
    "cert": the certificate to trust}, until the block ends."""
    binary = shutil.which("nginx") or "/usr/sbin/nginx"
    cert, key = self_signed(folder)
    https, http = free_port(), free_port()
    prefix = folder / "nginx"
    prefix.mkdir()
    (prefix / "motcua.conf").write_text(
        site_conf(https=https, http=http, nodes=nodes, static=static, cert=cert, key=key)
    )
    (prefix / "nginx.conf").write_text(
        ("user root;\n" if os.geteuid() == 0 else "")
        + f"worker_processes {workers};\npid {prefix}/nginx.pid;\nerror_log {prefix}/error.log;\n"
        f"events {{ worker_connections 1024; }}\n"
        f"http {{\n include /etc/nginx/mime.types;\n access_log {prefix}/access.log;\n"
        f" client_body_temp_path {prefix}/body; proxy_temp_path {prefix}/proxy;\n"
        f" fastcgi_temp_path {prefix}/fcgi; uwsgi_temp_path {prefix}/uwsgi;"
        f" scgi_temp_path {prefix}/scgi;\n include {prefix}/motcua.conf;\n}}\n"
    )  # fmt: skip
    proxy = subprocess.Popen(  # noqa: S603
        [binary, "-p", str(prefix), "-c", str(prefix / "nginx.conf"), "-g", "daemon off;"],
        stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        _wait_for(f"https://127.0.0.1:{https}/health/", cert, proxy)
        yield {"base": f"https://127.0.0.1:{https}", "http": f"http://127.0.0.1:{http}",
               "cert": cert}  # fmt: skip
    finally:
        proxy.terminate()
        proxy.wait(timeout=10)


def _wait_for(url: str, cert: Path, proxy: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 20
    session = requests.Session()
    session.trust_env = False  # REQUESTS_CA_BUNDLE would replace this certificate
    while True:
        try:
            if session.get(url, timeout=2, verify=str(cert)).status_code == 200:
                return
        except requests.RequestException:
            pass
        if proxy.poll() is not None or time.monotonic() > deadline:
            proxy.kill()
            _, errors = proxy.communicate()
            raise AssertionError(f"nginx did not start: {errors.decode()}")
        time.sleep(0.2)
