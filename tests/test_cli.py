"""`omidesk` as a real subprocess against the sandbox: what the agent reads and the exit codes."""

from __future__ import annotations

import json
import os
import signal
import socketserver
import stat
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import replace

import pytest

from omidesk.infra import settings_file
from omidesk.infra.keystore import KeyStore
from omidesk.infra.paths import default_paths
from omidesk.sandbox.scenarios import scenario_for
from omidesk.sandbox.server import Sandbox
from omidesk.store.calls import CallStore
from omidesk.store.db import Database
from tests.conftest import EXTENSION, HOTLINE, ROOT, run_cli, scenarios
from tests.hostile_server import (
    AUTH,
    CLICK2CALL,
    Answer,
    HostileServer,
    envelope,
    nested_json,
    token_answer,
)

# Each test runs `omidesk` as a subprocess, most against the sandbox.
pytestmark = pytest.mark.integration


def call_json(*args: str, **env: str) -> tuple[int, dict]:
    result = run_cli("call", *args, "--json", **env)
    assert result.out.count("\n") == 1, result.out + result.err  # exactly one JSON object
    return result.code, json.loads(result.out)


def test_version_and_help() -> None:
    from omidesk import __version__

    assert run_cli("--version").out.strip() == f"omidesk {__version__}"
    helped = run_cli("--help")
    assert helped.code == 0
    # Every command is listed, though a command builds only its own parser.
    from omidesk.cli import COMMANDS

    for command in COMMANDS:
        assert command in helped.out
    # And so after the window's options, or when the command is mistyped.
    helped = run_cli("--debug", "--quit-after", "1", "--help", "call")
    assert helped.code == 0
    for command in COMMANDS:
        assert command in helped.out
    mistyped = run_cli("cal", "0901234567")
    assert mistyped.code == 2
    assert "'routing'" in mistyped.err and "'call'" in mistyped.err


def test_the_command_line_hands_the_window_over_without_importing_it() -> None:
    """launch.py decides window vs command; the CLI is given how to start the window."""
    probe = (
        "import sys\n"
        "from omidesk import cli\n"
        "opened = []\n"
        "start = lambda argv, request: opened.append((argv, request)) or 7\n"
        "codes = [cli.main(['--debug', '--quit-after', '1', '--quit-after', '2'], window=start),"
        " cli.main(['--demo', 'dial-selection'], window=start)]\n"
        "print(codes, opened)\n"
        "print(sorted(m for m in sys.modules if m == 'omidesk.app' or m.startswith('PySide6')))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.stdout.splitlines() == [
        "[7, 7] [(['--debug', '--quit-after', '1', '--quit-after', '2'], None),"
        " (['--demo', 'dial-selection'], {'cmd': 'dial-clipboard', 'mode': 'selection'})]",
        "[]",
    ], result.stdout + result.stderr


def test_accepted_call(configured: Sandbox) -> None:
    code, result = call_json("090 123 4567")
    assert code == 0
    assert result["status"] == "accepted"
    assert result["number"] == "0901234567"
    assert result["input"] == "090 123 4567"
    assert result["error"] is None
    assert len(result["call_uuid"]) == 36
    assert set(result) == {"status", "call_uuid", "number", "input", "error", "message"}
    (post,) = configured.click2calls()
    assert post.json == {"extension": EXTENSION, "hotline": HOTLINE, "phone_number": "0901234567"}


def test_human_output_for_an_accepted_call(configured: Sandbox) -> None:
    result = run_cli("call", "0901234567")
    assert result.code == 0
    assert "Your extension 101 is ringing" in result.out
    assert "call_uuid: " in result.out


