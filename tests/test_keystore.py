"""API key storage: the keyring first, a 0600 file where no keyring keeps it, env on top."""

from __future__ import annotations

import json
import logging
import os
import stat
import time
from pathlib import Path

import keyring
import pytest
from keyring.backends.fail import Keyring as FailKeyring

from omidesk.infra.keystore import KEYRING_FRESH_S, SERVICE, USERNAME, KeyLocation, KeyStore
from omidesk.infra.paths import default_paths
from tests.fake_keyring import STORE_ENV, FileKeyring, ForgetfulKeyring

SECRET = "sk-test-0123456789abcdef"


@pytest.fixture
def store() -> KeyStore:
    return KeyStore(default_paths().secret_file)


def keyring_file() -> dict[str, str]:
    path = Path(os.environ[STORE_ENV])
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def test_nothing_stored_reads_as_none(store: KeyStore):
    assert store.get() is None
    assert store.location() == KeyLocation.NONE


def test_key_goes_to_the_keyring_not_to_a_file(store: KeyStore):
    assert store.set(f"  {SECRET}\n") == KeyLocation.KEYRING
    assert keyring_file() == {f"{SERVICE}/{USERNAME}": SECRET}
    assert not store.fallback_file.exists()
    assert store.get() == SECRET
    assert store.location() == KeyLocation.KEYRING


def test_a_second_keystore_reads_the_stored_key(store: KeyStore):
    store.set(SECRET)
    assert KeyStore(default_paths().secret_file).get() == SECRET


def test_empty_key_is_refused_and_nothing_stored(store: KeyStore):
    with pytest.raises(ValueError, match="empty"):
        store.set("   ")
    assert keyring_file() == {}
    assert not store.fallback_file.exists()


@pytest.mark.parametrize("backend", [ForgetfulKeyring, FailKeyring], ids=["forgetful", "fail"])
def test_without_a_working_keyring_the_key_goes_to_a_0600_file(
    store: KeyStore, backend: type, caplog: pytest.LogCaptureFixture
):
    keyring.set_keyring(backend())
    caplog.set_level(logging.DEBUG)
    assert store.set(SECRET) == KeyLocation.FILE
    assert stat.S_IMODE(store.fallback_file.stat().st_mode) == 0o600
    assert store.fallback_file.read_text(encoding="utf-8").strip() == SECRET
    assert store.get() == SECRET
    assert store.location() == KeyLocation.FILE
    assert [p.name for p in store.fallback_file.parent.iterdir()] == ["api_key"]  # no temp
    assert SECRET not in caplog.text


def test_a_later_keyring_store_removes_the_fallback_file(store: KeyStore):
    keyring.set_keyring(ForgetfulKeyring())
    assert store.set("old-key") == KeyLocation.FILE
    # The keyring works again (unlocked, installed): the file must not outlive it.
    keyring.set_keyring(FileKeyring())
    assert store.set(SECRET) == KeyLocation.KEYRING
    assert not store.fallback_file.exists()
    assert store.get() == SECRET
    assert store.location() == KeyLocation.KEYRING


def test_fallback_file_wins_over_a_stale_keyring_entry(store: KeyStore):
    store.set("stale-key")
    keyring.set_keyring(ForgetfulKeyring())
    store.set(SECRET)
    keyring.set_keyring(FileKeyring())  # the old entry is still there
    assert store.get() == SECRET


def test_env_variable_wins_over_keyring_and_file(monkeypatch: pytest.MonkeyPatch):
    path = default_paths().secret_file
    KeyStore(path).set("stored-key")
    monkeypatch.setenv("OMIDESK_API_KEY", "  env-key ")
    store = KeyStore(path)
    assert store.get() == "env-key"
    assert store.location() == KeyLocation.ENV


def test_environ_mapping_is_used_when_given(store: KeyStore):
    store.set("stored-key")
    assert KeyStore(store.fallback_file, environ={"OMIDESK_API_KEY": "env-key"}).get() == "env-key"
    assert KeyStore(store.fallback_file, environ={"OMIDESK_API_KEY": ""}).get() == "stored-key"


def test_delete_removes_the_key_everywhere(store: KeyStore):
    store.set(SECRET)
    store.delete()
    assert store.get() is None
    assert store.location() == KeyLocation.NONE
    assert keyring_file() == {}


def test_delete_removes_the_fallback_file(store: KeyStore):
    keyring.set_keyring(ForgetfulKeyring())
    store.set(SECRET)
    store.delete()
    assert not store.fallback_file.exists()
    assert store.get() is None


def test_delete_with_nothing_stored_is_harmless(store: KeyStore):
    store.delete()
    assert store.get() is None


