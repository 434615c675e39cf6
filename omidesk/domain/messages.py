"""Texts of the Qt-free front ends (outcomes, the command line) in English and Vietnamese."""

from __future__ import annotations

from omidesk.domain.i18n import Text

RINGING = Text(
    "Your extension {extension} is ringing — pick up to be connected to {number}.",
    "Máy lẻ {extension} đang đổ chuông — nhấc máy để được nối tới {number}.",
)
CALLING = Text(
    "Calling {number} from extension {extension} on hotline {hotline}…",
    "Đang gọi {number} từ máy lẻ {extension} qua hotline {hotline}…",
)
CONVERTED = Text(
    "{old} is an old 11-digit number: dialling its new number {new}.",
    "{old} là số 11 chữ số cũ: gọi số mới {new}.",
)
# Issue 14: who a number belongs to, said wherever a call's number is shown.
NOT_IN_CONTACTS = Text("not in your contacts", "không có trong danh bạ")
CALL_UUID = Text("call_uuid: {call_uuid}", "call_uuid: {call_uuid}")
NEXT_STEP = Text("What to do: {next_step}", "Cần làm: {next_step}")
CODE = Text("(code: {code})", "(mã: {code})")
REPEAT_HINT = Text(
    "Add --yes to place the call anyway.",
    "Thêm --yes để vẫn thực hiện cuộc gọi.",
)

STATUS = {
    "placing": Text("calling…", "đang gọi…"),
    "accepted": Text("accepted", "đã nhận"),
    "rejected": Text("refused by OMICall", "OMICall từ chối"),
    "unknown": Text("outcome unknown — check your phone", "chưa rõ kết quả — xem điện thoại"),
    "failed": Text("not sent", "chưa gửi được"),
    "invalid": Text("invalid number", "số không hợp lệ"),
    "refused": Text("not placed", "không thực hiện"),
}

# --- omidesk history ---------------------------------------------------------------------
HISTORY_HEADER = Text(
    "Time                 Number         Hotline       Result",
    "Thời gian            Số             Hotline       Kết quả",
)
HISTORY_EMPTY = Text("No calls yet.", "Chưa có cuộc gọi nào.")
# How calls ended (issue 15).
HISTORY_NO_MISSED = Text("No missed calls to return.", "Không có cuộc gọi nhỡ nào cần gọi lại.")
HISTORY_SYNCED = Text(
    "Synced with OMICall: {added} new call(s), {updated} outcome(s).",
    "Đã đồng bộ với OMICall: {added} cuộc gọi mới, {updated} kết quả.",
)
HISTORY_NOT_SYNCED = Text(
    "The calls below are as of the last sync.",
    "Các cuộc gọi dưới đây là của lần đồng bộ trước.",
)
INBOUND = Text("inbound", "gọi đến")
OUTBOUND_PHONE = Text("dialled on the phone", "gọi từ điện thoại")
TO_RETURN = Text("to return", "cần gọi lại")

# --- omidesk config -------------------------------------------------------------------------
FROM_ENV = Text("(from {variable})", "(từ {variable})")
SETTINGS_FILE = Text("Settings file", "Tệp cài đặt")
DEFAULT = Text("(default)", "(mặc định)")
KEY_NONE = Text("not set", "chưa đặt")
KEY_WHERE = {
    "env": Text("set, from OMIDESK_API_KEY", "đã đặt, từ OMIDESK_API_KEY"),
    "keyring": Text("set, in the system keyring", "đã đặt, trong keyring hệ thống"),
    "file": Text(
        "set, in {path} (no keyring on this computer)",
        "đã đặt, trong {path} (máy này không có keyring)",
    ),
}
SAVED = Text("Saved {setting} = {value}.", "Đã lưu {setting} = {value}.")
ENV_WINS = Text(
    "Note: {variable} is set and overrides this value.",
    "Lưu ý: biến {variable} đang được đặt và được ưu tiên hơn giá trị này.",
)
KEY_PROMPT = Text("API key (input hidden): ", "API key (không hiện khi gõ): ")
KEY_SAVED = Text("API key saved in the system keyring.", "Đã lưu API key vào keyring hệ thống.")
KEY_EMPTY = Text("No API key given: nothing saved.", "Chưa nhập API key: không lưu gì.")
TEST_AUTH_OK = Text(
    "Signed in to {host}: the API key works.", "Đã đăng nhập {host}: API key hợp lệ."
)
TEST_HOTLINES = Text(
    "Hotlines of extension {extension}: {hotlines}", "Hotline của máy lẻ {extension}: {hotlines}"
)
TEST_NO_HOTLINES = Text(
    "OMICall lists no hotline for extension {extension}.",
    "OMICall không có hotline nào cho máy lẻ {extension}.",
)
TEST_HOTLINE_MISSING = Text(
    "The default hotline {hotline} is not among them: calls would be refused.",
    "Hotline mặc định {hotline} không nằm trong danh sách: cuộc gọi sẽ bị từ chối.",
)
TEST_ALL_OK = Text("Everything needed for calls works.", "Mọi thứ cần cho cuộc gọi đều ổn.")

