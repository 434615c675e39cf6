"""Texts of the partner console's Qt-free front end (`omidesk partner …`) and of the words
its use cases share with the window, in English and Vietnamese."""

from __future__ import annotations

from omidesk.domain.i18n import Text

# --- the confirmation of a top-up (the command line and the window ask the same) ----------
CONFIRM_TOP_UP = Text(
    "Top up {company} ({email}) with {amount} into the {wallet}?",
    "Nạp {amount} vào {wallet} của {company} ({email})?",
)
BALANCE_NOW = Text("Balance now: {balance}.", "Số dư hiện tại: {balance}.")
UNSETTLED_WARNING = Text(
    "Warning: an earlier top-up of {amount} to this company (ledger #{id}, {when}) has no "
    "known outcome. Check that the balance above does not already include it.",
    "Cảnh báo: một lần nạp {amount} trước đó cho doanh nghiệp này (sổ nạp #{id}, {when}) "
    "chưa rõ kết quả. Hãy kiểm tra số dư ở trên chưa bao gồm khoản đó.",
)
CONFIRM_PROMPT = Text(
    "Type yes to send it, anything else to stop: ",
    "Gõ yes để gửi, gõ khác để dừng: ",
)
CONFIRM_WORDS = ("yes", "y", "có", "co", "c")
NOT_CONFIRMED = Text("Stopped: nothing was sent.", "Đã dừng: chưa gửi gì đi.")

# --- outcomes --------------------------------------------------------------------------------
TOP_UP_DONE = Text(
    "Done: {amount} topped up into the {wallet} of {company} ({email}).",
    "Xong: đã nạp {amount} vào {wallet} của {company} ({email}).",
)
BALANCE_CHANGE = Text(
    "Balance: {before} → {after} ({difference}).",
    "Số dư: {before} → {after} ({difference}).",
)
BALANCE_CHANGE_OTHER = Text(
    "The balance OMICall shows moved by {difference}, not by the amount: the {wallet} may "
    "be counted apart from it.",
    "Số dư OMICall hiển thị thay đổi {difference}, không đúng bằng số tiền nạp: {wallet} có "
    "thể được tính riêng.",
)
BALANCE_UNREAD = Text(
    "The balance could not be read afterwards; see it in the list.",
    "Không đọc được số dư sau khi nạp; hãy xem trong danh sách.",
)
LEDGER_ENTRY = Text("Ledger entry #{id}.", "Sổ nạp #{id}.")
ADDED_ACTIVATED = Text(
    "Company {email} created (id {id}) and activated.",
    "Đã tạo doanh nghiệp {email} (id {id}) và đã kích hoạt.",
)
ADDED_ACTIVATING = Text(
    "Company {email} created (id {id}); still activating after {seconds} s. Check it later "
    "with: omidesk partner tenant {id}",
    "Đã tạo doanh nghiệp {email} (id {id}); vẫn đang kích hoạt sau {seconds} giây. Kiểm tra "
    "lại sau bằng: omidesk partner tenant {id}",
)
ACTIVATING_WAIT = Text(
    "Created (id {id}); waiting for OMICall to activate it (up to {seconds} s)…",
    "Đã tạo (id {id}); đang chờ OMICall kích hoạt (tối đa {seconds} giây)…",
)