def test_empty_fallback_file_counts_as_no_key(store: KeyStore):
    store.fallback_file.parent.mkdir(parents=True)
    store.fallback_file.write_text("\n", encoding="utf-8")
    assert store.get() is None


# --- the key file: private, and never another user's -------------------------------------------


def stored_in_file(store: KeyStore, key: str = SECRET) -> None:
    keyring.set_keyring(ForgetfulKeyring())
    assert store.set(key) == KeyLocation.FILE
    keyring.set_keyring(FileKeyring())


def test_the_key_file_and_its_folder_are_created_private(store: KeyStore):
    stored_in_file(store)
    if os.name == "posix":
        assert stat.S_IMODE(store.fallback_file.stat().st_mode) == 0o600
        assert stat.S_IMODE(store.fallback_file.parent.stat().st_mode) == 0o700


def test_a_stale_temp_file_left_open_to_others_never_holds_the_key(store: KeyStore):
    """The old writer reused `api_key.tmp` with O_TRUNC: an existing temp file kept its
    mode (or was a link to elsewhere) while the key was written into it."""
    folder = store.fallback_file.parent
    folder.mkdir(parents=True)
    if os.name != "posix":  # symbolic links need privileges there
        return
    elsewhere = folder.parent / "elsewhere"
    elsewhere.write_text("", encoding="utf-8")
    (folder / "api_key.tmp").symlink_to(elsewhere)
    stored_in_file(store)
    assert SECRET not in elsewhere.read_text(encoding="utf-8")
    assert store.get() == SECRET


@pytest.mark.parametrize("loose", [0o644, 0o640, 0o604, 0o620, 0o666], ids=oct)
def test_a_key_file_others_may_read_or_change_is_made_private_with_a_warning(
    store: KeyStore, loose: int
):
    stored_in_file(store)
    store.fallback_file.chmod(loose)
    notices: list = []
    reader = KeyStore(store.fallback_file, on_notice=notices.append)
    assert reader.get() == SECRET
    if os.name == "posix":
        assert stat.S_IMODE(store.fallback_file.stat().st_mode) == 0o600
        assert [notice.code for notice in notices] == ["key_file_made_private"]
        assert notices[0].params == {"path": str(store.fallback_file)}
    reader.get()
    reader.location()
    assert len(notices) <= 1  # told once, not at every read


def test_another_users_key_file_is_ignored_with_a_warning(
    store: KeyStore, monkeypatch: pytest.MonkeyPatch
):
    stored_in_file(store, "planted-key")
    store_in_keyring = KeyStore(store.fallback_file)
    if os.name != "posix":  # owners do not apply: the file is used as it is
        assert store_in_keyring.get() == "planted-key"
        return
    keyring.set_password(SERVICE, USERNAME, SECRET)
    uid = os.getuid()
    monkeypatch.setattr(os, "getuid", lambda: uid + 1)
    notices: list = []
    reader = KeyStore(store.fallback_file, on_notice=notices.append)
    assert reader.get() == SECRET  # the planted file does not win over the keyring
    assert reader.location() == KeyLocation.KEYRING
    assert [notice.code for notice in notices] == ["key_file_not_yours"]


def test_key_file_warnings_read_well_in_both_languages(store: KeyStore):
    from omidesk.domain.catalogue import explain

    for code in ("key_file_made_private", "key_file_not_yours"):
        english = explain(code, "en", path=str(store.fallback_file))
        vietnamese = explain(code, "vi", path=str(store.fallback_file))
        assert str(store.fallback_file) in english.message
        assert str(store.fallback_file) in vietnamese.message
        assert english.message != vietnamese.message


# --- the partner's key: its own keyring entry, file and variable (issue 18) ---------------

PARTNER_SECRET = "partner-key-9876543210fedcba"


def partner_store(environ: dict[str, str] | None = None, **kwargs) -> KeyStore:
    from omidesk.infra.keystore import PARTNER_KEY

    return KeyStore(default_paths().partner_secret_file, environ, entry=PARTNER_KEY, **kwargs)


def test_the_partner_key_has_its_own_keyring_entry_and_never_mixes_with_the_agents(
    store: KeyStore,
):
    store.set(SECRET)
    partner = partner_store()
    assert partner.get() is None  # the agent's key is not the partner's
    assert partner.set(PARTNER_SECRET) == KeyLocation.KEYRING
    assert keyring_file() == {
        f"{SERVICE}/{USERNAME}": SECRET,
        f"{SERVICE}/partner-api-key": PARTNER_SECRET,
    }
    assert store.get() == SECRET
    assert partner_store().get() == PARTNER_SECRET
    partner.delete()
    assert store.get() == SECRET
    assert partner_store().get() is None