# --- command-line help ------------------------------------------------------------------
HELP = {
    "description": Text(
        "OmiDesk: dial customers through OMICall click2call. Without a command, opens the window.",
        "OmiDesk: gọi khách hàng qua OMICall click2call. Không có lệnh thì mở cửa sổ.",
    ),
    "demo": Text(
        "start on the built-in demo server (calls are simulated)",
        "chạy với máy chủ demo có sẵn (cuộc gọi là giả lập)",
    ),
    "debug": Text("write more detail to the log", "ghi nhật ký chi tiết hơn"),
    "log_path": Text(
        "print where the log file is, then exit", "in đường dẫn tệp nhật ký rồi thoát"
    ),
    "minimised": Text(
        "start in the system tray, without the window",
        "khởi động trong khay hệ thống, không mở cửa sổ",
    ),
    "version": Text("print the version and exit", "in phiên bản rồi thoát"),
    "call": Text(
        "ask OMICall to ring your extension and connect it to NUMBER",
        "yêu cầu OMICall đổ chuông máy lẻ của bạn và nối tới SỐ",
    ),
    "number": Text(
        "the number, as written anywhere (0901 234 567, +84…, a tel: link)",
        "số điện thoại, viết theo bất kỳ cách nào (0901 234 567, +84…, liên kết tel:)",
    ),
    "hotline": Text(
        "hotline to call out on (default: from settings)",
        "hotline dùng để gọi ra (mặc định: theo cài đặt)",
    ),
    "extension": Text(
        "your extension (default: from settings)", "máy lẻ của bạn (mặc định: theo cài đặt)"
    ),
    "json": Text("print one JSON object", "in ra một đối tượng JSON"),
    "yes": Text(
        "confirm a repeat call within the repeat window",
        "xác nhận gọi lại trong khoảng thời gian hỏi lại",
    ),
    "history": Text("list recent calls, newest first", "liệt kê cuộc gọi gần đây, mới nhất trước"),
    "limit": Text("how many to list", "số mục liệt kê"),
    "sync": Text(
        "first fetch from OMICall how calls ended and the calls of your extension",
        "trước tiên lấy từ OMICall kết quả cuộc gọi và các cuộc gọi của máy lẻ",
    ),
    "missed": Text(
        "only missed calls not yet called back",
        "chỉ các cuộc gọi nhỡ chưa gọi lại",
    ),
    "config": Text("show, change or test the settings", "xem, sửa hoặc kiểm tra cài đặt"),
    "config_show": Text("print the settings (API key masked)", "in cài đặt (ẩn API key)"),
    "config_set": Text("change one setting", "đổi một cài đặt"),
    "config_key": Text("the setting: {keys}", "tên cài đặt: {keys}"),
    "config_value": Text("its new value", "giá trị mới"),
    "config_set_api_key": Text(
        "store the API key in the system keyring (read from standard input or a hidden "
        "prompt, never from the command line)",
        "lưu API key vào keyring hệ thống (đọc từ đầu vào chuẩn hoặc gõ ẩn, không bao giờ "
        "từ dòng lệnh)",
    ),
    "config_test": Text(
        "sign in to OMICall and list your extension's hotlines",
        "đăng nhập OMICall và liệt kê hotline của máy lẻ",
    ),
    "sandbox": Text(
        "run a local server that behaves like OMICall (for trying things out)",
        "chạy máy chủ cục bộ giống OMICall (để thử nghiệm)",
    ),
    "port": Text(
        "port to listen on (default: a free one)", "cổng lắng nghe (mặc định: cổng trống)"
    ),
    "api_key": Text("the API key the sandbox accepts", "API key mà sandbox chấp nhận"),
    "register": Text(
        "make OmiDesk open tel: and callto: links for this user",
        "đặt OmiDesk mở các liên kết tel: và callto: cho người dùng này",
    ),
    "register_status": Text(
        "only say who opens tel: links now", "chỉ cho biết ứng dụng nào đang mở liên kết tel:"
    ),
    "unregister": Text(
        "remove OmiDesk's tel:/callto: registration (nothing else)",
        "gỡ đăng ký tel:/callto: của OmiDesk (không động tới gì khác)",
    ),
    "dial_clipboard": Text(
        "call the number on the clipboard (confirming first unless set to call at once)",
        "gọi số trong clipboard (hỏi xác nhận trước, trừ khi đã chọn gọi ngay)",
    ),
    "dial_selection": Text(
        "call the selected number (the X11 primary selection; the clipboard elsewhere)",
        "gọi số đang được bôi đen (vùng chọn X11; clipboard trên hệ khác)",
    ),
    "exit_codes": Text(
        "exit codes: 0 accepted, 2 usage or invalid number, 3 refused by OMICall, "
        "4 outcome unknown or not sent, 5 not set up, 6 not placed (repeat or in progress), "
        "130 stopped (Ctrl+C) before anything was sent",
        "mã thoát: 0 thành công, 2 sai cú pháp hoặc số không hợp lệ, 3 OMICall từ chối, "
        "4 chưa rõ kết quả hoặc chưa gửi được, 5 chưa cài đặt, "
        "6 không gọi (gọi lặp hoặc đang gọi), 130 đã dừng (Ctrl+C) trước khi gửi",
    ),
}
API_KEY_NOT_HERE = Text(
    "The API key is never given on the command line: use `omidesk config set-api-key`.",
    "Không nhập API key trên dòng lệnh: hãy dùng `omidesk config set-api-key`.",
)
API_KEY_NOT_ON_COMMAND_LINE = Text(
    "An API key typed on the command line can be seen by other users and stays in the shell "
    "history, so it was not used (nor shown). Run `omidesk config set-api-key` alone and type "
    "the key when asked, or pipe it in: `… | omidesk config set-api-key`.",
    "API key gõ trên dòng lệnh có thể bị người dùng khác nhìn thấy và còn lại trong lịch sử "
    "shell, nên đã không được dùng (và không hiển thị). Hãy chạy riêng `omidesk config "
    "set-api-key` rồi nhập key khi được hỏi, hoặc truyền qua đường ống: "
    "`… | omidesk config set-api-key`.",
)
UNKNOWN_SETTING = Text(
    "There is no setting “{key}”. The settings are: {keys}.",
    "Không có cài đặt “{key}”. Các cài đặt gồm: {keys}.",
)
LIMIT_RANGE = Text(
    "must be a whole number from 1 to {high}",
    "phải là số nguyên từ 1 đến {high}",
)
INVALID_FROM = Text(
    "— not valid, nothing will be sent to OMICall: {detail}",
    "— không hợp lệ, sẽ không gửi gì tới OMICall: {detail}",
)
FROM_FILE = Text("(from {path})", "(từ {path})")
WARNING = Text("Warning: {text}", "Cảnh báo: {text}")
UNEXPECTED = Text(
    "Something went wrong inside OmiDesk ({error}). Details are in {path}; please send that "
    "file to your administrator.",
    "OmiDesk gặp lỗi nội bộ ({error}). Chi tiết nằm trong {path}; vui lòng gửi tệp đó cho "
    "quản trị viên.",
)

