"""The TLS context made in a thread beside other work (infra.tls): what httpx's own
default would be, and its failures raised where the client is made."""

from __future__ import annotations

import ssl
from pathlib import Path

import certifi
import pytest

from omidesk.domain.catalogue import explain
from omidesk.domain.errors import SetupError
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
    with pytest.raises(SetupError) as raised:
        made()
    error = raised.value
    assert error.code == "tls_ca_unreadable"
    assert error.params["source"] == "SSL_CERT_FILE"
    assert error.params["path"] == str(tmp_path / "missing.pem")
    said = explain(error, "en")
    assert said.message.startswith("The certificate authorities that SSL_CERT_FILE names")
    assert "unset it" in said.next_step


@pytest.mark.parametrize(
    "content",
    [b"not a certificate\n", b"\x00\xff" * 4096, b"-----BEGIN CERTIFICATE-----\nAAAA\n"],
    ids=["text", "binary", "a broken certificate"],
)
def test_a_bundle_that_is_no_bundle_is_said_as_one(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, content: bytes
) -> None:
    bundle = tmp_path / "bundle.pem"
    bundle.write_bytes(content)
    monkeypatch.setenv("SSL_CERT_FILE", str(bundle))
    with pytest.raises(SetupError) as raised:
        tls.made_now(True)
    assert raised.value.params["source"] == "SSL_CERT_FILE"
    assert len(raised.value.params["detail"]) <= 200


def test_a_plain_http_server_needs_no_bundle_even_a_broken_one(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("SSL_CERT_FILE", str(tmp_path / "missing.pem"))
    assert tls.made_now(False) is False
    assert tls.made_soon(False)() is False
