"""Settings file: defaults, validation, environment overrides, broken files and atomic saves."""

from __future__ import annotations

import dataclasses
import os
import stat
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from omidesk.domain import settings as settings_mod
from omidesk.domain.settings import PRODUCTION_URL, Settings, validate
from omidesk.infra.keystore import KeyStore
from omidesk.infra.paths import default_paths
from omidesk.infra.settings_file import load, save


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "config" / "settings.toml"


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


# --- reading ---------------------------------------------------------------------------


def test_no_file_gives_defaults_from_default_sources(path: Path):
    loaded = load(path)
    assert loaded.settings == Settings()
    assert loaded.settings.base_url == PRODUCTION_URL
    assert loaded.settings.timeout_s == 15.0
    assert loaded.settings.repeat_window_s == 10.0
    assert loaded.settings.dial_format == "national"
    assert set(loaded.sources.values()) == {"default"}
    assert loaded.errors == []
    assert loaded.broken is None
    assert not path.exists()  # reading never creates the file


def test_values_come_from_the_file(path: Path):
    write(
        path,
        'base_url = "https://public-v1-stg.omicall.com"\n'
        'extension = "101"\nhotline = "02877788056"\ndial_format = "e164"\n'
        'language = "vi"\ntimeout_s = 7\nrepeat_window_s = 0\nwatch_clipboard = true\n',
    )
    loaded = load(path)
    got = loaded.settings
    assert got.base_url == "https://public-v1-stg.omicall.com"
    assert (got.extension, got.hotline) == ("101", "02877788056")
    assert got.dial_format == "e164"
    assert got.language == "vi"
    assert got.timeout_s == 7.0
    assert got.repeat_window_s == 0.0
    assert got.watch_clipboard is True
    assert loaded.sources["extension"] == "file"
    assert loaded.sources["external_dial"] == "default"
    assert loaded.errors == []


@pytest.mark.parametrize(
    ("key", "variable", "value"),
    [
        ("base_url", "OMIDESK_BASE_URL", "https://public-v1-stg.omicall.com"),
        ("extension", "OMIDESK_EXTENSION", "202"),
        ("hotline", "OMIDESK_HOTLINE", "02899990000"),
    ],
)
def test_each_env_override_wins_over_the_file(
    path: Path, monkeypatch: pytest.MonkeyPatch, key: str, variable: str, value: str
):
    write(path, 'base_url = "https://example.com"\nextension = "101"\nhotline = "02877788056"\n')
    monkeypatch.setenv(variable, value)
    loaded = load(path)
    assert getattr(loaded.settings, key) == value
    assert loaded.sources[key] == "env"
    # The file's own value stays the base for editing and saving: env never leaks into it.
    assert getattr(loaded.file_values, key) != value
    others = {"base_url", "extension", "hotline"} - {key}
    assert all(loaded.sources[other] == "file" for other in others)


def test_env_dict_is_used_instead_of_the_process_environment(path: Path):
    loaded = load(path, environ={"OMIDESK_EXTENSION": "303"})
    assert loaded.settings.extension == "303"
    assert loaded.sources["extension"] == "env"


def test_invalid_env_base_url_blocks_instead_of_falling_back_to_the_file(
    path: Path, monkeypatch: pytest.MonkeyPatch
):
    """Fail closed: the file's server is another server than the one asked for."""
    write(path, 'base_url = "https://public-v1.omicall.com"\n')
    monkeypatch.setenv("OMIDESK_BASE_URL", "http://192.168.1.5:8765")
    loaded = load(path)
    assert loaded.settings.base_url == "http://192.168.1.5:8765"
    assert loaded.sources["base_url"] == "env"
    assert [error.key for error in loaded.errors] == ["base_url"]
    assert loaded.blocked is not None
    assert loaded.blocked.code == "base_url_invalid"
    assert loaded.blocked.params["source"] == "OMIDESK_BASE_URL"
    assert loaded.blocked.params["value"] == "http://192.168.1.5:8765"
    assert loaded.file_values.base_url == "https://public-v1.omicall.com"