@pytest.mark.parametrize(
    ("number", "code", "status", "error", "words"),
    scenarios(
        {
            "user_busy": (3, "rejected", "user_busy", "busy"),
            "do_not_call": (3, "rejected", "do_not_call", "do-not-call"),
            "user_not_registered": (3, "rejected", "user_not_registered", "not signed in"),
            "number_call_out_invalid": (
                3,
                "rejected",
                "number_call_out_invalid",
                "hotline 02877788056",
            ),
            "extension_invalid": (3, "rejected", "extension_invalid", "Extension 101"),
            "tenant_invalid": (3, "rejected", "tenant_invalid", "company"),
            "data_is_required": (3, "rejected", "data_is_required", "missing"),
            "invalid_phone_number": (3, "rejected", "invalid_phone_number", "not valid"),
            "rate_limit_exceeded": (3, "rejected", "rate_limit_exceeded", "Too many"),
            "unknown_code": (3, "rejected", "carrier_unreachable", "Carrier network unreachable"),
            "no_code": (3, "rejected", "unknown", "refused the call"),
            "slow": (4, "unknown", "no_answer", "outcome unknown"),
            "dropped": (4, "unknown", "no_answer", "outcome unknown"),
            "http_500": (4, "unknown", "server_error", "HTTP 500"),
            "invalid_json": (4, "unknown", "bad_answer", "outcome unknown"),
            "missing_call_uuid": (4, "unknown", "bad_answer", "outcome unknown"),
            "token_expired_once": (0, "accepted", None, "ringing"),
        },
        every=True,
        slow={"slow"},
    ),
)
def test_every_scenario_end_to_end(  # noqa: PLR0917
    configured: Sandbox, number: str, code: int, status: str, error: str | None, words: str
) -> None:
    # Longer than the whole command may take (timeout_s is 2 in the test profile): had it
    # waited for the slow answer, the call would read as accepted.
    configured.slow_seconds = 10.0
    exit_code, result = call_json(number)
    assert (exit_code, result["status"], result["error"]) == (code, status, error)
    assert words in result["message"]
    # Never more than one POST, whatever the fault; the expired token allows one replay.
    replays = 1 if scenario_for(number).name == "token_expired_once" else 0
    assert len(configured.click2calls()) == 1 + replays


def test_wrong_api_key_is_a_rejection_naming_the_key(configured: Sandbox) -> None:
    code, result = call_json("0901234567", OMIDESK_API_KEY="not-the-key")
    assert (code, result["status"], result["error"]) == (3, "rejected", "api_key_invalid")
    assert "API key" in result["message"]


def test_nothing_listening_exits_4_failed(configured: Sandbox) -> None:
    code, result = call_json("0901234567", OMIDESK_BASE_URL="http://127.0.0.1:9")
    assert (code, result["status"], result["error"]) == (4, "failed", "cannot_connect")


def test_invalid_number_exits_2_and_sends_nothing(configured: Sandbox) -> None:
    code, result = call_json("12")
    assert (code, result["status"], result["error"]) == (2, "invalid", "number_too_short")
    assert result["number"] is None
    assert configured.requests == []


def test_not_configured_exits_5() -> None:
    result = run_cli("call", "0901234567")
    assert result.code == 5
    assert "not set up" in result.err
    assert "API key" in result.err


def test_repeat_needs_yes(configured: Sandbox) -> None:
    assert call_json("0901234567")[0] == 0
    code, result = call_json("0901234567")
    assert (code, result["status"], result["error"]) == (6, "refused", "repeat_within_window")
    human = run_cli("call", "0901234567")
    assert "--yes" in human.err
    assert call_json("0901234567", "--yes")[0] == 0
    assert len(configured.click2calls()) == 2


def test_flags_override_extension_and_hotline(configured: Sandbox) -> None:
    code, _ = call_json("0901234567", "--extension", "102", "--hotline", "02873008888")
    assert code == 0
    assert configured.click2calls()[0].json["extension"] == "102"
    assert configured.click2calls()[0].json["hotline"] == "02873008888"


def test_tel_link_argument_dials_its_number(configured: Sandbox) -> None:
    code, result = call_json("tel:+84-90-123-4567")
    assert (code, result["number"]) == (0, "0901234567")


def test_vietnamese_messages(configured: Sandbox) -> None:
    assert run_cli("config", "set", "language", "vi").code == 0
    result = run_cli("call", "0900000001")
    assert result.code == 3
    assert "Máy bận." in result.err
    assert "Vui lòng gọi lại sau ít phút." in result.err