# --- omidesk partner set-api-key, add ------------------------------------------------------
KEY_PROMPT = Text("Partner API key (input hidden): ", "API key đối tác (không hiện khi gõ): ")
KEY_SAVED = Text(
    "Partner key saved in the system keyring.", "Đã lưu API key đối tác vào keyring hệ thống."
)
KEY_EMPTY = Text("No partner key given: nothing saved.", "Chưa nhập API key đối tác: không lưu gì.")
KEY_NOT_ON_COMMAND_LINE = Text(
    "A key or a password typed on the command line can be seen by other users and stays in "
    "the shell history, so it was not used (nor shown). Type it when asked, or pipe it in: "
    "`… | omidesk partner set-api-key`, `… | omidesk partner add … --password-stdin`.",
    "Key hoặc mật khẩu gõ trên dòng lệnh có thể bị người dùng khác nhìn thấy và còn lại trong "
    "lịch sử shell, nên đã không được dùng (và không hiển thị). Hãy nhập khi được hỏi, hoặc "
    "truyền qua đường ống: `… | omidesk partner set-api-key`, "
    "`… | omidesk partner add … --password-stdin`.",
)
PASSWORD_PROMPT = Text(
    "Password of the owner's account (input hidden): ",
    "Mật khẩu tài khoản chủ doanh nghiệp (không hiện khi gõ): ",
)
PASSWORD_AGAIN = Text("The same password again: ", "Nhập lại mật khẩu: ")
PASSWORD_MISMATCH = Text(
    "The two passwords differ: nothing was sent.", "Hai mật khẩu không khớp: chưa gửi gì đi."
)
PASSWORD_NO_TERMINAL = Text(
    "No terminal to ask the password on: pipe it in with --password-stdin. Nothing was sent.",
    "Không có terminal để hỏi mật khẩu: hãy truyền vào bằng --password-stdin. Chưa gửi gì đi.",
)

# --- lists and details -----------------------------------------------------------------------
TENANT_COLUMNS = (
    Text("Company", "Doanh nghiệp"),
    Text("E-mail", "Email"),
    Text("Status", "Trạng thái"),
    Text("Balance", "Số dư"),
    Text("Package", "Gói"),
    Text("Expires", "Hết hạn"),
    Text("Hotlines", "Hotline"),
)
NO_TENANTS = Text("No companies.", "Không có doanh nghiệp nào.")
NO_TENANTS_MATCH = Text(
    "No company's name or e-mail holds “{keyword}”.",
    "Không có doanh nghiệp nào có tên hoặc email chứa “{keyword}”.",
)
TENANTS_COUNT = Text("{count} companies.", "{count} doanh nghiệp.", one="1 company.")
EXPIRED_MARK = Text("expired", "đã hết hạn")
SOON_MARK = Text("in {days} d", "còn {days} ngày")
DETAIL_LABELS = {
    "id": Text("Id", "Id"),
    "full_name": Text("Company", "Doanh nghiệp"),
    "email": Text("E-mail", "Email"),
    "phone": Text("Owner's phone", "SĐT chủ doanh nghiệp"),
    "status": Text("Status", "Trạng thái"),
    "enabled": Text("Enabled", "Đang hoạt động"),
    "balance": Text("Balance", "Số dư"),
    "paid_type": Text("Payment", "Hình thức thanh toán"),
    "package": Text("Package", "Gói dịch vụ"),
    "effective_date": Text("Activated on", "Ngày kích hoạt"),
    "expire_date": Text("Expires", "Ngày hết hạn"),
    "domain": Text("Domain", "Tên miền"),
    "api_key": Text("API key", "API key"),
    "public_numbers": Text("Hotlines", "Hotline"),
}
YES = Text("yes", "có")
NO = Text("no", "không")
API_KEY_HIDDEN = Text(
    "{masked} (add --show-api-key to see it)", "{masked} (thêm --show-api-key để xem)"
)
LEDGER_EMPTY = Text("No top-ups yet.", "Chưa có lần nạp nào.")
LEDGER_COLUMNS = (
    Text("#", "#"),
    Text("Time", "Thời gian"),
    Text("E-mail", "Email"),
    Text("Amount", "Số tiền"),
    Text("Wallet", "Ví"),
    Text("Status", "Trạng thái"),
)
TOP_UP_STATUS = {
    "sending": Text("sending…", "đang gửi…"),
    "done": Text("done", "xong"),
    "refused": Text("not done", "không thực hiện"),
    "unknown": Text(
        "unknown — check the balance before trying again",
        "chưa rõ — kiểm tra số dư trước khi thử lại",
    ),
}