def test_invalid_file_base_url_blocks_and_is_never_the_default(path: Path):
    write(path, 'base_url = "http://192.168.1.5:8765"\nextension = "101"\n')
    loaded = load(path)
    assert loaded.settings.base_url != PRODUCTION_URL
    assert loaded.file_values.base_url == "http://192.168.1.5:8765"
    assert loaded.sources["base_url"] == "file"
    assert loaded.blocked is not None
    assert loaded.blocked.code == "base_url_invalid"
    assert loaded.blocked.params["source"] == str(path)
    assert loaded.blocked.params["value"] == "http://192.168.1.5:8765"


def test_a_valid_env_base_url_wins_over_an_invalid_file_one(
    path: Path, monkeypatch: pytest.MonkeyPatch
):
    write(path, 'base_url = "http://192.168.1.5:8765"\n')
    monkeypatch.setenv("OMIDESK_BASE_URL", "https://public-v1-stg.omicall.com")
    loaded = load(path)
    assert loaded.settings.base_url == "https://public-v1-stg.omicall.com"
    assert loaded.blocked is None


def test_valid_settings_are_not_blocked(path: Path):
    write(path, 'base_url = "https://public-v1-stg.omicall.com"\n')
    assert load(path).blocked is None
    assert load(path.with_name("absent.toml")).blocked is None


def test_saving_another_value_keeps_the_invalid_base_url_text(path: Path):
    """`config set extension 101` must not quietly point the file at production."""
    write(path, 'base_url = "http://192.168.1.5:8765"\n')
    loaded = load(path)
    save(path, replace_extension(loaded.file_values, "101"), loaded.extra)
    text = path.read_text(encoding="utf-8")
    assert 'base_url = "http://192.168.1.5:8765"' in text.splitlines()
    assert PRODUCTION_URL not in text
    reloaded = load(path)
    assert reloaded.settings.extension == "101"
    assert reloaded.blocked is not None


@pytest.mark.parametrize("where", ["file", "env"])
def test_an_unbalanced_bracket_is_an_invalid_value_not_a_crash(
    path: Path, monkeypatch: pytest.MonkeyPatch, where: str
):
    if where == "file":
        write(path, 'base_url = "https://[::1"\n')
    else:
        monkeypatch.setenv("OMIDESK_BASE_URL", "https://[::1")
    loaded = load(path)
    assert loaded.settings.base_url == "https://[::1"
    assert [error.key for error in loaded.errors] == ["base_url"]
    assert loaded.blocked is not None
    assert loaded.blocked.params["value"] == "https://[::1"


def test_the_blocking_message_names_the_source_and_the_value(
    path: Path, monkeypatch: pytest.MonkeyPatch
):
    from omidesk.domain.catalogue import explain

    monkeypatch.setenv("OMIDESK_BASE_URL", "http://192.168.1.5:8765")
    blocked = load(path).blocked
    assert blocked is not None
    for lang in ("en", "vi"):
        problem = explain(blocked.code, lang, **blocked.params)
        assert "OMIDESK_BASE_URL" in problem.message
        assert "http://192.168.1.5:8765" in problem.message
        assert "https://" in problem.message
        assert "{" not in problem.message + problem.next_step
    assert explain(blocked.code, "en").message != explain(blocked.code, "vi").message


def test_control_characters_in_a_refused_value_are_shown_escaped(
    path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv("OMIDESK_BASE_URL", "https://evil.example\x1b[2J.com")
    blocked = load(path).blocked
    assert blocked is not None
    assert "\x1b" not in blocked.params["value"]
    assert "\\x1b" in blocked.params["value"]


def test_invalid_file_value_falls_back_to_default_and_is_reported(path: Path):
    write(path, 'extension = "abc"\ntimeout_s = 500\nhotline = "02877788056"\n')
    loaded = load(path)
    assert loaded.settings.extension == ""
    assert loaded.settings.timeout_s == 15.0
    assert loaded.settings.hotline == "02877788056"
    assert sorted(error.key for error in loaded.errors) == ["extension", "timeout_s"]
    assert loaded.sources["extension"] == "default"
    assert loaded.sources["hotline"] == "file"


def test_language_default_follows_the_desktop_locale(path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("LANG", "vi_VN.UTF-8")
    assert load(path).settings.language == "vi"
    write(path, 'language = "en"\n')
    loaded = load(path)
    assert loaded.settings.language == "en"
    assert loaded.sources["language"] == "file"


def test_lc_all_wins_over_lang_for_the_default_language(path: Path):
    loaded = load(path, environ={"LANG": "en_US.UTF-8", "LC_ALL": "vi_VN.UTF-8"})
    assert loaded.settings.language == "vi"


# --- validation --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "https://public-v1.omicall.com",
        "http://127.0.0.1:8080",
        "http://127.8.9.10",
        "http://[::1]:8080",
        "http://localhost:9000",
        "http://LOCALHOST:9000",
        "https://192.168.1.5:8443",
        "https://[2001:db8::1]:443",
        "https://bücher.example",
        "https://xn--bcher-kva.example",
        "https://example.com:65535",
        "https://a-b.c-d.example.com:1",
    ],
)
def test_https_or_loopback_base_url_is_accepted(url: str):
    got, errors = validate({"base_url": url + "/"})
    assert errors == []
    assert got.base_url == url  # trailing slash dropped, so paths join cleanly


