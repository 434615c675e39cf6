"""The TLS context made in a thread beside other work (infra.tls): what httpx's own
default would be, and its failures raised where the client is made."""

from __future__ import annotations

import ssl
from pathlib import Path

import certifi
import pytest

from omidesk.infra import tls


def test_a_plain_http_server_gets_no_context() -> None:
    assert tls.made_soon(False)() is False


def test_an_https_server_gets_a_verifying_context_with_the_ca_bundle(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    monkeypatch.delenv("SSL_CERT_DIR", raising=False)
    context = tls.made_soon(True)()
    assert isinstance(context, ssl.SSLContext)
    assert context.verify_mode == ssl.CERT_REQUIRED
    assert context.check_hostname is True
    assert context.cert_store_stats()["x509_ca"] > 100  # certifi's bundle, loaded


def test_ssl_cert_file_is_honoured_as_httpx_honours_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # One certificate of certifi's bundle, alone in a file of its own.
    bundle = Path(certifi.where()).read_text(encoding="ascii")
    end = "-----END CERTIFICATE-----"
    one = tmp_path / "one.pem"
    one.write_text(bundle[bundle.index("-----BEGIN CERTIFICATE-----") : bundle.index(end)] + end)
    monkeypatch.setenv("SSL_CERT_FILE", str(one))
    context = tls.made_soon(True)()
    assert isinstance(context, ssl.SSLContext)
    assert context.cert_store_stats()["x509_ca"] == 1


def test_a_context_that_cannot_be_made_fails_where_the_client_is_made(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("SSL_CERT_FILE", str(tmp_path / "missing.pem"))
    made = tls.made_soon(True)  # started: nothing raised yet
    with pytest.raises(FileNotFoundError):
        made()
