"""The error catalogue: every OMICall error code and local failure, in the agent's words."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any, Protocol, overload

from omidesk.domain.i18n import Text


@dataclass(frozen=True, slots=True)
class Entry:
    """What the agent reads for one error code, and whether simply trying again may help."""

    message: Text
    next_step: Text
    retry: bool


@dataclass(frozen=True, slots=True)
class Explanation:
    """One error rendered in one language, ready to show."""

    code: str
    message: str
    next_step: str
    retry: bool
    server_message: str | None = None


_CHECK_PHONE = Text(
    "Check your phone: it may be ringing. Call again only if it does not ring.",
    "Hãy xem điện thoại: có thể máy đang đổ chuông. Chỉ gọi lại nếu máy không đổ chuông.",
)
_FIX_NUMBER = Text(
    "Check the number: a Vietnamese mobile has 10 digits (0901 234 567); "
    "a foreign number starts with + or 00 and the country code.",
    "Kiểm tra lại số: số di động Việt Nam có 10 chữ số (0901 234 567); "
    "số nước ngoài bắt đầu bằng + hoặc 00 và mã quốc gia.",
)
# After an AutoCall push whose answer was lost: its calls may have started.
_CHECK_CAMPAIGN = Text(
    "Check the campaign on aicallcenter.vn before pushing these numbers again: their "
    "calls may have started. OmiDesk does not resend them (--again pushes them anyway).",
    "Hãy kiểm tra chiến dịch trên aicallcenter.vn trước khi đẩy lại các số này: cuộc gọi "
    "có thể đã bắt đầu. OmiDesk không tự gửi lại (--again để vẫn đẩy).",
)
_REPORT = Text(
    "Try again; if it happens again, tell your administrator.",
    "Hãy thử lại; nếu vẫn lỗi, báo cho quản trị viên.",
)

# Codes OMICall itself sends (OMICALL_API.md), then OmiDesk's own failures.
CATALOGUE: dict[str, Entry] = {
    # --- OMICall: authentication and request envelope --------------------------------
    "api_key_is_required": Entry(
        Text("OMICall received no API key.", "OMICall không nhận được API key."),
        Text(
            "Enter the company's API key in Settings. It is created in the OMICall web app "
            "under Account > Settings > API management.",
            "Nhập API key của công ty trong Cài đặt. API key được tạo trên OMICall tại "
            "Tài khoản > Cấu hình > Quản lý API.",
        ),
        retry=False,
    ),
    "api_key_invalid": Entry(
        Text("OMICall did not accept the API key.", "OMICall không chấp nhận API key."),
        Text(
            "Check the API key in Settings; it may have been revoked. Ask your OMICall "
            "administrator for a valid key (Account > Settings > API management).",
            "Kiểm tra API key trong Cài đặt; có thể key đã bị thu hồi. Xin quản trị viên "
            "OMICall một key hợp lệ (Tài khoản > Cấu hình > Quản lý API).",
        ),
        retry=False,
    ),
    "request_body_required": Entry(
        Text("OMICall received an empty request.", "OMICall nhận được yêu cầu rỗng."),
        _REPORT,
        retry=True,
    ),
    "token_expired": Entry(
        Text(
            "OMICall's sign-in expired and signing in again did not help.",
            "Phiên đăng nhập OMICall đã hết hạn và đăng nhập lại không thành công.",
        ),
        Text(
            "Try again in a moment; if it repeats, check the API key in Settings.",
            "Thử lại sau giây lát; nếu vẫn lỗi, kiểm tra API key trong Cài đặt.",
        ),
        retry=True,
    ),
    "unauthorized": Entry(
        Text("OMICall refused OmiDesk's sign-in.", "OMICall từ chối phiên đăng nhập của OmiDesk."),
        Text(
            "Check the API key and the server address in Settings.",
            "Kiểm tra API key và địa chỉ máy chủ trong Cài đặt.",
        ),
        retry=False,
    ),
    # --- OMICall: click2call -------------------------------------------------------
    "data_is_required": Entry(
        Text(
            "OMICall says a detail of the call is missing.",
            "OMICall báo thiếu thông tin của cuộc gọi.",
        ),
        Text(
            "Check that your extension and hotline are filled in under Settings.",
            "Kiểm tra máy lẻ và số hotline trong Cài đặt đã được điền.",
        ),
        retry=False,
    ),
    "tenant_invalid": Entry(
        Text(
            "OMICall does not recognise the company of this API key.",
            "OMICall không tìm thấy công ty ứng với API key này.",
        ),
        Text(
            "Check the API key and the server (production or staging) in Settings.",
            "Kiểm tra API key và máy chủ (chính thức hay thử nghiệm) trong Cài đặt.",
        ),
        retry=False,
    ),
    "user_not_registered": Entry(
        Text(
            "Your extension {extension} is not signed in on any phone.",
            "Máy lẻ {extension} chưa đăng nhập trên điện thoại nào (Softphone, IP Phone, Web).",
        ),
        Text(
            "Open your softphone or web phone, sign in, then call again.",
            "Mở softphone hoặc web phone, đăng nhập, rồi gọi lại.",
        ),
        retry=True,
    ),
    "number_call_out_invalid": Entry(
        Text(
            "The hotline {hotline} cannot be used for this call.",
            "Không thể gọi ra bằng số hotline {hotline}.",
        ),
        Text(
            "Choose another hotline, or ask your administrator which hotlines your "
            "extension may use.",
            "Chọn hotline khác, hoặc hỏi quản trị viên máy lẻ của bạn được dùng hotline nào.",
        ),
        retry=False,
    ),
    "extension_invalid": Entry(
        Text(
            "Extension {extension} does not exist or is disabled.",
            "Máy lẻ {extension} không tồn tại hoặc đã bị khóa.",
        ),
        Text(
            "Check your extension in Settings, or ask your administrator.",
            "Kiểm tra máy lẻ trong Cài đặt, hoặc hỏi quản trị viên.",
        ),
        retry=False,
    ),
    "user_busy": Entry(
        Text("The line is busy.", "Máy bận."),
        Text("Try again in a few minutes.", "Vui lòng gọi lại sau ít phút."),
        retry=True,
    ),
    "do_not_call": Entry(
        Text(
            "This number is on the do-not-call register.",
            "Số này nằm trong danh sách không làm phiền (Do Not Call).",
        ),
        Text(
            "Do not call this customer by phone; reach them another way.",
            "Không gọi điện cho khách hàng này; hãy liên hệ bằng cách khác.",
        ),
        retry=False,
    ),
    "invalid_phone_number": Entry(
        Text(
            "OMICall says the number is not valid.",
            "OMICall báo số điện thoại không hợp lệ.",
        ),
        Text("Check the number with the customer.", "Kiểm tra lại số với khách hàng."),
        retry=False,
    ),
    "rate_limit_exceeded": Entry(
        Text("Too many calls in a short time.", "Quá nhiều cuộc gọi trong thời gian ngắn."),
        Text("Wait a minute, then call again.", "Đợi một phút rồi gọi lại."),
        retry=True,
    ),
    "unknown": Entry(
        Text(
            "OMICall refused the call: {server_message}",
            "OMICall từ chối cuộc gọi: {server_message}",
        ),
        Text(
            "If it happens again, tell your administrator what OMICall said.",
            "Nếu lặp lại, hãy báo quản trị viên nội dung OMICall trả về.",
        ),
        retry=False,
    ),
    # --- the number the agent gave ------------------------------------------------
    "number_empty": Entry(
        Text("Type a phone number.", "Hãy nhập số điện thoại."),
        Text(
            "Type or paste the customer's number, for example 0901 234 567.",
            "Nhập hoặc dán số của khách hàng, ví dụ 0901 234 567.",
        ),
        retry=False,
    ),
    "number_no_digits": Entry(
        Text("“{text}” holds no phone number.", "“{text}” không chứa số điện thoại nào."),
        _FIX_NUMBER,
        retry=False,
    ),
    "number_too_short": Entry(
        Text("{digits} is too short for a phone number.", "{digits} quá ngắn để là số điện thoại."),
        _FIX_NUMBER,
        retry=False,
    ),
    "number_too_long": Entry(
        Text("{digits} is too long for a phone number.", "{digits} quá dài để là số điện thoại."),
        _FIX_NUMBER,
        retry=False,
    ),
    "number_invalid": Entry(
        Text("{digits} is not a valid phone number.", "{digits} không phải số điện thoại hợp lệ."),
        _FIX_NUMBER,
        retry=False,
    ),
    "number_several": Entry(
        Text("The text holds several numbers: {numbers}.", "Đoạn văn bản có nhiều số: {numbers}."),
        Text("Keep only the number to call.", "Chỉ giữ lại số cần gọi."),
        retry=False,
    ),
    # --- tel: / callto: links ------------------------------------------------------
    "link_not_phone": Entry(
        Text("“{text}” is not a phone link.", "“{text}” không phải liên kết số điện thoại."),
        Text(
            "Only tel: and callto: links can be dialled.",
            "Chỉ gọi được các liên kết tel: và callto:.",
        ),
        retry=False,
    ),
    "link_empty": Entry(
        Text("The link “{text}” holds no number.", "Liên kết “{text}” không có số nào."),
        Text("Type the number instead.", "Hãy nhập số bằng tay."),
        retry=False,
    ),
    "link_malformed": Entry(
        Text(
            "The link “{text}” is not a valid phone link.",
            "Liên kết “{text}” không phải liên kết số điện thoại hợp lệ.",
        ),
        Text("Type the number instead.", "Hãy nhập số bằng tay."),
        retry=False,
    ),
    "link_local_context": Entry(
        Text(
            "The link “{text}” holds a local number without its country.",
            "Liên kết “{text}” chứa số nội bộ, không rõ quốc gia.",
        ),
        Text(
            "Type the full number, with its area or country code.",
            "Hãy nhập đầy đủ số, kèm mã vùng hoặc mã quốc gia.",
        ),
        retry=False,
    ),
    # --- set-up ---------------------------------------------------------------------
    "not_configured": Entry(
        Text(
            "OmiDesk is not set up yet: {missing} missing.",
            "OmiDesk chưa được cài đặt: thiếu {missing}.",
        ),
        Text(
            "Fill in the missing settings (in the window: Settings; in a terminal: "
            "omidesk config set …), or start the demo with omidesk --demo.",
            "Điền các mục còn thiếu (trên cửa sổ: Cài đặt; trong terminal: "
            "omidesk config set …), hoặc chạy thử với omidesk --demo.",
        ),
        retry=False,
    ),
    "settings_broken": Entry(
        Text(
            "The settings file {path} cannot be read: {detail}.",
            "Không đọc được tệp cài đặt {path}: {detail}.",
        ),
        Text(
            "Fix or delete the file; until then OmiDesk uses the defaults and keeps your "
            "file as it is.",
            "Sửa hoặc xóa tệp; trong lúc đó OmiDesk dùng giá trị mặc định "
            "và giữ nguyên tệp của bạn.",
        ),
        retry=False,
    ),
    "setting_invalid": Entry(
        Text("{setting}: {detail}", "{setting}: {detail}"),
        Text("Correct the value and save again.", "Sửa lại giá trị rồi lưu lại."),
        retry=False,
    ),
    "key_in_file": Entry(
        Text(
            "No system keyring works on this computer: the API key is kept in {path}, "
            "readable only by you.",
            "Máy tính này không có keyring hệ thống hoạt động: API key được lưu trong {path}, "
            "chỉ bạn đọc được.",
        ),
        Text(
            "Install and unlock a keyring (GNOME Keyring, KWallet) to keep it there instead.",
            "Cài đặt và mở khóa keyring (GNOME Keyring, KWallet) để lưu key an toàn hơn.",
        ),
        retry=False,
    ),
    "base_url_invalid": Entry(
        Text(
            "The server address “{value}” from {source} is not valid: {detail} "
            "Nothing is sent to OMICall until it is corrected.",
            "Địa chỉ máy chủ “{value}” lấy từ {source} không hợp lệ: {detail} "
            "Sẽ không gửi gì tới OMICall cho đến khi sửa lại.",
        ),
        Text(
            "Correct it (Settings, or omidesk config set base_url https://…; for a variable, "
            "change or unset it). OmiDesk never uses another server in its place.",
            "Hãy sửa lại (trong Cài đặt, hoặc omidesk config set base_url https://…; nếu là "
            "biến môi trường thì sửa hoặc bỏ biến đó). OmiDesk không bao giờ tự dùng máy chủ "
            "khác thay thế.",
        ),
        retry=False,
    ),
    "settings_not_yours": Entry(
        Text(
            "The settings file {path} belongs to another user: OmiDesk ignores it and will "
            "not contact OMICall until this is fixed.",
            "Tệp cài đặt {path} thuộc về người dùng khác: OmiDesk bỏ qua tệp này và sẽ không "
            "kết nối OMICall cho đến khi được khắc phục.",
        ),
        Text(
            "Whoever owns it could send your API key to their own server. Delete or move the "
            "file, then set OmiDesk up again (Settings, or omidesk config set …).",
            "Người sở hữu tệp có thể gửi API key của bạn tới máy chủ của họ. Hãy xóa hoặc "
            "chuyển tệp đi, rồi cài đặt lại OmiDesk (Cài đặt, hoặc omidesk config set …).",
        ),
        retry=False,
    ),
    "settings_made_private": Entry(
        Text(
            "Other users could change the settings file {path}: OmiDesk made it private "
            "(only you can read and change it now).",
            "Người dùng khác có thể sửa tệp cài đặt {path}: OmiDesk đã đặt tệp ở chế độ "
            "riêng tư (giờ chỉ bạn đọc và sửa được).",
        ),
        Text(
            "Check that its server address (base_url) is the one your company uses: "
            "someone may have changed it.",
            "Hãy kiểm tra địa chỉ máy chủ (base_url) trong tệp đúng là của công ty bạn: "
            "có thể ai đó đã sửa nó.",
        ),
        retry=False,
    ),
    "key_file_made_private": Entry(
        Text(
            "Other users could read or change the API key file {path}: OmiDesk made it "
            "private (only you can read it now).",
            "Người dùng khác có thể đọc hoặc sửa tệp API key {path}: OmiDesk đã đặt tệp ở "
            "chế độ riêng tư (giờ chỉ bạn đọc được).",
        ),
        Text(
            "The key may have been copied: ask your administrator for a new one and store "
            "it with omidesk config set-api-key (or in Settings).",
            "Key có thể đã bị sao chép: hãy xin quản trị viên key mới và lưu bằng "
            "omidesk config set-api-key (hoặc trong Cài đặt).",
        ),
        retry=False,
    ),
    "key_file_not_yours": Entry(
        Text(
            "The API key file {path} belongs to another user: OmiDesk ignores it.",
            "Tệp API key {path} thuộc về người dùng khác: OmiDesk bỏ qua tệp này.",
        ),
        Text(
            "Delete the file and store your key again with omidesk config set-api-key "
            "(or in Settings).",
            "Hãy xóa tệp và lưu lại key bằng omidesk config set-api-key (hoặc trong Cài đặt).",
        ),
        retry=False,
    ),
    "extension_malformed": Entry(
        Text(
            "The extension “{value}” is not valid: an extension is a short number of digits, "
            "such as 101. Nothing was sent.",
            "Máy lẻ “{value}” không hợp lệ: máy lẻ là một dãy số ngắn, ví dụ 101. Chưa gửi gì đi.",
        ),
        Text(
            "Correct the extension (Settings, or the --extension option) and call again.",
            "Sửa lại máy lẻ (trong Cài đặt, hoặc tùy chọn --extension) rồi gọi lại.",
        ),
        retry=False,
    ),
    "hotline_malformed": Entry(
        Text(
            "The hotline “{value}” is not valid: a hotline is a phone number, such as "
            "02877788056. Nothing was sent.",
            "Hotline “{value}” không hợp lệ: hotline là một số điện thoại, ví dụ "
            "02877788056. Chưa gửi gì đi.",
        ),
        Text(
            "Correct the hotline (Settings, or the --hotline option) and call again.",
            "Sửa lại hotline (trong Cài đặt, hoặc tùy chọn --hotline) rồi gọi lại.",
        ),
        retry=False,
    ),
    # --- network: nothing was sent ---------------------------------------------------
    "cannot_connect": Entry(
        Text(
            "Cannot reach OMICall at {host}: {detail}. No call was placed.",
            "Không kết nối được tới OMICall ({host}): {detail}. Chưa có cuộc gọi nào.",
        ),
        Text(
            "Check the internet connection and the server address in Settings, then call again.",
            "Kiểm tra kết nối internet và địa chỉ máy chủ trong Cài đặt, rồi gọi lại.",
        ),
        retry=True,
    ),
    "timeout_before_sending": Entry(
        Text(
            "OMICall did not answer the connection in time. No call was placed.",
            "OMICall không phản hồi kết nối kịp thời. Chưa có cuộc gọi nào.",
        ),
        Text(
            "Check the internet connection, then call again.",
            "Kiểm tra kết nối internet rồi gọi lại.",
        ),
        retry=True,
    ),
    # --- network: the request may have reached OMICall ---------------------------------
    "no_answer": Entry(
        Text(
            "No answer from OMICall — outcome unknown.",
            "OMICall không trả lời — chưa rõ kết quả.",
        ),
        _CHECK_PHONE,
        retry=False,
    ),
    "server_error": Entry(
        Text(
            "OMICall had an internal error (HTTP {http_status}) — outcome unknown.",
            "OMICall gặp lỗi nội bộ (HTTP {http_status}) — chưa rõ kết quả.",
        ),
        _CHECK_PHONE,
        retry=False,
    ),
    "bad_answer": Entry(
        Text(
            "OMICall's answer could not be read (HTTP {http_status}) — outcome unknown.",
            "Không đọc được câu trả lời của OMICall (HTTP {http_status}) — chưa rõ kết quả.",
        ),
        _CHECK_PHONE,
        retry=False,
    ),
    "answer_too_large": Entry(
        Text(
            "OMICall's answer was far too large to be a real answer, and was not read "
            "— outcome unknown.",
            "Câu trả lời của OMICall quá lớn, không thể là câu trả lời thật, nên không được "
            "đọc — chưa rõ kết quả.",
        ),
        _CHECK_PHONE,
        retry=False,
    ),
    "bad_call_uuid": Entry(
        Text(
            "OMICall said the call was placed, but the call id it sent is unusable "
            "— outcome unknown.",
            "OMICall báo đã thực hiện cuộc gọi, nhưng mã cuộc gọi trả về không dùng được "
            "— chưa rõ kết quả.",
        ),
        _CHECK_PHONE,
        retry=False,
    ),
    "bad_auth_answer": Entry(
        Text(
            "OMICall's answer to sign-in could not be read (HTTP {http_status}). "
            "No call was placed.",
            "Không đọc được câu trả lời đăng nhập của OMICall (HTTP {http_status}). "
            "Chưa có cuộc gọi nào.",
        ),
        Text(
            "Check the server address in Settings: it may not be an OMICall server.",
            "Kiểm tra địa chỉ máy chủ trong Cài đặt: có thể đó không phải máy chủ OMICall.",
        ),
        retry=True,
    ),
    "http_error": Entry(
        Text(
            "The server refused the request (HTTP {http_status}). No call was placed.",
            "Máy chủ từ chối yêu cầu (HTTP {http_status}). Chưa có cuộc gọi nào.",
        ),
        Text(
            "Check the server address in Settings: it may not be an OMICall server.",
            "Kiểm tra địa chỉ máy chủ trong Cài đặt: có thể đó không phải máy chủ OMICall.",
        ),
        retry=False,
    ),
    "interrupted": Entry(
        Text(
            "OmiDesk stopped before OMICall answered — outcome unknown.",
            "OmiDesk đã dừng trước khi OMICall trả lời — chưa rõ kết quả.",
        ),
        _CHECK_PHONE,
        retry=False,
    ),
    "stopped_before_sending": Entry(
        Text(
            "Stopped before the request was sent. No call was placed.",
            "Đã dừng trước khi gửi yêu cầu. Chưa có cuộc gọi nào.",
        ),
        Text("Call again when you are ready.", "Hãy gọi lại khi bạn sẵn sàng."),
        retry=True,
    ),
    # --- the one-click-one-call rule --------------------------------------------------
    "call_in_progress": Entry(
        Text(
            "A call to {number} is already being placed.",
            "Đang thực hiện cuộc gọi tới {number}.",
        ),
        Text("Wait for its result.", "Hãy đợi kết quả của cuộc gọi đó."),
        retry=False,
    ),
    "repeat_within_window": Entry(
        Text(
            "You called {number} {seconds} s ago.",
            "Bạn vừa gọi {number} cách đây {seconds} giây.",
        ),
        Text(
            "Call again only if you mean to place a second call.",
            "Chỉ gọi lại nếu bạn thật sự muốn thực hiện cuộc gọi thứ hai.",
        ),
        retry=False,
    ),
    # --- the local store -----------------------------------------------------------------
    # {folder} is the folder of {path}, the database file (see _worded).
    "tls_ca_unreadable": Entry(
        Text(
            "The certificate authorities that {source} names cannot be read ({path}): "
            "{detail}. No https server can be checked, so none is contacted.",
            "Không đọc được các chứng chỉ gốc (CA) mà {source} chỉ tới ({path}): {detail}. "
            "Không kiểm tra được máy chủ https nào, nên không kết nối tới máy chủ nào.",
        ),
        Text(
            "Point {source} at a readable CA bundle, or unset it (OmiDesk then uses the "
            "bundle it comes with), and try again.",
            "Trỏ {source} tới một bộ CA đọc được, hoặc bỏ biến này (OmiDesk sẽ dùng bộ CA "
            "đi kèm), rồi thử lại.",
        ),
        retry=False,
    ),
    "store_disk_full": Entry(
        Text(
            "Cannot write to {folder}: the disk is full.",
            "Không ghi được vào {folder}: ổ đĩa đã đầy.",
        ),
        Text(
            "Free some space on that disk (empty the trash, delete or move large files), "
            "then try again. What was saved before is safe.",
            "Giải phóng dung lượng trên ổ đĩa đó (dọn thùng rác, xoá hoặc chuyển các tệp lớn) "
            "rồi thử lại. Những gì đã lưu trước đó vẫn an toàn.",
        ),
        retry=True,
    ),
    "store_io_error": Entry(
        Text(
            "Cannot read or write the database file in {folder}.",
            "Không đọc hoặc ghi được tệp cơ sở dữ liệu trong {folder}.",
        ),
        Text(
            "The disk may be full, failing or disconnected (a USB drive, a network folder). "
            "Check it and free some space, then try again; if it happens again, tell your "
            "administrator.",
            "Ổ đĩa có thể đã đầy, bị lỗi hoặc bị ngắt kết nối (ổ USB, thư mục mạng). Hãy "
            "kiểm tra ổ đĩa và giải phóng dung lượng rồi thử lại; nếu vẫn lỗi, báo cho quản "
            "trị viên.",
        ),
        retry=True,
    ),
    # Calls and contacts share the file, and the writer may be this very window (an import).
    "store_locked": Entry(
        Text(
            "OmiDesk's data is busy: something else is writing to it (a contact import, or "
            "another OmiDesk window or command).",
            "Dữ liệu của OmiDesk đang bận: có tác vụ khác đang ghi vào (nhập danh bạ, hoặc "
            "một cửa sổ hay lệnh OmiDesk khác).",
        ),
        Text("Try again in a moment.", "Thử lại sau giây lát."),
        retry=True,
    ),
    "store_read_only": Entry(
        Text("OmiDesk cannot write to {path}.", "OmiDesk không ghi được vào {path}."),
        Text(
            "Check that the folder is writable by you, then try again.",
            "Kiểm tra bạn có quyền ghi vào thư mục đó rồi thử lại.",
        ),
        retry=True,
    ),
    "store_corrupt": Entry(
        Text("The data file {path} is damaged.", "Tệp dữ liệu {path} bị hỏng."),
        Text(
            "Close OmiDesk and start it again: it then checks the file, moves it aside if it "
            "is damaged (keep it for your administrator) and starts a new one.",
            "Đóng OmiDesk rồi mở lại: OmiDesk sẽ kiểm tra tệp, chuyển tệp bị hỏng sang chỗ "
            "khác (hãy giữ lại cho quản trị viên) và tạo tệp mới.",
        ),
        retry=False,
    ),
    "store_newer": Entry(
        Text(
            "The data file {path} was made by a newer version of OmiDesk.",
            "Tệp dữ liệu {path} được tạo bởi phiên bản OmiDesk mới hơn.",
        ),
        Text(
            "Update OmiDesk (ask your administrator for the latest version), then start it "
            "again. The file was left as it is.",
            "Hãy cập nhật OmiDesk (xin quản trị viên phiên bản mới nhất) rồi mở lại. Tệp "
            "vẫn được giữ nguyên.",
        ),
        retry=False,
    ),
    # Notices: a damaged database found at start was moved aside ({path}: where it went).
    "store_moved_aside": Entry(
        Text(
            "The database was damaged: OmiDesk moved it to {path} and started a new one.",
            "Cơ sở dữ liệu bị hỏng: OmiDesk đã chuyển nó sang {path} và tạo tệp mới.",
        ),
        Text(
            "You can keep calling. The calls and contacts saved before are in that file: "
            "keep it for your administrator, who may recover them.",
            "Bạn vẫn có thể gọi bình thường. Các cuộc gọi và danh bạ đã lưu trước đây nằm "
            "trong tệp đó: hãy giữ lại cho quản trị viên để khôi phục.",
        ),
        retry=False,
    ),
    "store_empty_moved_aside": Entry(
        Text(
            "The database file was empty: OmiDesk moved it to {path} and started a new one.",
            "Tệp cơ sở dữ liệu bị rỗng: OmiDesk đã chuyển nó sang {path} và tạo tệp mới.",
        ),
        Text(
            "You can keep calling. The calls and contacts saved before were lost with its "
            "content: if you had some, tell your administrator (a backup may hold them).",
            "Bạn vẫn có thể gọi bình thường. Các cuộc gọi và danh bạ đã lưu trước đây đã mất "
            "cùng nội dung tệp: nếu có, hãy báo cho quản trị viên (bản sao lưu có thể còn).",
        ),
        retry=False,
    ),
    # --- the desktop-wide hotkey ------------------------------------------------------------
    "hotkey_taken": Entry(
        Text(
            "The shortcut {keys} is already used by another application.",
            "Phím tắt {keys} đang được một ứng dụng khác sử dụng.",
        ),
        Text(
            "Choose another shortcut in Settings, or free {keys} in the other application.",
            "Chọn phím tắt khác trong Cài đặt, hoặc bỏ {keys} ở ứng dụng kia.",
        ),
        retry=False,
    ),
    "hotkey_unsupported": Entry(
        Text(
            "This desktop does not let applications take the shortcut {keys} "
            "(Wayland, macOS, or no X display).",
            "Môi trường này không cho ứng dụng dùng phím tắt {keys} "
            "(Wayland, macOS, hoặc không có màn hình X).",
        ),
        Text(
            "Bind the command `omidesk dial-selection` to {keys} in the desktop's own "
            "keyboard settings (see the README).",
            "Gán lệnh `omidesk dial-selection` cho {keys} trong phần phím tắt của hệ thống "
            "(xem README).",
        ),
        retry=False,
    ),
    "hotkey_invalid": Entry(
        Text(
            "“{keys}” is not a shortcut OmiDesk can use.", "“{keys}” không phải phím tắt dùng được."
        ),
        Text(
            "Use Ctrl, Alt or Meta with one letter, digit or F-key, such as Ctrl+Alt+D.",
            "Dùng Ctrl, Alt hoặc Meta với một chữ, số hoặc phím F, ví dụ Ctrl+Alt+D.",
        ),
        retry=False,
    ),
    # --- contact files: import and export (domain.contact_files, usecases.import_contacts,
    # usecases.export_contacts) ---------------------------------------------------------------
    # The whole file:
    "import_empty": Entry(
        Text("The file {path} is empty.", "Tệp {path} trống."),
        Text(
            "Export the contacts again and import the new file: the export may not have finished.",
            "Xuất danh bạ lại rồi nhập tệp mới: có thể lần xuất trước chưa hoàn tất.",
        ),
        retry=False,
    ),
    "import_not_text": Entry(
        Text(
            "{path} is not a contacts file: it is not text.",
            "{path} không phải tệp danh bạ: tệp không phải dạng văn bản.",
        ),
        Text(
            "Export the contacts as CSV or vCard (.vcf) and import that file. Excel files "
            "(.xlsx) must first be saved as CSV.",
            "Xuất danh bạ ra CSV hoặc vCard (.vcf) rồi nhập tệp đó. Tệp Excel (.xlsx) cần "
            "được lưu thành CSV trước.",
        ),
        retry=False,
    ),
    "import_not_contacts": Entry(
        Text("No contacts were found in {path}.", "Không tìm thấy liên hệ nào trong {path}."),
        Text(
            "Check that this is the exported contacts file: a CSV with a row per contact, "
            "or a vCard file (.vcf) starting with BEGIN:VCARD.",
            "Kiểm tra đây đúng là tệp danh bạ đã xuất: tệp CSV mỗi dòng một liên hệ, hoặc "
            "tệp vCard (.vcf) bắt đầu bằng BEGIN:VCARD.",
        ),
        retry=False,
    ),
    "import_no_phone_column": Entry(
        Text(
            "No column of phone numbers was found in {path}.",
            "Không tìm thấy cột số điện thoại nào trong {path}.",
        ),
        Text(
            'Name the phone column in the file\'s first row (for example "Phone" or '
            '"Điện thoại"), or choose it in the import window.',
            'Đặt tên cột số điện thoại ở dòng đầu của tệp (ví dụ "Điện thoại" hoặc '
            '"Phone"), hoặc chọn cột đó trong cửa sổ nhập.',
        ),
        retry=False,
    ),
    "import_unreadable": Entry(
        Text("OmiDesk cannot read {path}: {detail}", "OmiDesk không đọc được {path}: {detail}"),
        Text(
            "Check that the file exists and that you may open it, then try again.",
            "Kiểm tra tệp có tồn tại và bạn có quyền mở nó, rồi thử lại.",
        ),
        retry=True,
    ),
    # One row (or vCard) of a file, in the import report:
    "import_no_number": Entry(
        Text("No phone number: not imported.", "Không có số điện thoại: không được nhập."),
        Text(
            "Add the number in the file and import it again; rows already imported are "
            "merged, not doubled.",
            "Thêm số vào tệp rồi nhập lại; các dòng đã nhập sẽ được gộp, không bị nhân đôi.",
        ),
        retry=False,
    ),
    "import_no_name": Entry(
        Text("No name or company: not imported.", "Không có tên hoặc công ty: không được nhập."),
        Text(
            "Add a name in the file and import it again.",
            "Thêm tên vào tệp rồi nhập lại.",
        ),
        retry=False,
    ),
    "import_bad_row": Entry(
        Text(
            "This row could not be read: its cells do not line up with the columns, or it "
            "is cut short.",
            "Không đọc được dòng này: các ô không khớp với các cột, hoặc dòng bị cắt cụt.",
        ),
        Text(
            "Open the file in a spreadsheet, correct the row (a comma inside a name needs "
            "quotes) and import it again.",
            "Mở tệp bằng bảng tính, sửa dòng đó (dấu phẩy trong tên cần đặt trong ngoặc "
            "kép) rồi nhập lại.",
        ),
        retry=False,
    ),
    "import_bad_encoding": Entry(
        Text(
            "The letters of this row are not UTF-8 like the rest of the file (they show as "
            "�): not imported.",
            "Chữ trong dòng này không phải mã UTF-8 như phần còn lại của tệp (hiện thành "
            "�): không được nhập.",
        ),
        Text(
            "Retype the row's letters in the file, save it as UTF-8 (in Excel: CSV UTF-8) "
            "and import it again; rows already imported are merged, not doubled.",
            "Gõ lại chữ của dòng đó trong tệp, lưu tệp dạng UTF-8 (trong Excel: CSV UTF-8) "
            "rồi nhập lại; các dòng đã nhập sẽ được gộp, không bị nhân đôi.",
        ),
        retry=False,
    ),
    "import_damaged": Entry(
        Text(
            "The file is damaged from this card on (binary data, as a copy cut short "
            "leaves): nothing was read from there up to the next whole card.",
            "Tệp bị hỏng từ thẻ này trở đi (dữ liệu nhị phân, như khi sao chép bị ngắt "
            "giữa chừng): không đọc được gì từ đó cho đến thẻ nguyên vẹn tiếp theo.",
        ),
        Text(
            "The cards before the damage were imported. Copy or export the file again from "
            "its source and import it; contacts already imported are merged, not doubled.",
            "Các thẻ trước chỗ hỏng đã được nhập. Sao chép hoặc xuất lại tệp từ nguồn rồi "
            "nhập lại; các liên hệ đã nhập sẽ được gộp, không bị nhân đôi.",
        ),
        retry=False,
    ),
    "import_card_too_big": Entry(
        Text(
            "This card holds far more text than a contact (megabytes of names, numbers or "
            "notes): not imported.",
            "Thẻ này chứa quá nhiều chữ so với một liên hệ (hàng megabyte tên, số hoặc ghi "
            "chú): không được nhập.",
        ),
        Text(
            "Check that the file was exported as contacts; if the card is right, shorten "
            "its notes and import the file again.",
            "Kiểm tra tệp đúng là danh bạ đã xuất; nếu thẻ đúng, hãy rút gọn ghi chú của "
            "nó rồi nhập lại tệp.",
        ),
        retry=False,
    ),
    "import_invalid_owner": Entry(
        Text(
            "Not an extension: left out of the contact's owners; the contact was imported.",
            "Không phải máy lẻ: không thêm vào người phụ trách của liên hệ; liên hệ vẫn được nhập.",
        ),
        Text(
            "An owner is an extension, digits only, such as 101: correct it in the file or "
            "in the contact.",
            "Người phụ trách là một máy lẻ, chỉ gồm chữ số, ví dụ 101: hãy sửa trong tệp "
            "hoặc trong liên hệ.",
        ),
        retry=False,
    ),
    "import_too_many_owners": Entry(
        Text(
            "Past the 5 owners OMICall rings: left out; the contact was imported.",
            "Quá 5 người phụ trách mà OMICall đổ chuông: bị bỏ qua; liên hệ vẫn được nhập.",
        ),
        Text(
            "Keep the 5 extensions that should ring first for this customer, in the file or "
            "in the contact.",
            "Hãy giữ 5 máy lẻ cần đổ chuông trước cho khách hàng này, trong tệp hoặc trong "
            "liên hệ.",
        ),
        retry=False,
    ),
    "import_invalid_number": Entry(
        Text(
            "Not a valid phone number: imported, marked invalid.",
            "Số điện thoại không hợp lệ: đã nhập, được đánh dấu không hợp lệ.",
        ),
        Text(
            "Correct the number in the contact before calling it.",
            "Sửa số trong liên hệ trước khi gọi.",
        ),
        retry=False,
    ),
    # Export:
    "export_unknown_format": Entry(
        Text(
            "OmiDesk exports to .csv or .vcf files, not to {path}.",
            "OmiDesk xuất ra tệp .csv hoặc .vcf, không xuất ra {path}.",
        ),
        Text(
            "End the file name with .csv (Google Contacts, Excel) or .vcf (phones, "
            "Outlook, Apple).",
            "Đặt tên tệp kết thúc bằng .csv (Google Contacts, Excel) hoặc .vcf (điện "
            "thoại, Outlook, Apple).",
        ),
        retry=False,
    ),
    "export_failed": Entry(
        Text("OmiDesk could not write {path}: {detail}", "OmiDesk không ghi được {path}: {detail}"),
        Text(
            "Choose a folder you can write to, with free space, and export again.",
            "Chọn thư mục bạn có quyền ghi và còn dung lượng trống, rồi xuất lại.",
        ),
        retry=True,
    ),
    # --- how calls ended: OMICall's call history and contacts (issue 15) ------------------
    "rate_limited": Entry(
        Text(
            "OMICall asked OmiDesk to ask less often.",
            "OMICall yêu cầu OmiDesk hỏi thưa hơn.",
        ),
        Text(
            "OmiDesk asks again by itself in about {wait}; nothing is lost meanwhile.",
            "OmiDesk sẽ tự hỏi lại sau khoảng {wait}; không mất gì trong lúc chờ.",
        ),
        retry=True,
    ),
    "bad_read_answer": Entry(
        Text(
            "OMICall's answer could not be read (HTTP {http_status}).",
            "Không đọc được câu trả lời của OMICall (HTTP {http_status}).",
        ),
        Text(
            "Try again later; if it repeats, check the server address in Settings.",
            "Hãy thử lại sau; nếu vẫn lỗi, kiểm tra địa chỉ máy chủ trong Cài đặt.",
        ),
        retry=True,
    ),
    "history_unavailable": Entry(
        Text(
            "Could not fetch the call history from OMICall: {detail}.",
            "Không lấy được lịch sử cuộc gọi từ OMICall: {detail}.",
        ),
        Text(
            "The calls shown are as of the last sync; OmiDesk tries again later, or sync "
            "again yourself in a moment.",
            "Danh sách cuộc gọi là của lần đồng bộ trước; OmiDesk sẽ tự thử lại sau, hoặc "
            "bạn đồng bộ lại sau giây lát.",
        ),
        retry=True,
    ),
    # --- AutoCall campaigns (aicallcenter.vn, seed 002): omidesk.autocall, the push and the
    # results use cases. Its own codes, prefixed, so that no OMICall text says "AutoCall".
    # Set-up:
    "autocall_base_url_invalid": Entry(
        Text(
            "The AutoCall server address “{value}” from {source} is not valid: {detail} "
            "Nothing is sent to AutoCall until it is corrected.",
            "Địa chỉ máy chủ AutoCall “{value}” lấy từ {source} không hợp lệ: {detail} "
            "Sẽ không gửi gì tới AutoCall cho đến khi sửa lại.",
        ),
        Text(
            "Correct it (Settings, or omidesk config set autocall_base_url "
            "https://es.aicallcenter.vn). OmiDesk never uses another server in its place.",
            "Hãy sửa lại (trong Cài đặt, hoặc omidesk config set autocall_base_url "
            "https://es.aicallcenter.vn). OmiDesk không bao giờ tự dùng máy chủ khác thay thế.",
        ),
        retry=False,
    ),
    "autocall_no_secret": Entry(
        Text(
            "AutoCall's secret key is not set: nothing was sent.",
            "Chưa có secret key của AutoCall: chưa gửi gì đi.",
        ),
        Text(
            "Copy the secret key from your profile on aicallcenter.vn and store it with "
            "omidesk autocall set-secret (in the window: Campaigns > Secret key).",
            "Sao chép secret key trong trang hồ sơ trên aicallcenter.vn và lưu bằng "
            "omidesk autocall set-secret (trên cửa sổ: Chiến dịch > Secret key).",
        ),
        retry=False,
    ),
    "autocall_key_in_file": Entry(
        Text(
            "No system keyring works on this computer: the AutoCall secret key is kept in "
            "{path}, readable only by you.",
            "Máy tính này không có keyring hệ thống hoạt động: secret key AutoCall được lưu "
            "trong {path}, chỉ bạn đọc được.",
        ),
        Text(
            "Install and unlock a keyring (GNOME Keyring, KWallet) to keep it there instead.",
            "Cài đặt và mở khóa keyring (GNOME Keyring, KWallet) để lưu key an toàn hơn.",
        ),
        retry=False,
    ),
    "autocall_key_file_made_private": Entry(
        Text(
            "Other users could read or change the AutoCall secret key file {path}: OmiDesk "
            "made it private (only you can read it now).",
            "Người dùng khác có thể đọc hoặc sửa tệp secret key AutoCall {path}: OmiDesk đã "
            "đặt tệp ở chế độ riêng tư (giờ chỉ bạn đọc được).",
        ),
        Text(
            "The key may have been copied: change it on aicallcenter.vn (this stops every "
            "old token) and store the new one with omidesk autocall set-secret.",
            "Key có thể đã bị sao chép: hãy đổi key trên aicallcenter.vn (mọi token cũ sẽ "
            "mất hiệu lực) và lưu key mới bằng omidesk autocall set-secret.",
        ),
        retry=False,
    ),
    "autocall_key_file_not_yours": Entry(
        Text(
            "The AutoCall secret key file {path} belongs to another user: OmiDesk ignores it.",
            "Tệp secret key AutoCall {path} thuộc về người dùng khác: OmiDesk bỏ qua tệp này.",
        ),
        Text(
            "Delete the file and store your key again with omidesk autocall set-secret.",
            "Hãy xóa tệp và lưu lại key bằng omidesk autocall set-secret.",
        ),
        retry=False,
    ),
    # AutoCall's own codes (its envelope's `code`):
    "autocall_unauthorized": Entry(
        Text(
            "AutoCall refused the secret key (or the token made from it).",
            "AutoCall từ chối secret key (hoặc token sinh ra từ key đó).",
        ),
        Text(
            "The secret key may have been changed on aicallcenter.vn: copy the current one "
            "from your profile and store it with omidesk autocall set-secret, then try again.",
            "Có thể secret key đã được đổi trên aicallcenter.vn: hãy sao chép key hiện tại "
            "trong trang hồ sơ, lưu bằng omidesk autocall set-secret rồi thử lại.",
        ),
        retry=False,
    ),
    "autocall_contacts_malformed": Entry(
        Text(
            "AutoCall says the contacts are malformed: nothing of this batch was added.",
            "AutoCall báo danh sách khách hàng sai định dạng: không thêm được gì của đợt này.",
        ),
        Text(
            "Check the numbers and columns of the list, then push again; if it happens "
            "again, tell your administrator.",
            "Kiểm tra số điện thoại và các cột của danh sách rồi đẩy lại; nếu vẫn lỗi, "
            "hãy báo quản trị viên.",
        ),
        retry=False,
    ),
    "autocall_campaign_invalid": Entry(
        Text(
            "Campaign {campaign} does not exist, or your AutoCall account may not use it.",
            "Chiến dịch {campaign} không tồn tại, hoặc tài khoản AutoCall của bạn không được "
            "dùng chiến dịch này.",
        ),
        Text(
            "Check the campaign id on aicallcenter.vn, and that the secret key is that of "
            "the account owning the campaign.",
            "Kiểm tra mã chiến dịch trên aicallcenter.vn, và secret key đúng là của tài khoản "
            "sở hữu chiến dịch.",
        ),
        retry=False,
    ),
    "autocall_campaign_stopped": Entry(
        Text(
            "Campaign {campaign} is stopped: AutoCall adds nothing to it.",
            "Chiến dịch {campaign} đang dừng: AutoCall không thêm được dữ liệu.",
        ),
        Text(
            "Start the campaign on aicallcenter.vn, then push again: the numbers already "
            "pushed are skipped.",
            "Chạy chiến dịch trên aicallcenter.vn rồi đẩy lại: các số đã đẩy trước đó sẽ "
            "được bỏ qua.",
        ),
        retry=False,
    ),
    "autocall_refused": Entry(
        Text("AutoCall refused: {server_message}", "AutoCall từ chối: {server_message}"),
        Text(
            "If it happens again, tell your administrator what AutoCall said.",
            "Nếu lặp lại, hãy báo quản trị viên nội dung AutoCall trả về.",
        ),
        retry=False,
    ),
    # Network, nothing sent:
    "autocall_cannot_connect": Entry(
        Text(
            "Cannot reach AutoCall at {host}: {detail}. Nothing was sent.",
            "Không kết nối được tới AutoCall ({host}): {detail}. Chưa gửi gì đi.",
        ),
        Text(
            "Check the internet connection and the AutoCall server address, then try again.",
            "Kiểm tra kết nối internet và địa chỉ máy chủ AutoCall rồi thử lại.",
        ),
        retry=True,
    ),
    "autocall_timeout_before_sending": Entry(
        Text(
            "AutoCall did not answer the connection in time. Nothing was sent.",
            "AutoCall không phản hồi kết nối kịp thời. Chưa gửi gì đi.",
        ),
        Text(
            "Check the internet connection, then try again.",
            "Kiểm tra kết nối internet rồi thử lại.",
        ),
        retry=True,
    ),
    "autocall_bad_token_answer": Entry(
        Text(
            "AutoCall's answer to the secret key could not be read (HTTP {http_status}). "
            "Nothing was pushed.",
            "Không đọc được câu trả lời của AutoCall cho secret key (HTTP {http_status}). "
            "Chưa đẩy gì đi.",
        ),
        Text(
            "Check the AutoCall server address in Settings: it may not be AutoCall's.",
            "Kiểm tra địa chỉ máy chủ AutoCall trong Cài đặt: có thể đó không phải máy chủ "
            "AutoCall.",
        ),
        retry=True,
    ),
    "autocall_no_token": Entry(
        Text(
            "AutoCall did not answer when asked for a token ({detail}). Nothing was sent.",
            "AutoCall không trả lời khi được yêu cầu cấp token ({detail}). Chưa gửi gì đi.",
        ),
        Text(
            "Check the internet connection and the AutoCall server address, then try again.",
            "Kiểm tra kết nối internet và địa chỉ máy chủ AutoCall rồi thử lại.",
        ),
        retry=True,
    ),
    # Network, after a push batch left (its contacts may have been added, calls started):
    "autocall_no_answer": Entry(
        Text(
            "No answer from AutoCall — whether these contacts were added is unknown.",
            "AutoCall không trả lời — chưa rõ các khách hàng này đã được thêm hay chưa.",
        ),
        _CHECK_CAMPAIGN,
        retry=False,
    ),
    "autocall_server_error": Entry(
        Text(
            "AutoCall had an internal error (HTTP {http_status}) — whether these contacts "
            "were added is unknown.",
            "AutoCall gặp lỗi nội bộ (HTTP {http_status}) — chưa rõ các khách hàng này đã "
            "được thêm hay chưa.",
        ),
        _CHECK_CAMPAIGN,
        retry=False,
    ),
    "autocall_bad_answer": Entry(
        Text(
            "AutoCall's answer could not be read (HTTP {http_status}) — whether these "
            "contacts were added is unknown.",
            "Không đọc được câu trả lời của AutoCall (HTTP {http_status}) — chưa rõ các "
            "khách hàng này đã được thêm hay chưa.",
        ),
        _CHECK_CAMPAIGN,
        retry=False,
    ),
    "autocall_interrupted": Entry(
        Text(
            "The push stopped before AutoCall answered — whether this batch was added is unknown.",
            "Việc đẩy dữ liệu đã dừng trước khi AutoCall trả lời — chưa rõ đợt này đã được "
            "thêm hay chưa.",
        ),
        _CHECK_CAMPAIGN,
        retry=False,
    ),
    # Reading the calls (export, call log): nothing is lost, the results are not updated.
    "autocall_read_failed": Entry(
        Text(
            "AutoCall did not give the calls ({detail}): the results shown are those saved before.",
            "AutoCall không trả về danh sách cuộc gọi ({detail}): kết quả hiển thị là kết "
            "quả đã lưu trước đó.",
        ),
        Text(
            "Check the internet connection and the AutoCall server address, then sync again.",
            "Kiểm tra kết nối internet và địa chỉ máy chủ AutoCall rồi đồng bộ lại.",
        ),
        retry=True,
    ),
    # The push's local checks: why a contact is not sent (with number_* for numbers).
    "push_no_number": Entry(
        Text("No phone number: not sent.", "Không có số điện thoại: không gửi."),
        Text("Add the number and push again.", "Thêm số điện thoại rồi đẩy lại."),
        retry=False,
    ),
    "push_foreign_number": Entry(
        Text(
            "{number} is not a Vietnamese number: AutoCall takes numbers in the national "
            "0… form only. Not sent.",
            "{number} không phải số Việt Nam: AutoCall chỉ nhận số dạng trong nước 0…. Không gửi.",
        ),
        Text(
            "Call this customer from the dial field instead.",
            "Hãy gọi khách hàng này từ ô quay số.",
        ),
        retry=False,
    ),
    "push_otp_missing": Entry(
        Text(
            "No OTP code: a voice-OTP campaign needs one for every number. Not sent.",
            "Không có mã OTP: chiến dịch voice OTP cần mã cho mọi số. Không gửi.",
        ),
        Text(
            "Fill in the OTP column for this row, or choose the right column, and push again.",
            "Điền cột OTP cho dòng này, hoặc chọn đúng cột, rồi đẩy lại.",
        ),
        retry=False,
    ),
    "push_otp_invalid": Entry(
        Text(
            "The OTP code “{otp}” is not valid: it must be 6 digits, from 000001 to 999999. "
            "Not sent.",
            "Mã OTP “{otp}” không hợp lệ: phải gồm 6 chữ số, từ 000001 đến 999999. Không gửi.",
        ),
        Text(
            "Correct the code (a spreadsheet may have dropped its leading zeros: format the "
            "column as text) and push again.",
            "Sửa lại mã (bảng tính có thể đã bỏ số 0 ở đầu: hãy định dạng cột là văn bản) "
            "rồi đẩy lại.",
        ),
        retry=False,
    ),
    "push_no_otp_column": Entry(
        Text(
            "{path} has no column “{column}” for the OTP codes. Its columns: {columns}.",
            "{path} không có cột “{column}” chứa mã OTP. Các cột của tệp: {columns}.",
        ),
        Text(
            "Give the name (or the number, from 1) of the column holding the codes.",
            "Hãy nhập tên (hoặc số thứ tự, từ 1) của cột chứa mã OTP.",
        ),
        retry=False,
    ),
    # The push as a whole:
    "push_nothing_valid": Entry(
        Text(
            "Nothing to push: none of the {total} contacts can be sent.",
            "Không có gì để đẩy: không khách hàng nào trong {total} khách hàng gửi được.",
            one="Nothing to push: the contact given cannot be sent.",
            counted="total",
        ),
        Text(
            "Correct the numbers (and OTP codes) listed, then push again.",
            "Sửa các số (và mã OTP) được liệt kê rồi đẩy lại.",
        ),
        retry=False,
    ),
    "push_all_pushed": Entry(
        Text(
            "Nothing pushed: every number was already pushed to campaign {campaign}.",
            "Không đẩy gì: mọi số đều đã được đẩy vào chiến dịch {campaign} trước đó.",
        ),
        Text(
            "To push them once more (their calls start again), add --again (in the window: "
            "tick “Push again”).",
            "Để đẩy lại lần nữa (các cuộc gọi sẽ bắt đầu lại), thêm --again (trên cửa sổ: "
            "đánh dấu “Đẩy lại”).",
        ),
        retry=False,
    ),
    "push_declined": Entry(
        Text("Nothing was sent.", "Chưa gửi gì đi."),
        Text(
            "Answer y to push, or add --yes to push without being asked.",
            "Trả lời y để đẩy, hoặc thêm --yes để đẩy mà không hỏi.",
        ),
        retry=False,
    ),
    "push_stopped": Entry(
        Text(
            "The push stopped: {sent} of {total} contacts were sent, the rest were not.",
            "Đã dừng đẩy: đã gửi {sent} trên {total} khách hàng, phần còn lại chưa gửi.",
        ),
        Text(
            "Push the same list again to send the rest: numbers already pushed are skipped.",
            "Đẩy lại cùng danh sách để gửi phần còn lại: các số đã đẩy sẽ được bỏ qua.",
        ),
        retry=True,
    ),
}

# --- the partner console (issue 18): domain/tenants.py, omicall/partner.py, usecases ------
# In a block of its own: the partner API's codes, the checks made before sending, and the
# outcomes of a top-up. A reseller reads these, not an agent: no "call" in them.
_SET_PARTNER_KEY = Text(
    "Store the partner key with omidesk partner set-api-key (or in the Companies window), "
    "or set OMIDESK_PARTNER_API_KEY.",
    "Lưu API key đối tác bằng omidesk partner set-api-key (hoặc trong cửa sổ Doanh nghiệp), "
    "hoặc đặt biến OMIDESK_PARTNER_API_KEY.",
)
_PARTNER: dict[str, Entry] = {
    # --- where the partner key is kept (infra.keystore, PARTNER_KEY) --------------------
    "partner_key_in_file": Entry(
        Text(
            "No system keyring works on this computer: the partner key is kept in {path}, "
            "readable only by you.",
            "Máy tính này không có keyring hệ thống hoạt động: API key đối tác được lưu trong "
            "{path}, chỉ bạn đọc được.",
        ),
        Text(
            "Install and unlock a keyring (GNOME Keyring, KWallet) to keep it there instead.",
            "Cài đặt và mở khóa keyring (GNOME Keyring, KWallet) để lưu key an toàn hơn.",
        ),
        retry=False,
    ),
    "partner_key_file_made_private": Entry(
        Text(
            "Other users could read or change the partner key file {path}: OmiDesk made it "
            "private (only you can read it now).",
            "Người dùng khác có thể đọc hoặc sửa tệp API key đối tác {path}: OmiDesk đã đặt "
            "tệp ở chế độ riêng tư (giờ chỉ bạn đọc được).",
        ),
        Text(
            "The key may have been copied: ask OMICall for a new partner key and store it "
            "with omidesk partner set-api-key.",
            "Key có thể đã bị sao chép: hãy xin OMICall API key đối tác mới và lưu bằng "
            "omidesk partner set-api-key.",
        ),
        retry=False,
    ),
    "partner_key_file_not_yours": Entry(
        Text(
            "The partner key file {path} belongs to another user: OmiDesk ignores it.",
            "Tệp API key đối tác {path} thuộc về người dùng khác: OmiDesk bỏ qua tệp này.",
        ),
        Text(
            "Delete the file and store your key again with omidesk partner set-api-key.",
            "Hãy xóa tệp và lưu lại key bằng omidesk partner set-api-key.",
        ),
        retry=False,
    ),
    # --- OMICall's partner API (seed 003): creating a company ---------------------------
    "partner_invalid": Entry(
        Text(
            "OMICall refused: this key is not a partner's (partner_invalid). A company's "
            "API key cannot manage companies.",
            "OMICall từ chối: key này không phải của đối tác (partner_invalid). API key của "
            "một doanh nghiệp không quản lý được doanh nghiệp khác.",
        ),
        _SET_PARTNER_KEY,
        retry=False,
    ),
    # OMICall's tenant_invalid, said by the partner API: the token is not a partner's.
    "partner_tenant_invalid": Entry(
        Text(
            "OMICall refused: the key's account is not a partner's (tenant_invalid).",
            "OMICall từ chối: tài khoản của key không phải tài khoản đối tác (tenant_invalid).",
        ),
        _SET_PARTNER_KEY,
        retry=False,
    ),
    "body_request_is_required": Entry(
        Text(
            "OMICall received the request without its content.",
            "OMICall nhận được yêu cầu nhưng thiếu nội dung.",
        ),
        Text(
            "Try again; if it happens again, tell your OMICall contact.",
            "Hãy thử lại; nếu vẫn lỗi, báo cho đầu mối OMICall của bạn.",
        ),
        retry=True,
    ),
    "request_invalid": Entry(
        Text(
            "OMICall says a required detail is missing or not valid.",
            "OMICall báo thiếu thông tin bắt buộc hoặc thông tin không hợp lệ.",
        ),
        Text(
            "Check every field (e-mail, names, phone, amount, wallet), then try again.",
            "Kiểm tra lại từng mục (email, tên, số điện thoại, số tiền, loại ví) rồi thử lại.",
        ),
        retry=False,
    ),
    "email_invalid": Entry(
        Text(
            "OMICall says the e-mail address is not valid.",
            "OMICall báo địa chỉ email không hợp lệ.",
        ),
        Text(
            "Type the owner's e-mail in full, such as ten@congty.vn.",
            "Nhập đầy đủ email của chủ doanh nghiệp, ví dụ ten@congty.vn.",
        ),
        retry=False,
    ),
    "password_invalid": Entry(
        Text(
            "OMICall refused the password.",
            "OMICall không chấp nhận mật khẩu.",
        ),
        Text(
            "Use at least 8 characters with an upper-case letter, a lower-case letter, a "
            "digit and a special character (such as # or !).",
            "Dùng ít nhất 8 ký tự, gồm chữ in hoa, chữ thường, chữ số và ký tự đặc biệt "
            "(ví dụ # hoặc !).",
        ),
        retry=False,
    ),
    "email_registered": Entry(
        Text(
            "This e-mail is already registered to a company owner.",
            "Email này đã được đăng ký cho một chủ doanh nghiệp khác.",
        ),
        Text(
            "Use another e-mail, or find the company in the list if it is yours.",
            "Dùng email khác, hoặc tìm doanh nghiệp trong danh sách nếu là của bạn.",
        ),
        retry=False,
    ),
    "create_tenant_error": Entry(
        Text("OMICall could not create the company.", "OMICall không tạo được doanh nghiệp."),
        Text(
            "Wait a moment and look for it in the list (it may exist after all); if it is "
            "not there, try again.",
            "Đợi giây lát rồi tìm trong danh sách (có thể doanh nghiệp vẫn đã được tạo); nếu "
            "không có, hãy thử lại.",
        ),
        retry=True,
    ),
    # --- OMICall's partner API (seed 003): topping up ------------------------------------
    "access_denied": Entry(
        Text("OMICall refused the top-up.", "OMICall từ chối nạp tiền."),
        Text(
            "Check that the company is yours and active; if it is, ask OMICall whether your "
            "partner account may top up. No money was moved.",
            "Kiểm tra doanh nghiệp thuộc về bạn và đang hoạt động; nếu đúng, hỏi OMICall "
            "tài khoản đối tác của bạn có được nạp tiền không. Chưa có tiền nào được chuyển.",
        ),
        retry=False,
    ),
    "amount_gte_10.000_vnd": Entry(
        Text(
            "OMICall says a top-up must be at least 10.000 ₫.",
            "OMICall báo số tiền nạp tối thiểu là 10.000 ₫.",
        ),
        Text(
            "Enter at least 10.000 ₫. No money was moved.",
            "Nhập ít nhất 10.000 ₫. Chưa có tiền nào được chuyển.",
        ),
        retry=False,
    ),
    "description_is_required": Entry(
        Text(
            "OMICall says a top-up needs a description.",
            "OMICall báo nạp tiền cần có nội dung mô tả.",
        ),
        Text(
            "Describe the top-up in at least 50 characters (what it pays for, the contract). "
            "No money was moved.",
            "Mô tả khoản nạp bằng ít nhất 50 ký tự (nạp cho việc gì, theo hợp đồng nào). "
            "Chưa có tiền nào được chuyển.",
        ),
        retry=False,
    ),
    "description_is_to_short.gte_50_characters": Entry(
        Text(
            "OMICall says the description must be at least 50 characters.",
            "OMICall báo nội dung mô tả phải có ít nhất 50 ký tự.",
        ),
        Text(
            "Write a longer description (at least 50 characters). No money was moved.",
            "Viết mô tả dài hơn (ít nhất 50 ký tự). Chưa có tiền nào được chuyển.",
        ),
        retry=False,
    ),
    # --- the partner key and the connection, in a reseller's words ------------------------
    # (omicall/partner.py gives the client's own codes these names: no "call" in them.)
    "partner_not_configured": Entry(
        Text("No partner API key is set.", "Chưa có API key đối tác."),
        _SET_PARTNER_KEY,
        retry=False,
    ),
    "partner_api_key_invalid": Entry(
        Text(
            "OMICall did not accept the partner key.",
            "OMICall không chấp nhận API key đối tác.",
        ),
        Text(
            "Check the key OMICall gave your agency (it may have been revoked), then store "
            "it again with omidesk partner set-api-key.",
            "Kiểm tra key OMICall đã cấp cho đại lý (có thể key đã bị thu hồi), rồi lưu lại "
            "bằng omidesk partner set-api-key.",
        ),
        retry=False,
    ),
    "partner_token_expired": Entry(
        Text(
            "OMICall's sign-in with the partner key expired and signing in again did not help.",
            "Phiên đăng nhập bằng API key đối tác đã hết hạn và đăng nhập lại không thành công.",
        ),
        Text(
            "Try again in a moment; if it repeats, check the partner key.",
            "Thử lại sau giây lát; nếu vẫn lỗi, kiểm tra API key đối tác.",
        ),
        retry=True,
    ),
    "partner_unauthorized": Entry(
        Text(
            "OMICall refused the partner key's sign-in.",
            "OMICall từ chối đăng nhập bằng API key đối tác.",
        ),
        Text(
            "Check the partner key and the server address (omidesk config show).",
            "Kiểm tra API key đối tác và địa chỉ máy chủ (omidesk config show).",
        ),
        retry=False,
    ),
    "partner_not_partner_key": Entry(
        Text(
            "This key signs in as a company (access type “{value}”), not as a partner "
            "(“bussiness”): OMICall will likely refuse the partner requests.",
            "Key này đăng nhập với tư cách doanh nghiệp (loại truy cập “{value}”), không phải "
            "đối tác (“bussiness”): OMICall nhiều khả năng sẽ từ chối các yêu cầu đối tác.",
        ),
        _SET_PARTNER_KEY,
        retry=False,
    ),
    "partner_cannot_connect": Entry(
        Text(
            "Cannot reach OMICall at {host}: {detail}. Nothing was sent.",
            "Không kết nối được tới OMICall ({host}): {detail}. Chưa gửi gì đi.",
        ),
        Text(
            "Check the internet connection and the server address, then try again.",
            "Kiểm tra kết nối internet và địa chỉ máy chủ, rồi thử lại.",
        ),
        retry=True,
    ),
    "partner_timeout_before_sending": Entry(
        Text(
            "OMICall did not answer the connection in time. Nothing was sent.",
            "OMICall không phản hồi kết nối kịp thời. Chưa gửi gì đi.",
        ),
        Text(
            "Check the internet connection, then try again.",
            "Kiểm tra kết nối internet rồi thử lại.",
        ),
        retry=True,
    ),
    "partner_no_answer": Entry(
        Text("OMICall did not answer in time.", "OMICall không trả lời kịp thời."),
        Text("Try again in a moment.", "Thử lại sau giây lát."),
        retry=True,
    ),
    "partner_server_error": Entry(
        Text(
            "OMICall had an internal error (HTTP {http_status}).",
            "OMICall gặp lỗi nội bộ (HTTP {http_status}).",
        ),
        Text("Try again in a moment.", "Thử lại sau giây lát."),
        retry=True,
    ),
    "partner_bad_answer": Entry(
        Text(
            "OMICall's answer could not be read (HTTP {http_status}).",
            "Không đọc được câu trả lời của OMICall (HTTP {http_status}).",
        ),
        Text(
            "Check the server address (omidesk config show): it may not be an OMICall server.",
            "Kiểm tra địa chỉ máy chủ (omidesk config show): có thể đó không phải máy chủ OMICall.",
        ),
        retry=True,
    ),
    "partner_http_error": Entry(
        Text(
            "The server refused the request (HTTP {http_status}).",
            "Máy chủ từ chối yêu cầu (HTTP {http_status}).",
        ),
        Text(
            "Check the server address (omidesk config show): it may not be an OMICall server.",
            "Kiểm tra địa chỉ máy chủ (omidesk config show): có thể đó không phải máy chủ OMICall.",
        ),
        retry=False,
    ),
    # An error code the partner API's documentation does not know: OMICall's own words.
    "partner_unknown": Entry(
        Text("OMICall refused: {said}", "OMICall từ chối: {said}"),
        Text(
            "If it happens again, tell your OMICall contact what OMICall said.",
            "Nếu lặp lại, hãy báo đầu mối OMICall của bạn nội dung OMICall trả về.",
        ),
        retry=False,
    ),
    # --- checks before anything is sent (domain/tenants.py) -------------------------------
    "tenant_email_invalid": Entry(
        Text(
            "“{value}” is not a valid e-mail address. Nothing was sent.",
            "“{value}” không phải địa chỉ email hợp lệ. Chưa gửi gì đi.",
        ),
        Text(
            "Type the e-mail in full, such as ten@congty.vn.",
            "Nhập đầy đủ email, ví dụ ten@congty.vn.",
        ),
        retry=False,
    ),
    "tenant_password_short": Entry(
        Text(
            "The password is shorter than 8 characters.",
            "Mật khẩu ngắn hơn 8 ký tự.",
        ),
        Text(
            "Use at least 8 characters, with upper case, lower case, a digit and a special "
            "character.",
            "Dùng ít nhất 8 ký tự, gồm chữ in hoa, chữ thường, chữ số và ký tự đặc biệt.",
        ),
        retry=False,
    ),
    "tenant_password_no_upper": Entry(
        Text("The password has no upper-case letter.", "Mật khẩu chưa có chữ in hoa."),
        Text("Add an upper-case letter, such as A.", "Thêm một chữ in hoa, ví dụ A."),
        retry=False,
    ),
    "tenant_password_no_lower": Entry(
        Text("The password has no lower-case letter.", "Mật khẩu chưa có chữ thường."),
        Text("Add a lower-case letter, such as a.", "Thêm một chữ thường, ví dụ a."),
        retry=False,
    ),
    "tenant_password_no_digit": Entry(
        Text("The password has no digit.", "Mật khẩu chưa có chữ số."),
        Text("Add a digit, such as 7.", "Thêm một chữ số, ví dụ 7."),
        retry=False,
    ),
    "tenant_password_no_special": Entry(
        Text(
            "The password has no special character.",
            "Mật khẩu chưa có ký tự đặc biệt.",
        ),
        Text(
            "Add a character that is neither a letter, a digit nor a space, such as # or !.",
            "Thêm một ký tự không phải chữ cái, chữ số hay dấu cách, ví dụ # hoặc !.",
        ),
        retry=False,
    ),
    "tenant_company_name_missing": Entry(
        Text("The company's name is empty.", "Chưa nhập tên doanh nghiệp."),
        Text("Type the company's name.", "Hãy nhập tên doanh nghiệp."),
        retry=False,
    ),
    "tenant_company_name_too_long": Entry(
        Text(
            "The company's name has {length} characters: OMICall takes fewer than 255.",
            "Tên doanh nghiệp có {length} ký tự: OMICall chỉ nhận dưới 255 ký tự.",
        ),
        Text("Shorten the name.", "Hãy rút gọn tên."),
        retry=False,
    ),
    "tenant_owner_name_missing": Entry(
        Text("The owner's name is empty.", "Chưa nhập tên chủ doanh nghiệp."),
        Text("Type the owner's full name.", "Hãy nhập họ tên chủ doanh nghiệp."),
        retry=False,
    ),
    "tenant_owner_name_too_long": Entry(
        Text(
            "The owner's name has {length} characters: OMICall takes fewer than 255.",
            "Tên chủ doanh nghiệp có {length} ký tự: OMICall chỉ nhận dưới 255 ký tự.",
        ),
        Text("Shorten the name.", "Hãy rút gọn tên."),
        retry=False,
    ),
    "top_up_amount_invalid": Entry(
        Text(
            "“{value}” is not an amount. Nothing was sent.",
            "“{value}” không phải số tiền. Chưa gửi gì đi.",
        ),
        Text(
            "Write a whole number of đồng, such as 1500000 or 1.500.000.",
            "Nhập số đồng chẵn, ví dụ 1500000 hoặc 1.500.000.",
        ),
        retry=False,
    ),
    "top_up_amount_not_whole": Entry(
        Text(
            "“{value}” is not a whole number of đồng. Nothing was sent.",
            "“{value}” không phải số đồng chẵn. Chưa gửi gì đi.",
        ),
        Text(
            "VND has no cents: write the amount without decimals, such as 1.500.000.",
            "Tiền đồng không có số lẻ: nhập số tiền không có phần thập phân, ví dụ 1.500.000.",
        ),
        retry=False,
    ),
    "top_up_amount_too_small": Entry(
        Text(
            "{amount} is below the smallest top-up, 10.000 ₫. Nothing was sent.",
            "{amount} nhỏ hơn mức nạp tối thiểu 10.000 ₫. Chưa gửi gì đi.",
        ),
        Text("Enter at least 10.000 ₫.", "Nhập ít nhất 10.000 ₫."),
        retry=False,
    ),
    "top_up_amount_too_large": Entry(
        Text(
            "“{amount}” is far too large for a top-up. Nothing was sent.",
            "“{amount}” quá lớn so với một lần nạp. Chưa gửi gì đi.",
        ),
        Text(
            "Check the number of zeros.",
            "Kiểm tra lại số chữ số 0.",
        ),
        retry=False,
    ),
    "top_up_description_missing": Entry(
        Text(
            "The description is empty. Nothing was sent.",
            "Chưa có nội dung mô tả. Chưa gửi gì đi.",
        ),
        Text(
            "Describe the top-up in at least 50 characters (what it pays for, the contract).",
            "Mô tả khoản nạp bằng ít nhất 50 ký tự (nạp cho việc gì, theo hợp đồng nào).",
        ),
        retry=False,
    ),
    "top_up_description_short": Entry(
        Text(
            "The description has {length} characters: OMICall needs at least 50. Nothing was sent.",
            "Nội dung mô tả có {length} ký tự: OMICall cần ít nhất 50. Chưa gửi gì đi.",
            one="The description has 1 character: OMICall needs at least 50. Nothing was sent.",
            counted="length",
        ),
        Text(
            "Say more: what the top-up pays for, the contract or invoice number.",
            "Ghi rõ hơn: khoản nạp cho việc gì, số hợp đồng hoặc hóa đơn.",
        ),
        retry=False,
    ),
    "top_up_wallet_invalid": Entry(
        Text(
            "“{value}” is not a wallet. Nothing was sent.",
            "“{value}” không phải loại ví. Chưa gửi gì đi.",
        ),
        Text(
            "Choose service (the service wallet, SPK) or call (the call wallet, NORMAL).",
            "Chọn service (ví dịch vụ, SPK) hoặc call (ví cước, NORMAL).",
        ),
        retry=False,
    ),
    "tenant_not_found": Entry(
        Text(
            "None of your companies has the e-mail {email}. Nothing was sent.",
            "Không có doanh nghiệp nào của bạn dùng email {email}. Chưa gửi gì đi.",
        ),
        Text(
            "Check the e-mail against the list (omidesk partner tenants --keyword …).",
            "Đối chiếu email với danh sách (omidesk partner tenants --keyword …).",
        ),
        retry=False,
    ),
    # --- outcomes of a top-up or a new company (usecases/top_up.py, create_tenant.py) --------
    "top_up_unknown": Entry(
        Text(
            "No answer from OMICall: whether {amount} reached {email} is unknown.",
            "OMICall không trả lời: chưa rõ {amount} đã được nạp cho {email} hay chưa.",
        ),
        Text(
            "Check the balance before trying again (omidesk partner tenant ID, or the "
            "Companies window). OmiDesk never sends a top-up twice by itself.",
            "Hãy kiểm tra số dư trước khi thử lại (omidesk partner tenant ID, hoặc cửa sổ "
            "Doanh nghiệp). OmiDesk không bao giờ tự gửi lại một lần nạp.",
        ),
        retry=False,
    ),
    "top_up_unknown_pending": Entry(
        Text(
            "An earlier top-up to {email} (ledger #{id}) has no known outcome yet.",
            "Một lần nạp trước cho {email} (sổ nạp #{id}) chưa rõ kết quả.",
        ),
        Text(
            "Check the balance first. If it was not credited, top up again from a terminal "
            "without --yes, or from the Companies window, and confirm it. Nothing was sent.",
            "Hãy kiểm tra số dư trước. Nếu chưa được cộng, hãy nạp lại trong terminal không "
            "kèm --yes, hoặc trong cửa sổ Doanh nghiệp, và xác nhận. Chưa gửi gì đi.",
        ),
        retry=False,
    ),
    "top_up_in_flight": Entry(
        Text(
            "A top-up to {email} (ledger #{id}) is being sent right now.",
            "Một lần nạp cho {email} (sổ nạp #{id}) đang được gửi.",
        ),
        Text(
            "Wait for its outcome (omidesk partner ledger) before topping up again. Nothing "
            "was sent.",
            "Hãy đợi kết quả của lần đó (omidesk partner ledger) trước khi nạp tiếp. Chưa "
            "gửi gì đi.",
        ),
        retry=False,
    ),
    "tenant_add_unknown": Entry(
        Text(
            "No answer from OMICall: whether the company of {email} was created is unknown.",
            "OMICall không trả lời: chưa rõ doanh nghiệp của {email} đã được tạo hay chưa.",
        ),
        Text(
            "Look for it in the list (omidesk partner tenants --keyword …) before trying "
            "again: a second try may say the e-mail is already registered.",
            "Tìm trong danh sách (omidesk partner tenants --keyword …) trước khi thử lại: lần "
            "thử thứ hai có thể báo email đã được đăng ký.",
        ),
        retry=False,
    ),
    "top_up_not_confirmed": Entry(
        Text(
            "The top-up was not confirmed. Nothing was sent.",
            "Lần nạp chưa được xác nhận. Chưa gửi gì đi.",
        ),
        Text(
            "Run it again and answer yes when the company, the amount and the wallet are right.",
            "Chạy lại và trả lời yes khi doanh nghiệp, số tiền và loại ví đã đúng.",
        ),
        retry=False,
    ),
    "top_up_confirmation_needed": Entry(
        Text(
            "A top-up needs a confirmation, and there is nobody to ask. Nothing was sent.",
            "Nạp tiền cần được xác nhận, nhưng không có ai để hỏi. Chưa gửi gì đi.",
        ),
        Text(
            "Run it in a terminal to be asked, or add --yes in a script that checked the "
            "company and the amount.",
            "Chạy lệnh trong terminal để được hỏi, hoặc thêm --yes trong script đã kiểm tra "
            "doanh nghiệp và số tiền.",
        ),
        retry=False,
    ),
}
CATALOGUE.update(_PARTNER)


# --- the owner-routing service (issue 16): the admin reads these ----------------------------
_SET_ROUTING_KEY = Text(
    "Store it with omidesk routing set-key, or set OMIDESK_ROUTING_API_KEY (several keys "
    "separated by commas during a rotation).",
    "Lưu key bằng omidesk routing set-key, hoặc đặt biến OMIDESK_ROUTING_API_KEY (nhiều key "
    "cách nhau bằng dấu phẩy khi đang đổi key).",
)
_ROUTING: dict[str, Entry] = {
    "routing_no_key": Entry(
        Text(
            "No key is set for the owner-routing service: it would answer nobody.",
            "Chưa đặt key cho dịch vụ định tuyến nhân viên phụ trách: dịch vụ sẽ không trả lời ai.",
        ),
        _SET_ROUTING_KEY,
        retry=False,
    ),
    "routing_key_too_short": Entry(
        Text(
            "The routing key is shorter than {min} characters: a key that short can be "
            "guessed, so it is not used.",
            "Key định tuyến ngắn hơn {min} ký tự: key ngắn như vậy có thể bị đoán ra, nên "
            "không được dùng.",
        ),
        Text(
            "Make a long random key (for instance: openssl rand -hex 24), store it with "
            "omidesk routing set-key, and give OMICall the same. Nothing was stored.",
            "Hãy tạo một key ngẫu nhiên dài (ví dụ: openssl rand -hex 24), lưu bằng omidesk "
            "routing set-key và khai báo đúng key đó cho OMICall. Chưa lưu gì.",
        ),
        retry=False,
    ),
    "routing_env_key_too_short": Entry(
        Text(
            "Key {position} of OMIDESK_ROUTING_API_KEY is shorter than {min} characters: a "
            "key that short can be guessed, so the service does not start.",
            "Key thứ {position} trong OMIDESK_ROUTING_API_KEY ngắn hơn {min} ký tự: key ngắn "
            "như vậy có thể bị đoán ra, nên dịch vụ không khởi động.",
        ),
        Text(
            "Put a long random key there instead (for instance: openssl rand -hex 24), and "
            "give OMICall the same; the stored key (omidesk routing set-key) needs at least "
            "{min} characters too.",
            "Hãy thay bằng một key ngẫu nhiên dài (ví dụ: openssl rand -hex 24) và khai báo "
            "đúng key đó cho OMICall; key đã lưu (omidesk routing set-key) cũng cần ít nhất "
            "{min} ký tự.",
        ),
        retry=False,
    ),
    "routing_no_history": Entry(
        Text(
            "Sticky owners cannot be learned: the company's call history cannot be read "
            "without OMICall's server address and the company's API key.",
            "Chưa thể học người phụ trách theo lịch sử: cần địa chỉ máy chủ OMICall và API "
            "key của công ty để đọc lịch sử cuộc gọi.",
        ),
        Text(
            "Set them with omidesk config set base_url … and omidesk config set-api-key (or "
            "OMIDESK_BASE_URL and OMIDESK_API_KEY); explicit owners work meanwhile.",
            "Hãy đặt bằng omidesk config set base_url … và omidesk config set-api-key (hoặc "
            "OMIDESK_BASE_URL và OMIDESK_API_KEY); nhân viên phụ trách chỉ định vẫn hoạt động.",
        ),
        retry=False,
    ),
    "routing_key_in_file": Entry(
        Text(
            "No system keyring works on this computer: the routing key is kept in {path}, "
            "readable only by you.",
            "Máy tính này không có keyring hệ thống hoạt động: key định tuyến được lưu trong "
            "{path}, chỉ bạn đọc được.",
        ),
        Text(
            "On a server, prefer OMIDESK_ROUTING_API_KEY in the service's environment file.",
            "Trên máy chủ, nên đặt OMIDESK_ROUTING_API_KEY trong tệp biến môi trường của dịch vụ.",
        ),
        retry=False,
    ),
    "routing_key_file_made_private": Entry(
        Text(
            "Other users could read or change the routing key file {path}: OmiDesk made it "
            "private (only you can read it now).",
            "Người dùng khác có thể đọc hoặc sửa tệp key định tuyến {path}: OmiDesk đã đặt "
            "tệp ở chế độ riêng tư (giờ chỉ bạn đọc được).",
        ),
        Text(
            "The key may have been copied: make a new one, give it to OMICall and store it "
            "with omidesk routing set-key.",
            "Key có thể đã bị sao chép: hãy tạo key mới, đưa cho OMICall và lưu bằng "
            "omidesk routing set-key.",
        ),
        retry=False,
    ),
    "routing_key_file_not_yours": Entry(
        Text(
            "The routing key file {path} belongs to another user: OmiDesk ignores it.",
            "Tệp key định tuyến {path} thuộc về người dùng khác: OmiDesk bỏ qua tệp này.",
        ),
        Text(
            "Delete the file and store the key again with omidesk routing set-key.",
            "Hãy xóa tệp và lưu lại key bằng omidesk routing set-key.",
        ),
        retry=False,
    ),
    "routing_tls_files": Entry(
        Text(
            "HTTPS needs both --certfile and --keyfile, readable files: {detail}",
            "HTTPS cần cả --certfile và --keyfile, là các tệp đọc được: {detail}",
        ),
        Text(
            "Give both files, or run without them behind a reverse proxy that serves HTTPS.",
            "Hãy chỉ định cả hai tệp, hoặc chạy không có chúng sau một reverse proxy phục vụ "
            "HTTPS.",
        ),
        retry=False,
    ),
    "routing_cannot_listen": Entry(
        Text(
            "The service cannot listen on {host}:{port}: {detail}",
            "Dịch vụ không thể lắng nghe tại {host}:{port}: {detail}",
        ),
        Text(
            "Choose another --port, or stop what already uses this one.",
            "Hãy chọn --port khác, hoặc dừng chương trình đang dùng cổng này.",
        ),
        retry=False,
    ),
    "routing_bad_path": Entry(
        Text(
            "The path must start with / and hold no ? or #: {path}",
            "Đường dẫn phải bắt đầu bằng / và không chứa ? hoặc #: {path}",
        ),
        Text(
            "Give the path OMICall is configured with, such as /get_owner_contact_by_phone.",
            "Hãy nhập đường dẫn đã cấu hình trên OMICall, ví dụ /get_owner_contact_by_phone.",
        ),
        retry=False,
    ),
    "owners_busy": Entry(
        Text(
            "The owners file {path} was locked for too long.",
            "Tệp nhân viên phụ trách {path} bị khóa quá lâu.",
        ),
        Text(
            "Wait for the import or the sync that holds it to finish, then try again.",
            "Hãy chờ lần nhập hoặc lần đồng bộ đang giữ tệp kết thúc, rồi thử lại.",
        ),
        retry=True,
    ),
    "owners_not_csv": Entry(
        Text(
            "{path} is a vCard file, not an owners CSV.",
            "{path} là tệp vCard, không phải tệp CSV nhân viên phụ trách.",
        ),
        Text(
            "Give a CSV with a phone column and an owners column, or a contacts CSV exported "
            "by OmiDesk.",
            "Hãy dùng tệp CSV có cột số điện thoại và cột nhân viên phụ trách, hoặc tệp CSV "
            "danh bạ do OmiDesk xuất.",
        ),
        retry=False,
    ),
    "owners_no_columns": Entry(
        Text(
            "{path} has no phone column or no owners column in its first row ({detail}). "
            "Nothing was changed.",
            "Dòng đầu của {path} không có cột số điện thoại hoặc cột nhân viên phụ trách "
            "({detail}). Chưa thay đổi gì.",
        ),
        Text(
            "Name the columns in the first row: Phone (or Số điện thoại), Owners (or Nhân "
            "viên phụ trách) and, if needed, Hotline.",
            "Đặt tên cột ở dòng đầu: Số điện thoại (hoặc Phone), Nhân viên phụ trách (hoặc "
            "Owners) và, nếu cần, Hotline.",
        ),
        retry=False,
    ),
    "owners_row_no_number": Entry(
        Text("no phone number", "không có số điện thoại"), _FIX_NUMBER, retry=False
    ),
    "owners_row_bad_number": Entry(
        Text("not a valid phone number", "không phải số điện thoại hợp lệ"),
        _FIX_NUMBER,
        retry=False,
    ),
    "owners_row_no_owner": Entry(
        Text("no owner extension", "không có máy lẻ phụ trách"),
        Text(
            "Write the owners' extensions, such as 101:102.",
            "Hãy ghi máy lẻ phụ trách, ví dụ 101:102.",
        ),
        retry=False,
    ),
    "owners_row_bad_owner": Entry(
        Text(
            "no valid extension (digits only, such as 101)",
            "không có máy lẻ hợp lệ (chỉ gồm chữ số, ví dụ 101)",
        ),
        Text(
            "Write the owners' extensions, such as 101:102.",
            "Hãy ghi máy lẻ phụ trách, ví dụ 101:102.",
        ),
        retry=False,
    ),
    "owners_row_bad_hotline": Entry(
        Text("not a valid hotline", "hotline không hợp lệ"),
        Text(
            "Write the hotline as a phone number, such as 02877788056, or leave it empty "
            "for every hotline.",
            "Hãy ghi hotline là một số điện thoại, ví dụ 02877788056, hoặc để trống để áp "
            "dụng cho mọi hotline.",
        ),
        retry=False,
    ),
    "owners_row_unreadable": Entry(
        Text(
            "this row could not be read as CSV (a cell too long, or a stray quote)",
            "không đọc được dòng này theo dạng CSV (một ô quá dài, hoặc dấu ngoặc kép lạc)",
        ),
        Text(
            "Open the file in a spreadsheet, correct the row and save it as CSV again.",
            "Hãy mở tệp bằng bảng tính, sửa dòng này rồi lưu lại dạng CSV.",
        ),
        retry=False,
    ),
    "owners_value_bad_number": Entry(
        Text("not a valid phone number", "không phải số điện thoại hợp lệ"),
        _FIX_NUMBER,
        retry=False,
    ),
    "owners_value_bad_extension": Entry(
        Text(
            "not an extension (digits only, such as 101)",
            "không phải máy lẻ (chỉ gồm chữ số, ví dụ 101)",
        ),
        Text(
            "Write the owners' extensions, such as 101:102.",
            "Hãy ghi máy lẻ phụ trách, ví dụ 101:102.",
        ),
        retry=False,
    ),
    "owners_value_too_many": Entry(
        Text(
            "past the 5 owners OMICall rings",
            "vượt quá 5 người phụ trách mà OMICall đổ chuông",
        ),
        Text(
            "Keep the 5 extensions that matter most, in order: OMICall rings no more.",
            "Hãy giữ 5 máy lẻ quan trọng nhất, theo thứ tự: OMICall không đổ chuông thêm máy nào.",
        ),
        retry=False,
    ),
    "owners_bad_number": Entry(
        Text("{number} is not a valid phone number.", "{number} không phải số điện thoại hợp lệ."),
        _FIX_NUMBER,
        retry=False,
    ),
    "owners_bad_hotline": Entry(
        Text("{hotline} is not a valid hotline.", "{hotline} không phải hotline hợp lệ."),
        Text(
            "Write the hotline as a phone number, such as 02877788056.",
            "Hãy ghi hotline là một số điện thoại, ví dụ 02877788056.",
        ),
        retry=False,
    ),
    "owners_bad_extension": Entry(
        Text(
            "Not an extension: {extension}. Nothing was changed.",
            "Không phải máy lẻ: {extension}. Chưa thay đổi gì.",
        ),
        Text(
            "An extension is a short number of digits, such as 101.",
            "Máy lẻ là một dãy số ngắn, ví dụ 101.",
        ),
        retry=False,
    ),
    "owners_no_extension": Entry(
        Text("No extension given. Nothing was changed.", "Chưa nhập máy lẻ. Chưa thay đổi gì."),
        Text(
            "Give one to five extensions; to remove owners, use owners clear.",
            "Hãy nhập từ một đến năm máy lẻ; để xóa người phụ trách, dùng owners clear.",
        ),
        retry=False,
    ),
    "owners_too_many": Entry(
        Text(
            "{count} extensions given: OMICall rings at most {max}. Nothing was changed.",
            "Đã nhập {count} máy lẻ: OMICall đổ chuông tối đa {max} máy. Chưa thay đổi gì.",
        ),
        Text(
            "Give the {max} who should answer first.",
            "Hãy nhập {max} máy lẻ cần đổ chuông trước.",
        ),
        retry=False,
    ),
}
CATALOGUE.update(_ROUTING)

# The codes OMICall documents (auth, envelope, click2call, and those its own client knows).
OMICALL_CODES: frozenset[str] = frozenset(
    {
        "api_key_is_required",
        "api_key_invalid",
        "request_body_required",
        "data_is_required",
        "tenant_invalid",
        "user_not_registered",
        "number_call_out_invalid",
        "extension_invalid",
        "user_busy",
        "do_not_call",
        "token_expired",
        "invalid_phone_number",
        "rate_limit_exceeded",
    }
)

# Codes whose message names the API key: the dialer reports them as rejected, and the
# window sends the agent to the API key field.
API_KEY_CODES: frozenset[str] = frozenset(
    {"api_key_is_required", "api_key_invalid", "tenant_invalid"}
)


class Coded(Protocol):
    """Anything the catalogue can word: an OmiDeskError, a settings Problem, an account
    check's Failure: a code and every value its words need."""

    @property
    def code(self) -> str: ...

    @property
    def params(self) -> Mapping[str, Any]: ...