@pytest.mark.parametrize(
    "url",
    [
        "http://example.com",
        "http://public-v1.omicall.com",
        "ftp://example.com",
        "example.com",
        "https://user:pw@example.com",
        "https://user@example.com",
        "https://example.com/?apiKey=x",
        "https://example.com?",
        "https://example.com#",
        "https://example.com#frag",
        "https://example.com/api",
        "https://example.com//",
        "https://example.com/tổng-đài",
        "https://exa mple.com",
        "https://exa\tmple.com",
        "https://exa\nmple.com",
        "https://example.com\x00",
        "https://exa\u200bmple.com",
        "https://example.com:0",
        "https://example.com:65536",
        "https://example.com:99999",
        "https://example.com:abc",
        "https://example.com:",
        "https://example.com:+443",
        "https://example.com:४४३",
        "https://xn--zz.com",
        "https://XN--ZZ.com",
        "https://xn--ls8h.example",
        "https://💩.example",
        "https://[fe80::1%25eth0]",
        "https://[fe80::1%eth0]",
        "https://faß.example",
        "https://ＥＸＡＭＰＬＥ.com",
        "https://" + "a" * 64 + ".com",
        "https://" + ".".join(["abcdefghi"] * 26) + ".com",
        "https://-example.com",
        "https://example-.com",
        "https://exa_mple.com",
        "https://example..com",
        "https://.example.com",
        "https://999.1.1.1",
        "https://[::1",
        "https://[zz::1]",
        "https://[::1]x",
        "https://example.com\\@evil.com",
        "https://%65xample.com",
        "http://localhost.evil.com",
        "http://127.0.0.1.nip.io",
        "",
    ],
)
def test_plain_http_or_odd_base_url_is_rejected(url: str):
    got, errors = validate({"base_url": url})
    assert [error.key for error in errors] == ["base_url"]
    assert got.base_url == PRODUCTION_URL


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("https://xn--zz.com", "server name"),
        ("https://example.com:0", "65535"),
        ("https://example.com/api", "path"),
        ("https://exa mple.com", "spaces"),
        ("https://[::1", "web address"),
    ],
)
def test_each_base_url_refusal_says_what_is_wrong(url: str, words: str):
    _, [error] = validate({"base_url": url})
    assert words in error.text("en")
    assert error.text("vi") != error.text("en")
    assert "{" not in error.text("en") + error.text("vi")


def test_plain_http_rejection_says_https():
    _, [error] = validate({"base_url": "http://example.com"})
    assert "https://" in error.text("en")
    assert "https://" in error.text("vi")


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("extension", "10a"),
        ("extension", "abc"),
        ("hotline", "hot-line"),
        ("timeout_s", 0),
        ("timeout_s", 500),
        ("timeout_s", "abc"),
        ("timeout_s", "nan"),
        ("dial_format", "foo"),
        ("language", "fr"),
        ("repeat_window_s", -1),
        ("external_dial", "always"),
        ("watch_clipboard", "maybe"),
    ],
)
def test_every_invalid_value_names_its_key_in_both_languages(key: str, value: object):
    got, errors = validate({key: value})
    assert len(errors) == 1
    error = errors[0]
    assert error.key == key
    english, vietnamese = error.text("en"), error.text("vi")
    assert english.startswith(settings_mod.LABELS[key]("en") + ": ")
    assert vietnamese.startswith(settings_mod.LABELS[key]("vi") + ": ")
    assert english != vietnamese
    assert "{" not in english
    assert "{" not in vietnamese
    assert getattr(got, key) == getattr(Settings(), key)  # the bad value was not applied