def test_history_lists_newest_first_in_json(configured: Sandbox) -> None:
    _, accepted = call_json("0901234567")
    call_json("0900000001")
    code, typed = call_json("abc")
    assert (code, typed["status"], typed["error"]) == (2, "invalid", "number_no_digits")
    result = run_cli("history", "--json")
    assert result.code == 0
    items = json.loads(result.out)
    # "abc" was explained, not stored: history holds attempts, not typing.
    assert [i["status"] for i in items] == ["rejected", "accepted"]
    first = items[0]
    assert {
        "id",
        "created_at",
        "extension",
        "hotline",
        "source",
        "status",
        "call_uuid",
        "number",
        "input",
        "error",
        "message",
    } <= set(first)
    assert first["source"] == "cli"
    assert first["created_at"].endswith("+00:00")
    assert items[1]["call_uuid"] == accepted["call_uuid"]
    limited = json.loads(run_cli("history", "--json", "--limit", "1").out)
    assert len(limited) == 1
    table = run_cli("history")
    assert table.out.splitlines()[1].split()[2] == "0900000001"
    assert "abc" not in table.out.split()  # as a word: a call_uuid may hold those letters


def test_config_show_masks_the_key_and_says_where_values_come_from(configured: Sandbox) -> None:
    result = run_cli("config", "show", OMIDESK_EXTENSION="555")
    assert result.code == 0
    assert configured.api_key not in result.out
    assert "api_key = ••••" in result.out
    assert "extension = 555 (from OMIDESK_EXTENSION)" in result.out
    assert f"hotline = {HOTLINE}\n" in result.out
    settings_text = default_paths().settings_file.read_text(encoding="utf-8")
    assert configured.api_key not in settings_text


def test_config_set_rejects_bad_values_and_keeps_the_file(configured: Sandbox) -> None:
    before = default_paths().settings_file.read_text(encoding="utf-8")
    result = run_cli("config", "set", "base_url", "http://omicall.example.com")
    assert result.code == 2
    assert "https://" in result.err
    assert default_paths().settings_file.read_text(encoding="utf-8") == before
    assert run_cli("config", "set", "api_key", "secret").code == 2


def test_set_api_key_reads_stdin_never_argv(sandbox: Sandbox) -> None:
    result = run_cli("config", "set-api-key", stdin=sandbox.api_key + "\n")
    assert result.code == 0, result.err
    assert "keyring" in result.out
    shown = run_cli("config", "show")
    assert sandbox.api_key not in shown.out
    assert "system keyring" in shown.out


def test_config_test_says_what_works(configured: Sandbox) -> None:
    result = run_cli("config", "test")
    assert result.code == 0, result.err
    assert "the API key works" in result.out
    assert "02877788056, 02873008888" in result.out
    bad = run_cli("config", "test", OMIDESK_API_KEY="wrong")
    assert bad.code == 3
    assert "did not accept the API key" in bad.err


def test_config_test_without_an_extension_signs_in_and_says_what_is_missing(
    configured: Sandbox,
) -> None:
    assert run_cli("config", "set", "extension", "").code == 0
    result = run_cli("config", "test")
    assert result.code == 5, result.err
    assert "the API key works" in result.out
    assert "Extension" in result.err and "not set up" in result.err
    assert [r.path for r in configured.requests] == ["/api/auth"]


def test_config_test_names_a_hotline_the_extension_may_not_use(configured: Sandbox) -> None:
    assert run_cli("config", "set", "hotline", "02899990000").code == 0
    result = run_cli("config", "test")
    assert result.code == 3, result.err
    assert "02877788056, 02873008888" in result.out
    assert "The default hotline 02899990000 is not among them" in result.out
    assert "Everything needed" not in result.out


def test_config_test_without_a_hotline_says_it_is_missing(configured: Sandbox) -> None:
    assert run_cli("config", "set", "hotline", "").code == 0
    result = run_cli("config", "test")
    assert result.code == 5, result.err
    assert "02877788056, 02873008888" in result.out
    assert "Hotline" in result.err
    assert "Everything needed" not in result.out