def test_the_partner_key_is_read_from_its_own_variable_only():
    assert partner_store({"OMIDESK_API_KEY": SECRET}).get() is None
    from_env = partner_store({"OMIDESK_PARTNER_API_KEY": f" {PARTNER_SECRET} "})
    assert from_env.get() == PARTNER_SECRET
    assert from_env.location() == KeyLocation.ENV
    assert (
        KeyStore(default_paths().secret_file, {"OMIDESK_PARTNER_API_KEY": "x" * 20}).get() is None
    )


def test_without_a_keyring_the_partner_key_goes_to_its_own_private_file(store: KeyStore):
    keyring.set_keyring(ForgetfulKeyring())
    store.set(SECRET)
    partner = partner_store()
    assert partner.set(PARTNER_SECRET) == KeyLocation.FILE
    assert partner.fallback_file != store.fallback_file
    assert partner.fallback_file.read_text(encoding="utf-8").strip() == PARTNER_SECRET
    assert store.get() == SECRET
    if os.name == "posix":
        assert stat.S_IMODE(partner.fallback_file.stat().st_mode) == 0o600


def test_a_loose_partner_key_file_is_told_with_the_partners_own_words():
    keyring.set_keyring(ForgetfulKeyring())
    partner_store().set(PARTNER_SECRET)
    if os.name != "posix":
        return
    default_paths().partner_secret_file.chmod(0o644)
    notices: list = []
    assert partner_store(on_notice=notices.append).get() == PARTNER_SECRET
    assert [notice.code for notice in notices] == ["partner_key_file_made_private"]
    from omidesk.domain.catalogue import explain

    said = explain("partner_key_file_made_private", "en", path="/x/partner_api_key")
    assert "omidesk partner set-api-key" in said.next_step


def _until(check, timeout: float = 5.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.01)
    return False


def test_the_keyring_is_asked_once_then_again_behind_a_stale_answer():
    # Each dial reads the key: the keyring (a D-Bus exchange) is not asked each time, and a
    # key changed by another process (`omidesk set-key`) is used a minute later at most,
    # without a dial ever waiting for the keyring again.
    now = [1000.0]
    store = KeyStore(default_paths().secret_file, keep_s=KEYRING_FRESH_S, clock=lambda: now[0])
    other_process = KeyStore(default_paths().secret_file)
    other_process.set(SECRET)
    assert store.get() == SECRET
    other_process.set("sk-rotated-0123456789abcdef")
    now[0] += KEYRING_FRESH_S - 1
    assert store.get() == SECRET  # not asked again yet
    now[0] += 1
    assert store.get() == SECRET  # stale: answered at once, asked behind
    assert _until(lambda: store.get() == "sk-rotated-0123456789abcdef")


def test_a_keyring_that_cannot_answer_later_keeps_the_key_read_before():
    now = [1000.0]
    store = KeyStore(default_paths().secret_file, keep_s=KEYRING_FRESH_S, clock=lambda: now[0])
    store.set(SECRET)
    keyring.set_keyring(FailKeyring())
    now[0] += KEYRING_FRESH_S
    assert store.get() == SECRET
    assert _until(lambda: store._asking is not None and not store._asking.is_alive())
    assert store.get() == SECRET


def test_a_key_removed_from_the_keyring_elsewhere_is_gone_after_the_next_ask():
    now = [1000.0]
    store = KeyStore(default_paths().secret_file, keep_s=KEYRING_FRESH_S, clock=lambda: now[0])
    store.set(SECRET)
    KeyStore(default_paths().secret_file).delete()
    now[0] += KEYRING_FRESH_S
    assert store.get() == SECRET  # the answer in hand, while the keyring is asked
    assert _until(lambda: store.get() is None)


def test_a_key_read_ahead_is_the_one_the_first_read_gets():
    KeyStore(default_paths().secret_file).set(SECRET)
    store = KeyStore(default_paths().secret_file, keep_s=KEYRING_FRESH_S)
    store.read_ahead()
    assert store._asking is not None  # asked in a thread
    assert store.get() == SECRET
    with_env = KeyStore(
        default_paths().secret_file, environ={"OMIDESK_API_KEY": "sk-env"}, keep_s=KEYRING_FRESH_S
    )
    with_env.read_ahead()
    assert with_env._asking is None  # nothing to ask the keyring for
    assert with_env.get() == "sk-env"


def test_a_store_that_keeps_nothing_asks_the_keyring_at_every_read():
    # AutoCall's secret, a reseller's key: set from the command line, read now and then.
    store = KeyStore(default_paths().secret_file)
    other_process = KeyStore(default_paths().secret_file)
    other_process.set(SECRET)
    assert store.get() == SECRET
    other_process.delete()
    assert store.get() is None