# --- omidesk partner --help ------------------------------------------------------------------
HELP = {
    "partner": Text(
        "the partner console: your companies, their balances and top-ups (without a "
        "command: the Companies window)",
        "bảng điều khiển đối tác: doanh nghiệp của bạn, số dư và nạp tiền (không có lệnh: "
        "mở cửa sổ Doanh nghiệp)",
    ),
    "set_api_key": Text(
        "store the partner's API key in the system keyring (read from a hidden prompt or "
        "standard input, never from the command line)",
        "lưu API key đối tác vào keyring hệ thống (gõ ẩn hoặc đọc từ đầu vào chuẩn, không "
        "bao giờ từ dòng lệnh)",
    ),
    "tenants": Text("list your companies, every page", "liệt kê doanh nghiệp của bạn, mọi trang"),
    "keyword": Text(
        "only companies whose name or e-mail holds this",
        "chỉ doanh nghiệp có tên hoặc email chứa từ khóa này",
    ),
    "json": Text("print JSON", "in ra JSON"),
    "tenant": Text(
        "one company in full (dates ISO 8601, its API key masked)",
        "thông tin đầy đủ một doanh nghiệp (ngày theo ISO 8601, API key được ẩn)",
    ),
    "tenant_id": Text("the company's id", "id của doanh nghiệp"),
    "show_api_key": Text(
        "show the company's API key in full (it is a secret of that company)",
        "hiện đầy đủ API key của doanh nghiệp (đó là bí mật của doanh nghiệp)",
    ),
    "add": Text(
        "create a company (the owner's password is asked without echo, or read with "
        "--password-stdin), then wait up to 15 s for its activation",
        "tạo doanh nghiệp (mật khẩu chủ doanh nghiệp được hỏi ẩn, hoặc đọc bằng "
        "--password-stdin), rồi chờ kích hoạt tối đa 15 giây",
    ),
    "email": Text("the owner's e-mail", "email của chủ doanh nghiệp"),
    "full_name": Text(
        "the company's name (under 255 characters)", "tên doanh nghiệp (dưới 255 ký tự)"
    ),
    "owner_name": Text(
        "the owner's name (under 255 characters)", "tên chủ doanh nghiệp (dưới 255 ký tự)"
    ),
    "phone": Text("the owner's phone", "số điện thoại của chủ doanh nghiệp"),
    "auto_active": Text("activate the account at once", "tự động kích hoạt tài khoản"),
    "password_stdin": Text(
        "read the password from the first line of standard input",
        "đọc mật khẩu từ dòng đầu tiên của đầu vào chuẩn",
    ),
    "top_up": Text(
        "top up the wallet of the company of EMAIL (checked, confirmed, recorded before "
        "sending, never sent twice)",
        "nạp tiền vào ví của doanh nghiệp có EMAIL (kiểm tra, xác nhận, ghi sổ trước khi gửi, "
        "không bao giờ gửi hai lần)",
    ),
    "top_up_email": Text("the company owner's e-mail", "email chủ doanh nghiệp"),
    "amount": Text(
        "whole đồng, at least 10000 (1500000, 1.500.000 …)",
        "số đồng chẵn, ít nhất 10000 (1500000, 1.500.000 …)",
    ),
    "description": Text(
        "what the top-up is for, at least 50 characters", "nội dung nạp, ít nhất 50 ký tự"
    ),
    "wallet": Text(
        "service (the service wallet, SPK) or call (the call wallet, NORMAL; the default)",
        "service (ví dịch vụ, SPK) hoặc call (ví cước, NORMAL; mặc định)",
    ),
    "yes": Text(
        "do not ask for confirmation (scripts only)",
        "không hỏi xác nhận (chỉ dùng trong script)",
    ),
    "ledger": Text(
        "the local record of top-ups, with their outcomes",
        "sổ ghi các lần nạp tiền trên máy này, kèm kết quả",
    ),
    "exit_codes": Text(
        "exit codes: 0 done, 2 usage or invalid (nothing sent), 3 refused, 4 outcome unknown "
        "or not sent, 5 not set up",
        "mã thoát: 0 xong, 2 sai cú pháp hoặc không hợp lệ (chưa gửi gì), 3 bị từ chối, "
        "4 chưa rõ kết quả hoặc chưa gửi được, 5 chưa cài đặt",
    ),
}