def test_config_test_accepts_the_hotline_written_the_other_way(configured: Sandbox) -> None:
    """OMICall lists 02877788056; the agent typed 842877788056, which calls out the same."""
    assert run_cli("config", "set", "hotline", "842877788056").code == 0
    result = run_cli("config", "test")
    assert result.code == 0, result.out + result.err
    assert "Everything needed for calls works." in result.out
    assert "not among them" not in result.out
    assert run_cli("call", "0901234567").code == 0  # and a call from it goes through


def test_config_test_without_a_key_sends_nothing(sandbox: Sandbox) -> None:
    write_settings(
        f'base_url = "{sandbox.base_url}"\nextension = "{EXTENSION}"\nhotline = "{HOTLINE}"\n'
    )
    result = run_cli("config", "test")
    assert result.code == 5
    assert "API key" in result.err
    assert sandbox.requests == []


def test_config_show_names_the_settings_file_as_such(configured: Sandbox) -> None:
    path = default_paths().settings_file
    english = run_cli("config", "show").out.splitlines()
    assert english[-1] == f"# Settings file: {path}"
    assert run_cli("config", "set", "language", "vi").code == 0
    vietnamese = run_cli("config", "show")
    assert vietnamese.out.splitlines()[-1] == f"# Tệp cài đặt: {path}"


def test_sandbox_help_lists_the_scenarios() -> None:
    result = run_cli("sandbox", "--help")
    assert result.code == 0
    assert "0900 000 001" in result.out and "user_busy" in result.out
    assert "0900 000 020" in result.out