# --- omidesk register-handler --------------------------------------------------------------
REG_WROTE = Text("Wrote {path}", "Đã ghi {path}")
REG_LINUX_DONE = Text(
    "OmiDesk now opens tel: and callto: links (defaults in {path}).",
    "OmiDesk giờ sẽ mở các liên kết tel: và callto: (mặc định trong {path}).",
)
REG_REMOVED = Text("Removed {path}", "Đã xóa {path}")
REG_REMOVED_DEFAULTS = Text("Removed OmiDesk from {path}", "Đã gỡ OmiDesk khỏi {path}")
REG_NOT_REGISTERED = Text("OmiDesk was not registered.", "OmiDesk chưa được đăng ký.")
REG_HANDLER = Text("{scheme}: {handler}", "{scheme}: {handler}")
REG_NO_HANDLER = Text("no handler", "chưa có ứng dụng xử lý")
REG_OURS = Text("OmiDesk handles both.", "OmiDesk đang xử lý cả hai.")
REG_NOT_OURS = Text(
    "Run `omidesk register-handler` to make OmiDesk the handler.",
    "Chạy `omidesk register-handler` để OmiDesk xử lý các liên kết này.",
)
REG_WINDOWS_DONE = Text(
    "Registered tel: and callto: under HKEY_CURRENT_USER\\Software\\Classes.",
    "Đã đăng ký tel: và callto: trong HKEY_CURRENT_USER\\Software\\Classes.",
)
REG_WINDOWS_CHOOSE = Text(
    "If Windows still opens another app, choose OmiDesk in Settings > Apps > Default apps.",
    "Nếu Windows vẫn mở ứng dụng khác, hãy chọn OmiDesk trong Cài đặt > Ứng dụng > "
    "Ứng dụng mặc định.",
)
REG_WINDOWS_REMOVED = Text(
    "Removed OmiDesk's {schemes} registration.", "Đã gỡ đăng ký {schemes} của OmiDesk."
)
REG_WINDOWS_UNTOUCHED = Text(
    "OmiDesk was not the registered handler; nothing of another app was touched.",
    "OmiDesk không phải ứng dụng đã đăng ký; không động tới ứng dụng khác.",
)
REG_MAC = Text(
    "On macOS the OmiDesk app bundle declares tel: and callto: (CFBundleURLTypes). Choose "
    "OmiDesk as the default for calls in FaceTime > Settings > Default for calls.",
    "Trên macOS, gói ứng dụng OmiDesk khai báo tel: và callto: (CFBundleURLTypes). Hãy chọn "
    "OmiDesk làm mặc định trong FaceTime > Cài đặt > Mặc định cho cuộc gọi.",
)