def test_number_error_says_the_allowed_range():
    _, [error] = validate({"timeout_s": 0})
    assert "1" in error.text("en")
    assert "120" in error.text("en")


def test_validate_applies_the_valid_values_and_returns_an_error_per_invalid_one():
    base = Settings(extension="101")
    got, errors = validate({"hotline": "0287 778 8056", "timeout_s": "abc", "language": "VI"}, base)
    assert [error.key for error in errors] == ["timeout_s"]
    assert got.hotline == "02877788056"
    assert got.language == "vi"
    assert got.timeout_s == base.timeout_s
    assert got.extension == "101"  # untouched keys keep the base's value
    assert base.hotline == ""  # the base itself is never changed


def test_api_key_is_not_a_setting():
    got, [error] = validate({"api_key": "sk-secret"})
    assert error.key == "api_key"
    assert error.text("en") == "API key: unknown setting."
    assert got == Settings()
    assert "sk-secret" not in repr(got)


def test_missing_lists_what_a_call_needs():
    assert Settings().missing() == ["extension", "hotline"]
    assert Settings(extension="101", hotline="0287").missing() == []


# --- one declaration per setting ----------------------------------------------------------


def test_the_settings_dataclass_agrees_with_the_declarations():
    assert settings_mod.disagreements(Settings, settings_mod.STORED) == []
    assert tuple(f.name for f in dataclasses.fields(Settings)) == settings_mod.KEYS
    assert "api_key" not in settings_mod.KEYS  # declared (for labels and the dialog), not stored


def test_a_field_the_declarations_do_not_know_is_found():
    @dataclasses.dataclass(frozen=True)
    class Drifted:
        base_url: str = PRODUCTION_URL
        extension: int = 0
        ringtone: str = "chime"

    found = settings_mod.disagreements(Drifted, settings_mod.STORED)
    assert any("fields" in line for line in found)
    assert any(line.startswith("extension: field type") for line in found)
    assert any(line.startswith("extension: field default") for line in found)


def test_every_declaration_speaks_both_languages_and_sits_on_a_page():
    for setting in settings_mod.DECLARED:
        texts = [setting.label, setting.help, setting.placeholder, setting.unit, setting.zero]
        texts += [choice.label for choice in setting.choices]
        for text in filter(None, texts):
            assert text.en.strip() and text.vi.strip(), setting.key
        assert setting.page in (*settings_mod.PAGES, settings_mod.SERVER), setting.key
        assert setting.clean(setting.default) == setting.default, setting.key


@pytest.mark.parametrize(
    ("key", "variable"),
    [(s.key, s.env) for s in settings_mod.DECLARED if s.env and s.stored],
)
def test_each_declared_variable_overrides_the_file(path: Path, key: str, variable: str):
    value = {
        "base_url": "https://public-v1-stg.omicall.com",
        "extension": "202",
        "routing_sticky_days": "7",
        "routing_sync_interval_s": "120",
    }.get(key, "02899990000")
    loaded = load(path, environ={variable: value})
    expected = float(value) if key.startswith("routing_") else value
    assert (getattr(loaded.settings, key), loaded.sources[key]) == (expected, "env")


def test_resolve_takes_the_environment_as_an_argument():
    """The domain reads neither a file nor os.environ: what they hold comes in."""
    loaded = settings_mod.resolve(
        {"extension": "101", "ringtone": "chime", "api_key": "sk-typed-by-hand"},
        {"OMIDESK_HOTLINE": "02877788056", "LANG": "vi_VN.UTF-8"},
    )
    assert (loaded.settings.extension, loaded.settings.hotline) == ("101", "02877788056")
    assert loaded.settings.language == "vi"
    assert loaded.sources["hotline"] == "env"
    assert dict(loaded.extra) == {"ringtone": "chime"}


@pytest.mark.integration
def test_the_domain_loads_no_file_or_machine_module():
    probe = (
        "import sys\n"
        "import omidesk.domain.settings, omidesk.domain.i18n\n"
        "print(sorted(m for m in sys.modules if m.startswith('omidesk.infra') or m == 'tomllib'))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=False
    )
    assert result.stdout.strip() == "[]", result.stdout + result.stderr