def test_killed_mid_request_leaves_a_trace_that_reads_unknown(configured: Sandbox) -> None:
    """A process killed while OMICall has not answered: the record survives as `unknown`."""
    environment = dict(os.environ)
    environment["PYTHON_KEYRING_BACKEND"] = "tests.fake_keyring.FileKeyring"
    environment["PYTHONPATH"] = str(ROOT)
    environment["OMIDESK_HOME"] = os.environ["OMIDESK_HOME"]
    process = subprocess.Popen(
        [sys.executable, "-m", "omidesk", "call", "0900000020"],
        env=environment,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        assert configured.wait_for(
            lambda requests: any(r.path == "/api/click2call" for r in requests)
        )
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
    with Database(default_paths().database) as db:
        assert db.integrity_ok()
        assert CallStore(db).recent()[0].status.value == "placing"
    items = json.loads(run_cli("history", "--json").out)
    assert (items[0]["status"], items[0]["error"]) == ("unknown", "interrupted")
    assert "outcome unknown" in items[0]["message"]


# --- fail closed: an invalid server address stops every command that talks to OMICall --------


class _Trap(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _TrapHandler)
        self.seen: list[bytes] = []


class _TrapHandler(socketserver.BaseRequestHandler):
    def handle(self) -> None:
        self.request.settimeout(5)
        try:
            first = self.request.recv(4096)
        except OSError:
            first = b"?"
        self.server.seen.append(first or b"(connected)")  # type: ignore[attr-defined]


@pytest.fixture
def trap() -> Iterator[_Trap]:
    """A proxy that records whatever connects to it. Given as HTTP(S)_PROXY, it sees every
    request a command tries to send anywhere (production included), and answers none."""
    server = _Trap()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def trapped(trap: _Trap, **env: str) -> dict[str, str]:
    url = f"http://127.0.0.1:{trap.server_address[1]}"
    names = ("HTTPS_PROXY", "HTTP_PROXY", "ALL_PROXY")
    proxies = {name: url for name in names} | {name.lower(): url for name in names}
    return proxies | {"NO_PROXY": "", "no_proxy": ""} | env


def history() -> list[dict]:
    result = run_cli("history", "--json")
    assert result.code == 0, result.err
    return json.loads(result.out)


def write_settings(text: str) -> str:
    path = default_paths().ensure().settings_file
    path.write_text(text, encoding="utf-8")
    return str(path)


BAD_URL = "http://192.168.1.5:8765"


def test_invalid_base_url_in_the_environment_sends_nothing_anywhere(
    configured: Sandbox, trap: _Trap
) -> None:
    """The file says sandbox, the variable says a LAN address over plain http: neither the
    file's server nor the default (production) may be used instead."""
    env = trapped(trap, OMIDESK_BASE_URL=BAD_URL)
    code, result = call_json("0901234567", **env)
    assert (code, result["status"], result["error"]) == (5, "failed", "base_url_invalid")
    assert "OMIDESK_BASE_URL" in result["message"]
    assert BAD_URL in result["message"]
    human = run_cli("call", "0901234567", **env)
    assert human.code == 5
    assert "OMIDESK_BASE_URL" in human.err and BAD_URL in human.err
    assert "Traceback" not in human.err
    assert configured.requests == []
    assert trap.seen == []
    assert history() == []  # refused before any record


def test_invalid_base_url_from_the_default_production_fallback_sends_nothing(
    sandbox: Sandbox, trap: _Trap
) -> None:
    """No base_url in the file: before, the invalid variable fell back to production."""
    KeyStore(default_paths().secret_file).set(sandbox.api_key)
    write_settings(f'extension = "{EXTENSION}"\nhotline = "{HOTLINE}"\n')
    result = run_cli("call", "0901234567", **trapped(trap, OMIDESK_BASE_URL=BAD_URL))
    assert result.code == 5, result.err
    assert trap.seen == []


def test_invalid_base_url_in_the_file_names_the_file(sandbox: Sandbox, trap: _Trap) -> None:
    KeyStore(default_paths().secret_file).set(sandbox.api_key)
    path = write_settings(
        f'base_url = "{BAD_URL}"\nextension = "{EXTENSION}"\nhotline = "{HOTLINE}"\n'
    )
    result = run_cli("call", "0901234567", **trapped(trap))
    assert result.code == 5
    assert path in result.err and BAD_URL in result.err
    assert "https://" in result.err
    tested = run_cli("config", "test", **trapped(trap))
    assert tested.code == 5
    assert path in tested.err and BAD_URL in tested.err
    assert trap.seen == []
    assert sandbox.requests == []


def test_config_test_refuses_an_invalid_base_url_from_the_environment(
    configured: Sandbox, trap: _Trap
) -> None:
    result = run_cli("config", "test", **trapped(trap, OMIDESK_BASE_URL=BAD_URL))
    assert result.code == 5
    assert "OMIDESK_BASE_URL" in result.err and BAD_URL in result.err
    assert configured.requests == []
    assert trap.seen == []


def test_a_host_that_is_not_valid_idna_leaves_no_unknown_record(
    configured: Sandbox, trap: _Trap
) -> None:
    env = trapped(trap, OMIDESK_BASE_URL="https://xn--zz.com")
    code, result = call_json("0901234567", **env)
    assert (code, result["error"]) == (5, "base_url_invalid")
    assert "server name" in result["message"]
    assert history() == []  # no record at all, so none that reads "unknown"
    assert configured.requests == []
    assert trap.seen == []


@pytest.mark.parametrize("where", ["file", "env", "both"])
def test_commands_that_need_no_server_work_with_a_broken_base_url(where: str) -> None:
    broken = "https://[::1"
    env: dict[str, str] = {}
    path = str(default_paths().settings_file)
    if where in ("file", "both"):
        write_settings(f'base_url = "{broken}"\n')
    if where in ("env", "both"):
        env["OMIDESK_BASE_URL"] = broken
    from omidesk import __version__

    version = run_cli("--version", **env)
    assert (version.code, version.out.strip()) == (0, f"omidesk {__version__}")
    shown = run_cli("config", "show", **env)
    assert shown.code == 0, shown.err
    line = next(line for line in shown.out.splitlines() if line.startswith("base_url = "))
    assert broken in line
    assert "not valid" in line
    assert (path if where == "file" else "OMIDESK_BASE_URL") in line
    assert run_cli("config", "set", "extension", "202", **env).code == 0
    assert run_cli("history", **env).code == 0
    assert run_cli("contacts", "search", "nam", **env).code == 0
    if where != "env":
        text = default_paths().settings_file.read_text(encoding="utf-8")
        assert f'base_url = "{broken}"' in text.splitlines()
        assert 'extension = "202"' in text.splitlines()
    for result in (version, shown):
        assert "Traceback" not in result.err


@pytest.mark.parametrize(
    ("option", "value"),
    [
        ("--extension", "1 0 1; DROP"),
        ("--extension", "101\n102"),
        ("--extension", "10a"),
        ("--hotline", "0" * 5000),
        ("--hotline", "02877788056\n02873008888"),
        ("--hotline", "hot-line"),
    ],
)
def test_call_options_are_checked_like_the_settings(
    configured: Sandbox, option: str, value: str
) -> None:
    result = run_cli("call", "0901234567", option, value)
    assert result.code == 2
    assert option in result.err
    assert "Traceback" not in result.err
    assert configured.requests == []
    assert history() == []


def test_config_set_of_an_unknown_key_lists_the_valid_keys(configured: Sandbox) -> None:
    before = default_paths().settings_file.read_text(encoding="utf-8")
    result = run_cli("config", "set", "NOPE", "x")
    assert result.code == 2
    assert "NOPE" in result.err
    for key in ("base_url", "extension", "hotline", "timeout_s"):
        assert key in result.err
    assert "went wrong" not in result.err
    assert default_paths().settings_file.read_text(encoding="utf-8") == before


@pytest.mark.parametrize(
    "limit", ["99999999999999999999", "9" * 5000, "0", "-3", "abc", "100001"], ids=str.__len__
)
def test_history_limit_out_of_range_is_a_usage_error(limit: str) -> None:
    result = run_cli("history", "--limit", limit)
    assert result.code == 2
    assert "100000" in result.err
    assert "went wrong" not in result.err
    assert "Traceback" not in result.err


@pytest.mark.parametrize(
    "args",
    [
        ("config", "set-api-key", "sk-SECRET-0123456789"),
        ("config", "set-api-key", "--", "-sk-SECRET-0123456789"),
        ("config", "set-api-key", "-sk-SECRET-0123456789"),
        ("config", "set-api-key=sk-SECRET-0123456789"),
        ("config", "set-api-key", "x", "sk-SECRET-0123456789"),
    ],
)
def test_an_api_key_on_the_command_line_is_refused_and_never_echoed(args: tuple) -> None:
    result = run_cli(*args)
    assert result.code == 2
    assert "SECRET" not in result.out + result.err
    assert "omidesk config set-api-key" in result.err
    assert KeyStore(default_paths().secret_file).get() is None


def test_files_others_could_open_are_made_private_and_the_agent_is_told(
    configured: Sandbox,
) -> None:
    import keyring

    from tests.fake_keyring import ForgetfulKeyring

    paths = default_paths()
    keyring.set_keyring(ForgetfulKeyring())  # the key goes to the fallback file
    assert KeyStore(paths.secret_file).set(configured.api_key).value == "file"
    if os.name != "posix":  # modes do not apply there
        return
    paths.settings_file.chmod(0o666)
    paths.secret_file.chmod(0o644)
    result = run_cli("config", "show")  # the key file is read before the keyring
    assert result.code == 0, result.err
    assert f"settings file {paths.settings_file}" in result.err
    assert f"API key file {paths.secret_file}" in result.err
    assert "made it private" in result.err
    assert configured.api_key not in result.out + result.err
    assert stat.S_IMODE(paths.settings_file.stat().st_mode) == 0o600
    assert stat.S_IMODE(paths.secret_file.stat().st_mode) == 0o600


# --- fail closed: hostile answers, Ctrl+C, a store that cannot be written -----------------


def _hostile_env(server: HostileServer) -> dict[str, str]:
    return {"OMIDESK_BASE_URL": server.base_url, "OMIDESK_API_KEY": "key-1234567890"}


def _last_record():
    with Database(default_paths().database) as db:
        return CallStore(db).recent()[0]


def _raw_controls(text: str) -> list[str]:
    return [ch for ch in text if (ord(ch) < 0x20 and ch != "\n") or 0x7F <= ord(ch) <= 0x9F]


def test_json_nested_100000_deep_is_unknown_not_a_crash(configured: Sandbox) -> None:
    with HostileServer({CLICK2CALL: Answer(nested_json())}) as server:
        code, result = call_json("0901234567", **_hostile_env(server))
        assert len(server.on(CLICK2CALL)) == 1
    assert (code, result["status"], result["error"]) == (4, "unknown", "bad_answer")
    assert "outcome unknown" in result["message"]
    record = _last_record()
    assert (record.status.value, record.error_code) == ("unknown", "bad_answer")


def test_endless_answer_ends_as_unknown_without_reading_it(configured: Sandbox) -> None:
    with HostileServer({CLICK2CALL: Answer(endless=True)}) as server:
        code, result = call_json("0901234567", **_hostile_env(server))
        cut = server.finished(CLICK2CALL)
    assert (code, result["status"], result["error"]) == (4, "unknown", "answer_too_large")
    assert cut.closed_by_client
    assert cut.sent < 5 * 1024 * 1024, cut.sent  # the 1 MiB cap plus socket buffers


def test_escape_sequences_from_the_server_never_reach_the_terminal(configured: Sandbox) -> None:
    payload = {"error": "odd\u001b[2J_code", "message": "\u001b[31mred\r\u001b[2Kgone\u202e!"}
    with HostileServer({CLICK2CALL: Answer(envelope(payload, status_code=-9999))}) as server:
        result = run_cli("call", "0901234567", **_hostile_env(server))
    assert result.code == 3
    assert "[31mred [2Kgone!" in result.err
    assert _raw_controls(result.out + result.err) == []
    assert "\u202e" not in result.err
    history = run_cli("history")
    assert "odd[2J_code" in history.out
    assert _raw_controls(history.out) == []


def test_garbage_call_uuid_is_unknown_and_not_printed(configured: Sandbox) -> None:
    answer = Answer(envelope({"call_uuid": "\u001b[31mabc\r"}))
    with HostileServer({CLICK2CALL: answer}) as server:
        result = run_cli("call", "0901234567", **_hostile_env(server))
    assert result.code == 4
    assert "call id" in result.err and "outcome unknown" in result.err
    assert "abc" not in result.out + result.err
    assert _raw_controls(result.out + result.err) == []


def test_wrong_typed_status_code_is_unknown_not_refused(configured: Sandbox) -> None:
    body = envelope({"error": "user_busy"}, status_code="9999", message="user_busy")
    with HostileServer({CLICK2CALL: Answer(body)}) as server:
        code, result = call_json("0901234567", **_hostile_env(server))
    assert (code, result["status"], result["error"]) == (4, "unknown", "bad_answer")


@pytest.mark.parametrize("token", ["tok\r\nX-Injected: 1", "t" * (100 * 1024)])
def test_token_unfit_for_a_header_is_failed_and_nothing_is_sent(
    configured: Sandbox, token: str
) -> None:
    with HostileServer({AUTH: token_answer(token)}) as server:
        code, result = call_json("0901234567", **_hostile_env(server))
        assert server.on(CLICK2CALL) == []
    assert (code, result["status"], result["error"]) == (4, "failed", "bad_auth_answer")
    assert "No call was placed" in result["message"]
    assert _last_record().status.value == "failed"


def _start_call(*args: str, **env: str) -> subprocess.Popen[str]:
    environment = dict(os.environ)
    environment.update(env)
    environment["PYTHON_KEYRING_BACKEND"] = "tests.fake_keyring.FileKeyring"
    environment["PYTHONPATH"] = str(ROOT)
    environment["PYTHONIOENCODING"] = "utf-8"
    return subprocess.Popen(
        [sys.executable, "-m", "omidesk", "call", *args],
        env=environment,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    )


def _interrupt(process: subprocess.Popen[str]) -> tuple[int, str, str]:
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=60)
    return process.returncode, out, err