# --- omidesk contacts (import, export, search, add) -------------------------------------------
CONTACTS_HELP = {
    "contacts": Text("import, export, search or add contacts", "nhập, xuất, tìm hoặc thêm liên hệ"),
    "import": Text(
        "import a CSV (Google, Outlook, any spreadsheet) or vCard file; duplicates are merged",
        "nhập tệp CSV (Google, Outlook, bảng tính bất kỳ) hoặc vCard; liên hệ trùng được gộp",
    ),
    "import_file": Text("the file to import", "tệp cần nhập"),
    "import_json": Text(
        "print the import report as one JSON object", "in báo cáo nhập dưới dạng một đối tượng JSON"
    ),
    "export": Text(
        "export every contact: .csv (Google Contacts layout) or .vcf (vCard 4.0)",
        "xuất toàn bộ liên hệ: .csv (theo mẫu Google Contacts) hoặc .vcf (vCard 4.0)",
    ),
    "export_file": Text(
        "the file to write; its extension chooses the format",
        "tệp cần ghi; phần mở rộng quyết định định dạng",
    ),
    "search": Text(
        "find contacts by name, company (accents optional) or digits of a number",
        "tìm liên hệ theo tên, công ty (không cần dấu) hoặc các chữ số của số điện thoại",
    ),
    "query": Text(
        'what to look for, e.g. "dang huong" or "4567"',
        'nội dung cần tìm, ví dụ "dang huong" hoặc "4567"',
    ),
    "search_json": Text(
        "print a JSON list, best match first", "in danh sách JSON, kết quả khớp nhất trước"
    ),
    "limit": Text("how many to list", "số liên hệ tối đa liệt kê"),
    "add": Text("add one contact and print its id", "thêm một liên hệ và in mã (id) của nó"),
    "name": Text("the contact's name", "tên liên hệ"),
    "phone": Text(
        "a number (repeat for several); an invalid one is kept, marked invalid",
        "một số điện thoại (lặp lại để thêm nhiều số); số không hợp lệ vẫn được giữ, có đánh dấu",
    ),
    "company": Text("the contact's company", "công ty của liên hệ"),
}
IMPORT_SUMMARY = Text(
    "{path}: {imported} imported, {merged} merged (duplicates), {flagged} with an invalid "
    "number, {skipped} skipped — {total} rows read.",
    "{path}: đã nhập {imported}, gộp {merged} (trùng lặp), {flagged} có số không hợp lệ, "
    "bỏ qua {skipped} — đã đọc {total} dòng.",
    one="{path}: {imported} imported, {merged} merged (duplicates), {flagged} with an invalid "
    "number, {skipped} skipped — 1 row read.",
    counted="total",
)
IMPORT_SKIPPED = Text("Skipped:", "Bỏ qua:")
IMPORT_FLAGGED = Text("Imported with an invalid number:", "Đã nhập nhưng có số không hợp lệ:")
IMPORT_LEFT_OUT = Text("Owners left out:", "Bỏ qua người phụ trách:")
IMPORT_ROW = Text("  row {row}: {reason}", "  dòng {row}: {reason}")
IMPORT_CANCELLED = Text("Import cancelled: nothing was saved.", "Đã hủy nhập: không lưu gì.")
IMPORT_REPORT_COLUMNS = (
    Text("Row", "Dòng"),
    Text("Name", "Tên"),
    Text("Reason", "Lý do"),
    Text("Detail", "Chi tiết"),
)
EXPORTED = Text(
    "Exported {count} contacts to {path}.",
    "Đã xuất {count} liên hệ ra {path}.",
    one="Exported 1 contact to {path}.",
)
SEARCH_NONE = Text("No contact matches “{query}”.", "Không có liên hệ nào khớp “{query}”.")
CONTACT_NAME_MISSING = Text(
    'Give the contact a name: --name "…".', 'Hãy đặt tên cho liên hệ: --name "…".'
)
CONTACT_INVALID_NUMBER = Text(
    "{number}: {reason} It is kept on the contact, marked invalid.",
    "{number}: {reason} Số vẫn được lưu trong liên hệ, có đánh dấu không hợp lệ.",
)
CONTACT_DUPLICATE = Text(
    "Contact {id} already has this name and number; a second one was added.",
    "Liên hệ {id} đã có tên và số này; một liên hệ thứ hai đã được thêm.",
)