@overload
def explain(subject: Coded, lang: str, /) -> Explanation: ...


@overload
def explain(subject: str, lang: str, /, **params: Any) -> Explanation: ...


def explain(subject: Coded | str, lang: str, /, **params: Any) -> Explanation:
    """The agent-facing text of an error (or of a code and its details, for what is no
    error: a rejected number, a notice). An unknown code falls back to OMICall's own words.

    An error is worded from what it carries, and nothing else: a detail given beside it
    would be lost when the words are given again (another language, a record read back)."""
    if isinstance(subject, str):
        code = subject
    else:
        if params:
            raise TypeError(f"explain({subject.code!r}): the error carries its details")
        code, params = subject.code, dict(subject.params)
    server_message = params.get("server_message")
    entry = CATALOGUE.get(code)
    if entry is None or code == "unknown":
        entry = CATALOGUE["unknown"]
        # The code itself is the best words left for a code we do not know; "unknown" is not.
        own_words = code if code != "unknown" else None
        params["server_message"] = server_message or own_words or _NO_REASON(lang)
    # Other entries may quote the server too (autocall_refused: an undocumented code).
    params.setdefault("server_message", server_message or _NO_REASON(lang))
    params = _worded(params, lang)
    return Explanation(
        code=code,
        message=entry.message(lang, **params),
        next_step=entry.next_step(lang, **params),
        retry=entry.retry,
        server_message=server_message,
    )