def _long_timeout() -> None:
    """The test profile's 2 s timeout would end the slow call by itself: Ctrl+C must."""
    paths = default_paths()
    loaded = settings_file.load(paths.settings_file)
    settings_file.save(paths.settings_file, replace(loaded.settings, timeout_s=60.0))


@pytest.mark.parametrize("as_json", [False, True])
def test_ctrl_c_after_sending_says_unknown_and_finishes_the_record(
    configured: Sandbox, as_json: bool
) -> None:
    _long_timeout()
    process = _start_call("0900000020", *(["--json"] if as_json else []))
    try:
        assert configured.wait_for(
            lambda requests: any(r.path == "/api/click2call" for r in requests)
        )
    finally:
        code, out, err = _interrupt(process)
    assert code == 4, out + err
    if as_json:
        assert out.count("\n") == 1, out + err
        result = json.loads(out)
        assert (result["status"], result["error"]) == ("unknown", "interrupted")
        assert "outcome unknown" in result["message"]
    else:
        assert "outcome unknown" in err
        assert "Check your phone" in err
        assert "Traceback" not in err
    record = _last_record()
    assert (record.status.value, record.error_code) == ("unknown", "interrupted")
    assert len(configured.click2calls()) == 1


@pytest.mark.parametrize("as_json", [False, True])
def test_ctrl_c_before_sending_says_no_call_was_placed(configured: Sandbox, as_json: bool) -> None:
    _long_timeout()
    slow_sign_in = Answer(envelope({"access_token": "tok"}), delay_s=60)
    with HostileServer({AUTH: slow_sign_in}) as server:
        env = _hostile_env(server)
        process = _start_call("0901234567", *(["--json"] if as_json else []), **env)
        try:
            assert server.wait_for(lambda exchanges: any(e.path == AUTH for e in exchanges))
        finally:
            code, out, err = _interrupt(process)
        assert server.on(CLICK2CALL) == []
    assert code == 130, out + err
    if as_json:
        assert out.count("\n") == 1, out + err
        result = json.loads(out)
        assert (result["status"], result["error"]) == ("failed", "stopped_before_sending")
    else:
        assert "No call was placed" in err
    record = _last_record()
    assert (record.status.value, record.error_code) == ("failed", "stopped_before_sending")