@pytest.mark.integration
def test_reading_the_language_before_the_first_paint_loads_no_settings_model(path: Path):
    write(path, 'language = "vi"\n')
    probe = (
        "import sys\n"
        "from omidesk.infra.settings_file import peek_language\n"
        f"print(peek_language(__import__('pathlib').Path({str(path)!r})))\n"
        "print('omidesk.domain.settings' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=False
    )
    assert result.stdout.split() == ["vi", "False"], result.stdout + result.stderr


def test_peek_language_reads_the_file_or_the_desktop(path: Path):
    from omidesk.infra.settings_file import peek_language

    assert peek_language(path, {"LANG": "vi_VN.UTF-8"}) == "vi"
    write(path, 'language = "en"\n')
    assert peek_language(path, {"LANG": "vi_VN.UTF-8"}) == "en"
    write(path, "language = [broken\n")
    assert peek_language(path, {"LC_ALL": "vi_VN.UTF-8", "LANG": "en_US.UTF-8"}) == "vi"


# --- broken files -------------------------------------------------------------------------


def test_broken_toml_loads_defaults_and_says_why(path: Path):
    write(path, 'extension = "101"\nbase_url = [unclosed\n')
    loaded = load(path)
    assert loaded.settings == Settings()
    assert loaded.broken
    assert "line 2" in loaded.broken


def test_file_that_is_not_utf8_is_broken_not_a_crash(path: Path):
    path.parent.mkdir(parents=True)
    path.write_bytes(b'extension = "\xff\xfe"\n')
    loaded = load(path)
    assert loaded.broken
    assert loaded.settings == Settings()


def test_save_keeps_a_broken_file_beside_and_writes_a_valid_one(path: Path):
    original = 'extension = "101"\nbase_url = [unclosed\n'
    write(path, original)
    loaded = load(path)
    save(path, replace_extension(loaded.file_values, "202"), loaded.extra)
    kept = path.with_name("settings.toml.broken")
    assert kept.read_text(encoding="utf-8") == original
    reloaded = load(path)
    assert reloaded.broken is None
    assert reloaded.settings.extension == "202"


def replace_extension(settings: Settings, extension: str) -> Settings:
    got, errors = validate({"extension": extension}, settings)
    assert errors == []
    return got


# --- saving ---------------------------------------------------------------------------------


def test_save_round_trips_every_value_including_unicode(path: Path):
    settings = Settings(
        base_url="https://tổng-đài.example",
        extension="101",
        hotline="+842877788056",
        dial_format="international_digits",
        language="vi",
        timeout_s=2.5,
        repeat_window_s=0.0,
        external_dial="direct",
        watch_clipboard=True,
        start_minimised=True,
    )
    save(path, settings)
    with path.open("rb") as handle:
        tomllib.load(handle)  # a valid TOML file
    loaded = load(path)
    assert loaded.settings == settings
    assert loaded.errors == []
    assert "tổng-đài" in path.read_text(encoding="utf-8")  # human-readable, not \u escapes


def test_save_leaves_no_temp_file_and_a_commented_readable_file(path: Path):
    save(path, Settings(extension="101"))
    save(path, Settings(extension="102"))
    assert sorted(p.name for p in path.parent.iterdir()) == ["settings.toml"]
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# OmiDesk settings")
    assert 'extension = "102"' in text.splitlines()


def test_failed_save_keeps_the_old_file_whole(path: Path):
    save(path, Settings(extension="101"))
    before = path.read_bytes()
    # A lone surrogate cannot be written as UTF-8: the write fails half-way.
    with pytest.raises(UnicodeEncodeError):
        save(path, Settings(extension="102"), {"note": "\udcff"})
    assert path.read_bytes() == before
    assert sorted(p.name for p in path.parent.iterdir()) == ["settings.toml"]