_NO_REASON = Text("no reason given", "không nêu lý do")
_SETTINGS = Text("the settings", "cài đặt")

# The network failure classes the OMICall client reports as `reason` (see
# infra.answers.network_reason), worded for the `{detail}` of `cannot_connect`.
REASONS: dict[str, Text] = {
    "dns": Text("the server name was not found", "không tìm thấy tên máy chủ"),
    "refused": Text("the server refused the connection", "máy chủ từ chối kết nối"),
    "tls": Text(
        "the secure connection failed (certificate or TLS)",
        "kết nối bảo mật thất bại (chứng chỉ hoặc TLS)",
    ),
    "dropped": Text("the connection was cut", "kết nối bị ngắt"),
    "network": Text("network error", "lỗi mạng"),
    # Why a read of the call history failed (usecases.read_failures).
    "timeout": Text("OMICall did not answer in time", "OMICall không trả lời kịp"),
    "server_error": Text("OMICall had an internal error", "OMICall gặp lỗi nội bộ"),
    "unreadable": Text("its answer could not be read", "không đọc được câu trả lời"),
    "refused_request": Text("the server refused the request", "máy chủ từ chối yêu cầu"),
}
_WAIT_S = Text("{seconds} s", "{seconds} giây")
_WAIT_MIN = Text("{minutes} min", "{minutes} phút")