def test_json_prints_one_object_when_the_store_cannot_be_written(configured: Sandbox) -> None:
    default_paths().database.mkdir(parents=True)  # a folder where the database file should be
    result = run_cli("call", "0901234567", "--json")
    assert result.out.count("\n") == 1, result.out + result.err
    answer = json.loads(result.out)
    assert (result.code, answer["status"], answer["error"]) == (4, "failed", "store_read_only")
    assert str(default_paths().database) in answer["message"]
    assert answer["input"] == "0901234567"
    assert configured.requests == []  # not recorded, so not sent
    human = run_cli("call", "0901234567")
    assert human.code == 4
    assert "cannot write" in human.err


def test_a_number_argument_that_is_not_utf8_is_dialled_and_told_in_one_object(
    configured: Sandbox,
) -> None:
    """Bytes that are not UTF-8 reach Python as lone surrogates, which neither SQLite nor
    a JSON reader takes: the attempt was lost in a traceback."""
    code, result = call_json("\udcff0901234567")  # the byte 0xff before the number
    assert (code, result["status"], result["number"]) == (0, "accepted", "0901234567")
    assert result["input"] == "\ufffd0901234567"
    assert _last_record().input == "\ufffd0901234567"


def test_call_with_an_unreadable_ca_bundle_says_so_and_places_nothing(tmp_path):
    bundle = str(tmp_path / "missing.pem")
    result = run_cli(
        "call", "0901234567", "--json",
        SSL_CERT_FILE=bundle, OMIDESK_API_KEY="abcdefghijklmnop", OMIDESK_EXTENSION="101",
        OMIDESK_BASE_URL="https://public-v1.omicall.invalid",
    )  # fmt: skip
    assert result.code == 5, result.err
    answer = json.loads(result.out)
    assert (answer["status"], answer["error"]) == ("failed", "tls_ca_unreadable")
    assert f"SSL_CERT_FILE names cannot be read ({bundle})" in answer["message"]
    assert "Something went wrong" not in result.err
