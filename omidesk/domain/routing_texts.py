"""Texts of `omidesk routing …` (the owner-routing service's command line), in English and
Vietnamese."""

from __future__ import annotations

from omidesk.domain.i18n import Text

HELP: dict[str, Text] = {
    "routing": Text(
        "The owner-routing service OMICall asks on every inbound call: who owns this "
        "customer's number.",
        "Dịch vụ định tuyến OMICall hỏi ở mỗi cuộc gọi đến: ai phụ trách số khách hàng này.",
    ),
    "exit_codes": Text(
        "Exit codes: 0 done, 2 invalid input or file (nothing changed), 4 the owners file "
        "cannot be used, or the call history could not be read, 5 not set up (no key, no "
        "API key).",
        "Mã thoát: 0 xong, 2 dữ liệu hoặc tệp không hợp lệ (chưa thay đổi gì), 4 không dùng "
        "được tệp nhân viên phụ trách, hoặc không đọc được lịch sử cuộc gọi, 5 chưa cài đặt "
        "(chưa có key, chưa có API key).",
    ),
    "serve": Text("Answer OMICall's requests (uvicorn).", "Trả lời yêu cầu của OMICall (uvicorn)."),
    "host": Text(
        "Address to listen on (default 127.0.0.1: behind a reverse proxy).",
        "Địa chỉ lắng nghe (mặc định 127.0.0.1: sau reverse proxy).",
    ),
    "port": Text("Port to listen on (default 8080).", "Cổng lắng nghe (mặc định 8080)."),
    "path": Text(
        "The path OMICall is given (default /get_owner_contact_by_phone).",
        "Đường dẫn cấu hình trên OMICall (mặc định /get_owner_contact_by_phone).",
    ),
    "certfile": Text("TLS certificate file (HTTPS).", "Tệp chứng chỉ TLS (HTTPS)."),
    "keyfile": Text("TLS private key file (HTTPS).", "Tệp khóa riêng TLS (HTTPS)."),
    "workers": Text("Worker processes (default 1).", "Số tiến trình xử lý (mặc định 1)."),
    "db": Text(
        "The owners file (default: owners.sqlite3 in the data folder).",
        "Tệp nhân viên phụ trách (mặc định: owners.sqlite3 trong thư mục dữ liệu).",
    ),
    "owners": Text("Manage explicit owners.", "Quản lý nhân viên phụ trách."),
    "import": Text(
        "Import owners from a CSV (phone, owners, optional hotline columns).",
        "Nhập nhân viên phụ trách từ tệp CSV (cột số điện thoại, nhân viên phụ trách, "
        "hotline nếu có).",
    ),
    "file": Text("The CSV file.", "Tệp CSV."),
    "replace": Text(
        "The file becomes the whole list of explicit owners.",
        "Tệp thay thế toàn bộ danh sách nhân viên phụ trách.",
    ),
    "merge": Text(
        "Add the file's owners to those already there (default).",
        "Thêm nhân viên phụ trách trong tệp vào danh sách hiện có (mặc định).",
    ),
    "json": Text("Print JSON.", "In kết quả dạng JSON."),
    "set": Text(
        "Make these extensions the owners of a number.",
        "Đặt các máy lẻ này làm người phụ trách một số.",
    ),
    "number": Text("The customer's number.", "Số của khách hàng."),
    "extensions": Text("One to five extensions, in order.", "Từ một đến năm máy lẻ, theo thứ tự."),
    "hotline": Text(
        "Only for calls to this hotline (default: any hotline).",
        "Chỉ áp dụng cho cuộc gọi vào hotline này (mặc định: mọi hotline).",
    ),
    "clear": Text("Remove a number's explicit owners.", "Xóa nhân viên phụ trách của một số."),
    "list": Text("List the explicit owners.", "Liệt kê nhân viên phụ trách."),
    "export": Text(
        "Export the explicit owners to a CSV an import reads back.",
        "Xuất nhân viên phụ trách ra tệp CSV có thể nhập lại.",
    ),
    "lookup": Text(
        "Print what the service would answer for a number, and why.",
        "In câu trả lời của dịch vụ cho một số, và lý do.",
    ),
    "sync": Text(
        "Learn sticky owners from OMICall's call history now.",
        "Học nhân viên phụ trách từ lịch sử cuộc gọi OMICall ngay bây giờ.",
    ),
    "set_key": Text(
        "Store the key OMICall sends (X-API-KEY), asked without echo.",
        "Lưu key OMICall gửi kèm (X-API-KEY), nhập không hiển thị.",
    ),
}

