"""Scenario phone numbers that make the sandbox answer click2call with each error and fault."""

from __future__ import annotations

from dataclasses import dataclass

# OMICall's English payload.message for each click2call error code (OMICALL_API.md).
ERROR_MESSAGES: dict[str, str] = {
    "data_is_required": "Please check your input param",
    "tenant_invalid": "Your tenant not found",
    "user_not_registered": "User not registered extension with Softphone, IP Phone, Web",
    "number_call_out_invalid": "Your hotline invalid",
    "extension_invalid": "Extension not found or disabled",
    "user_busy": "User busy",
    "do_not_call": "Do not call",
    "invalid_phone_number": "Invalid phone number",
    "rate_limit_exceeded": "Rate limit exceeded",
    "token_expired": "Token expired",
}


@dataclass(frozen=True)
class Scenario:
    """One scenario number and what the sandbox does when click2call dials it.

    `error`/`message` are set only for plain failure answers (the payload the server sends);
    faults (slow, dropped, http_500, ...) are told apart by `name`.
    """

    number: str
    name: str
    description: str
    error: str | None = None
    message: str | None = None


def _failure(number: str, code: str, description: str) -> Scenario:
    return Scenario(number, code, description, error=code, message=ERROR_MESSAGES[code])


SCENARIOS: tuple[Scenario, ...] = (
    _failure("0900000001", "user_busy", "fails: the number called is busy"),
    _failure("0900000002", "do_not_call", "fails: the number is on the do-not-call register"),
    _failure("0900000003", "user_not_registered", "fails: extension not signed in on any phone"),
    _failure("0900000004", "number_call_out_invalid", "fails: the hotline is wrong or not allowed"),
    _failure("0900000005", "extension_invalid", "fails: the extension is wrong or disabled"),
    _failure("0900000006", "tenant_invalid", "fails: the company (API key) is not valid"),
    _failure("0900000007", "data_is_required", "fails: a field is missing"),
    _failure("0900000008", "invalid_phone_number", "fails: invalid phone number"),
    _failure("0900000009", "rate_limit_exceeded", "fails: rate limit exceeded"),
    Scenario(
        "0900000010",
        "unknown_code",
        "fails with an undocumented code, carrier_unreachable",
        error="carrier_unreachable",
        message="Carrier network unreachable",
    ),
    Scenario("0900000011", "no_code", 'fails with payload {"status": "fail"}: no code, no message'),
    Scenario("0900000020", "slow", "succeeds after slow_seconds (30 s): the call WAS placed"),
    Scenario("0900000021", "dropped", "reads the request, then closes the connection silently"),
    Scenario("0900000022", "http_500", "answers HTTP 500 with an nginx HTML error page"),
    Scenario("0900000023", "invalid_json", "answers HTTP 200 with a body that is not valid JSON"),
    Scenario(
        "0900000024",
        "token_expired_once",
        "401 token_expired once, revoking the token; re-auth works",
    ),
    Scenario("0900000025", "missing_call_uuid", "answers success (9999) without a call_uuid"),
)

_BY_NUMBER: dict[str, Scenario] = {s.number: s for s in SCENARIOS}


def national_digits(phone_number: str) -> str:
    """Reduce a number to Vietnamese national digits: "+84 90-000 0001" -> "0900000001".

    Numbers that are not Vietnamese come back as their bare digits.
    """
    text = phone_number.strip()
    digits = "".join(ch for ch in text if ch.isdigit() and ch.isascii())
    if text.startswith("+"):
        # After a "+" the digits are a country code, never a national number.
        return "0" + digits[2:] if digits.startswith("84") else digits
    if digits.startswith("0084"):
        return "0" + digits[4:]
    # A national number starts with 0 (or 1 for 1800/1900 numbers), so 11-12 digits
    # starting with 84 can only be the international form of a mobile or landline.
    if digits.startswith("84") and len(digits) in (11, 12):
        return "0" + digits[2:]
    return digits


def scenario_for(phone_number: str) -> Scenario | None:
    """The scenario a click2call to `phone_number` triggers, in any number format; None if none."""
    return _BY_NUMBER.get(national_digits(phone_number))


def _grouped(number: str) -> str:
    return f"{number[:4]} {number[4:7]} {number[7:]}"


def scenario_help() -> str:
    """A plain-text table of the scenario numbers, for `omidesk sandbox --help` and the README."""
    width = max(len(s.name) for s in SCENARIOS)
    lines = [f"  {_grouped(s.number)}  {s.name:<{width}}  {s.description}" for s in SCENARIOS]
    lines.append(f"  {'any other':<12}  {'success':<{width}}  succeeds with a new call_uuid")
    return "\n".join(lines)