def test_unknown_keys_from_a_newer_version_round_trip(path: Path):
    write(
        path,
        'extension = "101"\n'
        'ringtone = "chime"\n'
        '"ghi_chú" = "xin chào 😀"\n'
        'favourites = ["0901234567", "0912345678"]\n'
        "max_rows = 5000\n"
        'control = "bell\\u0007 del\\u007f"\n'
        "since = 2024-05-27T07:32:00Z\n"
        '"odd key" = "tab\\there \\"quoted\\" back\\\\slash"\n'
        "[window]\nwidth = 800\nsplit = [1.5, 2.5]\n",
    )
    loaded = load(path)
    assert loaded.errors == []
    assert loaded.broken is None
    before = dict(loaded.extra)
    assert before["ringtone"] == "chime"
    save(path, loaded.file_values, loaded.extra)
    reloaded = load(path)
    assert reloaded.broken is None
    assert dict(reloaded.extra) == before
    assert reloaded.settings.extension == "101"


def test_api_key_never_lands_in_the_settings_file(path: Path):
    secret = "sk-live-9f8e7d6c5b4a"
    keys = KeyStore(default_paths().secret_file)
    keys.set(secret)
    save(path, Settings(extension="101", hotline="02877788056"))
    assert secret not in path.read_text(encoding="utf-8")
    assert "api_key" not in tomllib.loads(path.read_text(encoding="utf-8"))
    assert keys.get() == secret


# --- private files (POSIX modes and owners) --------------------------------------------------


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_save_creates_the_file_0600_in_a_0700_folder(path: Path):
    save(path, Settings(extension="101"))
    if os.name == "posix":
        assert mode(path) == 0o600
        assert mode(path.parent) == 0o700


def test_a_settings_file_others_may_change_is_made_private_with_a_warning(path: Path):
    write(path, 'extension = "101"\n')
    if os.name == "posix":
        path.chmod(0o666)
    loaded = load(path)
    assert loaded.settings.extension == "101"
    if os.name == "posix":
        assert mode(path) == 0o600
        assert [notice.code for notice in loaded.notices] == ["settings_made_private"]
        assert loaded.notices[0].params["path"] == str(path)
    assert loaded.blocked is None


def test_a_settings_file_only_others_may_read_is_left_alone(path: Path):
    write(path, 'extension = "101"\n')
    if os.name == "posix":
        path.chmod(0o644)
    loaded = load(path)
    assert loaded.notices == ()
    if os.name == "posix":
        assert mode(path) == 0o644


def pretend_someone_else_owns_files(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files we create are ours; the test cannot chown, so it changes who "we" are."""
    uid = os.getuid()
    monkeypatch.setattr(os, "getuid", lambda: uid + 1)


def test_another_users_settings_file_is_ignored_and_blocks_the_server(
    path: Path, monkeypatch: pytest.MonkeyPatch
):
    from omidesk.domain.catalogue import explain

    write(path, 'base_url = "https://attacker.example"\nextension = "101"\n')
    if os.name != "posix":  # owners and modes do not apply: the file is used as it is
        assert load(path).settings.extension == "101"
        return
    pretend_someone_else_owns_files(monkeypatch)
    loaded = load(path)
    assert loaded.settings.base_url != "https://attacker.example"
    assert loaded.settings.extension == ""
    assert loaded.blocked is not None
    assert loaded.blocked.code == "settings_not_yours"
    assert str(path) in explain(loaded.blocked.code, "en", **loaded.blocked.params).message
    assert str(path) in explain(loaded.blocked.code, "vi", **loaded.blocked.params).message


def test_saving_over_another_users_file_keeps_it_beside(
    path: Path, monkeypatch: pytest.MonkeyPatch
):
    original = 'base_url = "https://attacker.example"\n'
    write(path, original)
    if os.name != "posix":
        return
    pretend_someone_else_owns_files(monkeypatch)
    save(path, Settings(extension="101"))
    assert path.with_name("settings.toml.not-mine").read_text(encoding="utf-8") == original
    monkeypatch.undo()
    assert load(path).settings.extension == "101"


def test_paths_ensure_makes_the_folders_private_and_tightens_wide_ones(tmp_path: Path):
    from omidesk.infra.paths import Paths

    paths = Paths(tmp_path / "p" / "config", tmp_path / "p" / "data", tmp_path / "p" / "log")
    paths.data_dir.mkdir(parents=True)
    paths.data_dir.chmod(0o755)
    paths.ensure()
    if os.name != "posix":
        return
    for folder in (paths.config_dir, paths.data_dir, paths.log_dir):
        assert mode(folder) == 0o700, folder
    paths.demo().ensure()
    assert mode(paths.demo().config_dir) == 0o700