def _worded(params: dict[str, Any], lang: str) -> dict[str, Any]:
    """Machine details turned into the agent's words. Without this the client's `reason`
    never reached the `{detail}` placeholder (which then showed as "{detail}"), and a
    list of missing setting keys showed as "['api_key', 'hotline']"."""
    reason = params.get("reason")
    if reason is not None and "detail" not in params:
        worded = REASONS.get(str(reason))
        params["detail"] = worded(lang) if worded else str(reason)
    retry_in = params.get("retry_in_s")
    if isinstance(retry_in, int | float) and "wait" not in params:
        # When a read is asked again: seconds under a minute and a half, else minutes.
        params["wait"] = (
            _WAIT_S(lang, seconds=max(1, round(retry_in)))
            if retry_in < 90
            else _WAIT_MIN(lang, minutes=-(-int(retry_in) // 60))
        )
    path = params.get("path")
    if path is not None and "folder" not in params:
        # Where the agent must make room or look: the folder, named from the file's path
        # (a pure path: the catalogue does no I/O).
        params["folder"] = PurePath(path).parent
    url_problem = params.get("url_problem")
    if url_problem is not None:
        # Lazy, as below: the settings module is not needed for most messages.
        from omidesk.domain.settings import URL_PROBLEMS  # noqa: PLC0415

        worded = URL_PROBLEMS.get(str(url_problem))
        params.setdefault("detail", worded(lang) if worded else str(url_problem))
        params.setdefault("source", _SETTINGS(lang))
    missing = params.get("missing")
    if missing is not None:
        # Lazy: settings pulls in phonenumbers, which the catalogue alone does not need.
        from omidesk.domain.settings import LABELS  # noqa: PLC0415

        keys = [missing] if isinstance(missing, str) else list(missing)
        params["missing"] = ", ".join(
            LABELS[key](lang) if key in LABELS else str(key) for key in keys
        )
    return params