KEY_PROMPT = Text(
    "Key OMICall sends in X-API-KEY (not shown): ",
    "Key OMICall gửi trong X-API-KEY (không hiển thị): ",
)
KEY_EMPTY = Text("No key given: nothing was stored.", "Chưa nhập key: chưa lưu gì.")
KEY_SAVED = Text(
    "Key stored in the system keyring. Restart the service to use it.",
    "Đã lưu key vào keyring hệ thống. Khởi động lại dịch vụ để dùng key mới.",
)
KEY_NOT_ON_COMMAND_LINE = Text(
    "Do not put the key on the command line (others can read it there): run omidesk routing "
    "set-key alone and type it when asked, or pipe it in.",
    "Không đặt key trên dòng lệnh (người khác có thể đọc được): chạy omidesk routing set-key "
    "rồi nhập key khi được hỏi, hoặc truyền qua stdin.",
)
IMPORTED = Text(
    "{path}: {imported} of {rows} rows imported ({numbers} numbers, {mode}); {skipped} skipped.",
    "{path}: đã nhập {imported}/{rows} dòng ({numbers} số, {mode}); bỏ qua {skipped} dòng.",
)
MODE = {
    "merge": Text("merged", "gộp"),
    "replace": Text("replacing the list", "thay toàn bộ danh sách"),
}
SKIPPED_ROW = Text("  row {row}: {reason} — {detail}", "  dòng {row}: {reason} — {detail}")
LEFT_OUT = Text(
    "  row {row}: left out {value} — {reason}", "  dòng {row}: bỏ qua {value} — {reason}"
)
SET_DONE = Text(
    "{number}: owners {owners} ({hotline}).", "{number}: phụ trách {owners} ({hotline})."
)
ANY_HOTLINE = Text("any hotline", "mọi hotline")
FOR_HOTLINE = Text("hotline {hotline}", "hotline {hotline}")
CLEARED = Text(
    "{number}: {count} owner(s) removed.",
    "{number}: đã xóa {count} người phụ trách.",
)
NONE_LISTED = Text("No explicit owners yet.", "Chưa có nhân viên phụ trách nào.")
EXPORTED = Text(
    "{count} rows written to {path}.",
    "Đã ghi {count} dòng vào {path}.",
    one="1 row written to {path}.",
)
ANSWER = Text("Answer: {answer}", "Trả lời: {answer}")
ANSWER_EMPTY = Text("(empty: OMICall moves on)", "(trống: OMICall chuyển bước tiếp theo)")
NOT_A_NUMBER = Text(
    "{number} is not a phone number: the answer is empty.",
    "{number} không phải số điện thoại: câu trả lời trống.",
)
WHY = {
    "hotline": Text("explicit owner for this hotline", "phụ trách theo hotline này"),
    "any": Text("explicit owner for any hotline", "phụ trách cho mọi hotline"),
    "sticky": Text(
        "sticky: answered call on {date}",
        "theo lịch sử: cuộc gọi đã nghe máy ngày {date}",
    ),
}
SYNC_DONE = Text(
    "Sync done: {calls} calls read since {since}, {learned} owner pairs learned, "
    "{forgotten} forgotten.",
    "Đồng bộ xong: đọc {calls} cuộc gọi từ {since}, học {learned} cặp phụ trách, "
    "bỏ {forgotten} cặp cũ.",
)
SYNC_OFF = Text(
    "Sticky owners are off (routing_sticky_days = 0): nothing to sync.",
    "Tính năng phụ trách theo lịch sử đang tắt (routing_sticky_days = 0): không cần đồng bộ.",
)
SYNC_RUNNING = Text(
    "Another process is syncing this file now: nothing done.",
    "Một tiến trình khác đang đồng bộ tệp này: chưa làm gì.",
)
SERVING = Text(
    "Answering OMICall on {scheme}://{host}:{port}{path} (owners file {db}). Ctrl+C stops.",
    "Đang trả lời OMICall tại {scheme}://{host}:{port}{path} (tệp {db}). Ctrl+C để dừng.",
)
NO_HTTPS = Text(
    "Plain HTTP: put the service behind a reverse proxy serving HTTPS, or give "
    "--certfile/--keyfile.",
    "HTTP không mã hóa: hãy đặt dịch vụ sau reverse proxy có HTTPS, hoặc dùng "
    "--certfile/--keyfile.",
)