# --- omidesk autocall (AutoCall campaigns, issue 17) ------------------------------------------
AUTOCALL_HELP = {
    "autocall": Text(
        "AutoCall campaigns (aicallcenter.vn): push customers, read the results",
        "Chiến dịch AutoCall (aicallcenter.vn): đẩy khách hàng, xem kết quả",
    ),
    "set_secret": Text(
        "store AutoCall's secret key in the system keyring (read from standard input or a "
        "hidden prompt, never from the command line)",
        "lưu secret key của AutoCall vào keyring hệ thống (đọc từ đầu vào chuẩn hoặc gõ ẩn, "
        "không bao giờ từ dòng lệnh)",
    ),
    "push": Text(
        "push contacts into a campaign: checked first, then sent in batches of 200 (calls "
        "start at once if the campaign is running)",
        "đẩy khách hàng vào chiến dịch: kiểm tra trước, rồi gửi theo từng đợt 200 (cuộc gọi "
        "bắt đầu ngay nếu chiến dịch đang chạy)",
    ),
    "campaign": Text("the campaign's id on aicallcenter.vn", "mã chiến dịch trên aicallcenter.vn"),
    "file": Text(
        "a CSV or vCard file of contacts (columns guessed, as for an import)",
        "tệp CSV hoặc vCard chứa khách hàng (tự nhận cột, như khi nhập danh bạ)",
    ),
    "numbers": Text("numbers to push", "các số cần đẩy"),
    "search": Text(
        "the contacts a search finds (name, company or digits)",
        "các liên hệ tìm được (theo tên, công ty hoặc chữ số)",
    ),
    "otp_column": Text(
        "the file's column of OTP codes (its header, or its number from 1): a voice-OTP "
        "campaign, every contact needs a code from 000001 to 999999",
        "cột mã OTP của tệp (tên cột, hoặc số thứ tự từ 1): chiến dịch voice OTP, mỗi khách "
        "hàng cần một mã từ 000001 đến 999999",
    ),
    "again": Text(
        "also push numbers already pushed to this campaign (their calls start again)",
        "đẩy cả các số đã đẩy vào chiến dịch này (cuộc gọi sẽ bắt đầu lại)",
    ),
    "yes": Text("push without asking first", "đẩy mà không hỏi lại"),
    "json_push": Text("print one JSON object", "in ra một đối tượng JSON"),
    "results": Text(
        "read a campaign's calls from AutoCall (new ones only) and list them",
        "đọc các cuộc gọi của chiến dịch từ AutoCall (chỉ cuộc gọi mới) và liệt kê",
    ),
    "since": Text(
        "only calls from this time on: YYYY-MM-DD [HH:MM], this computer's time",
        "chỉ các cuộc gọi từ thời điểm này: YYYY-MM-DD [HH:MM], theo giờ của máy này",
    ),
    "answered": Text("only calls that were answered", "chỉ các cuộc gọi được nghe máy"),
    "pressed": Text(
        "only calls where KEY was pressed (0-9, * or #; any: a key)",
        "chỉ các cuộc gọi có bấm phím KEY (0-9, * hoặc #; any: phím bất kỳ)",
    ),
    "json_list": Text("print a JSON list", "in ra danh sách JSON"),
    "csv": Text(
        "write the list to a CSV file (UTF-8, opens in Excel)",
        "ghi danh sách ra tệp CSV (UTF-8, mở được bằng Excel)",
    ),
    "calls": Text(
        "read your AutoCall call log (every campaign) and list it",
        "đọc nhật ký cuộc gọi AutoCall của bạn (mọi chiến dịch) và liệt kê",
    ),
    "journal": Text(
        "list the batches pushed (all, or to one campaign) and what became of each",
        "liệt kê các đợt đã đẩy (tất cả, hoặc của một chiến dịch) và kết quả từng đợt",
    ),
    "exit_codes": Text(
        "exit codes: 0 sent and answered, 2 usage or nothing valid to send, 3 refused by "
        "AutoCall, 4 an outcome unknown or nothing could be sent, 5 not set up, 6 everything "
        "already pushed, 130 stopped (Ctrl+C)",
        "mã thoát: 0 đã gửi và có phản hồi, 2 sai cú pháp hoặc không có gì hợp lệ để gửi, "
        "3 AutoCall từ chối, 4 chưa rõ kết quả hoặc không gửi được, 5 chưa cài đặt, "
        "6 mọi số đều đã được đẩy, 130 đã dừng (Ctrl+C)",
    ),
}
AUTOCALL_INVALID_CAMPAIGN = Text(
    "must be a campaign id: letters, digits, - or _",
    "phải là mã chiến dịch: chữ, số, - hoặc _",
)
AUTOCALL_INVALID_KEY = Text(
    "must be one key, 0-9, * or #, or any", "phải là một phím, 0-9, * hoặc #, hoặc any"
)
AUTOCALL_INVALID_DATE = Text(
    "must be a date, YYYY-MM-DD, with a time HH:MM if you like",
    "phải là ngày dạng YYYY-MM-DD, có thể kèm giờ HH:MM",
)
SECRET_PROMPT = Text(
    "AutoCall secret key (input hidden): ", "Secret key AutoCall (không hiện khi gõ): "
)
SECRET_SAVED = Text(
    "AutoCall secret key saved in the system keyring.",
    "Đã lưu secret key AutoCall vào keyring hệ thống.",
)
SECRET_EMPTY = Text("No secret key given: nothing saved.", "Chưa nhập secret key: không lưu gì.")
SECRET_NOT_ON_COMMAND_LINE = Text(
    "A secret typed on the command line can be seen by other users and stays in the shell "
    "history, so it was not used (nor shown). Run `omidesk autocall set-secret` alone and "
    "type the key when asked, or pipe it in.",
    "Secret gõ trên dòng lệnh có thể bị người dùng khác nhìn thấy và còn lại trong lịch sử "
    "shell, nên đã không được dùng (và không hiển thị). Hãy chạy riêng `omidesk autocall "
    "set-secret` rồi nhập key khi được hỏi, hoặc truyền qua đường ống.",
)
PUSH_PLAN = Text(
    "Campaign {campaign}: contacts to push: {count} of {total}.",
    "Chiến dịch {campaign}: khách hàng sẽ được đẩy: {count} trên {total}.",
)
PUSH_INVALID = Text("Not sent, invalid ({count}):", "Không gửi, không hợp lệ ({count}):")
PUSH_INVALID_ROW = Text("  row {row}: {input} — {reason}", "  dòng {row}: {input} — {reason}")
PUSH_INVALID_ITEM = Text("  {input} — {reason}", "  {input} — {reason}")
PUSH_DUPLICATES = Text(
    "Duplicate numbers dropped (the first of each kept): {count}.",
    "Số trùng lặp đã bỏ (giữ lại số đầu tiên): {count}.",
)
PUSH_ALREADY = Text(
    "Already pushed to this campaign, skipped (--again pushes them) ({count}): {numbers}",
    "Đã đẩy vào chiến dịch này trước đó, bỏ qua (--again để vẫn đẩy) ({count}): {numbers}",
)
PUSH_CONFIRM = Text(
    "Push {count} contacts into campaign {campaign}? If it is running, AutoCall starts "
    "calling them at once. [y/N] ",
    "Đẩy {count} khách hàng vào chiến dịch {campaign}? Nếu chiến dịch đang chạy, AutoCall "
    "sẽ gọi cho họ ngay. [c/K] ",
)
PUSH_CONFIRM_ONE = Text(
    "Push 1 contact into campaign {campaign}? If it is running, AutoCall starts calling "
    "it at once. [y/N] ",
    "Đẩy 1 khách hàng vào chiến dịch {campaign}? Nếu chiến dịch đang chạy, AutoCall sẽ "
    "gọi ngay. [c/K] ",
)
PUSH_PROGRESS = Text("Sent {sent} of {total}…", "Đã gửi {sent} trên {total}…")
PUSH_DONE = Text(
    "✓ {sent} sent to campaign {campaign}: AutoCall added {accepted}.",
    "✓ Đã gửi {sent} vào chiến dịch {campaign}: AutoCall đã thêm {accepted}.",
)
PUSH_SKIPPED = Text(
    "Skipped by AutoCall ({count}): {numbers}", "AutoCall bỏ qua ({count}): {numbers}"
)
PUSH_UNKNOWN = Text(
    "Maybe added, never resent ({count}): {numbers}",
    "Có thể đã được thêm, không gửi lại ({count}): {numbers}",
)
PUSH_NOT_SENT = Text(
    "Not sent: {count}. Push the same list again to send them (numbers already pushed "
    "are skipped).",
    "Chưa gửi: {count}. Hãy đẩy lại cùng danh sách để gửi (các số đã đẩy sẽ được bỏ qua).",
)
# Answers that mean yes to a question on the command line, in either language.
YES_ANSWERS = frozenset({"y", "yes", "c", "co", "có"})
RESULTS_SYNCED = Text(
    "Calls read from AutoCall: {count}.", "Số cuộc gọi đã đọc từ AutoCall: {count}."
)
RESULTS_STORED = Text(
    "The calls below are those saved before.",
    "Các cuộc gọi dưới đây là những cuộc đã lưu trước đó.",
)
RESULTS_NONE = Text("No calls.", "Không có cuộc gọi nào.")
RESULTS_HEADER = Text(
    "Time              Number        Contact                State         Dur.  Keys      Note",
    "Thời gian         Số            Liên hệ                Trạng thái    Giây  Phím      Ghi chú",
)
CALL_STATES = {
    "answered": Text("answered", "đã nghe"),
    "failed": Text("failed", "lỗi"),
    "other": Text("state {state}", "trạng thái {state}"),
}
RESULTS_COLUMNS = (
    Text("Call id", "Mã cuộc gọi"),
    Text("Campaign", "Chiến dịch"),
    Text("Caller id", "Số gọi đi"),
    Text("Number called", "Số được gọi"),
    Text("Called at", "Thời điểm gọi"),
    Text("Duration (s)", "Thời lượng (giây)"),
    Text("Keys pressed", "Phím đã bấm"),
    Text("Note", "Ghi chú"),
    Text("State", "Trạng thái"),
    Text("Answered", "Đã nghe"),
    Text("Contact", "Liên hệ"),
)
RESULTS_WRITTEN = Text(
    "Calls written to {path}: {count}.", "Số cuộc gọi đã ghi ra {path}: {count}."
)
JOURNAL_NONE = Text("Nothing pushed yet.", "Chưa đẩy gì.")
JOURNAL_ROW = Text(
    "{when}  campaign {campaign}  push {push} batch {seq}: {count} numbers — {state}",
    "{when}  chiến dịch {campaign}  lần đẩy {push} đợt {seq}: {count} số — {state}",
)
BATCH_STATES = {
    "sending": Text("being sent", "đang gửi"),
    "answered": Text("answered: {accepted} added", "đã phản hồi: thêm {accepted}"),
    "refused": Text("refused ({code})", "bị từ chối ({code})"),
    "failed": Text("not sent ({code})", "chưa gửi ({code})"),
    "unknown": Text(
        "UNKNOWN — check the campaign ({code})", "CHƯA RÕ — hãy kiểm tra chiến dịch ({code})"
    ),
}
