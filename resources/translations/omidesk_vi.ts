<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="vi_VN">
<context>
    <name>AccountPage</name>
    <message>
        <source>Hide</source>
        <translation>Ẩn</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>Hiện</translation>
    </message>
    <message>
        <source>Testing the connection to {host}…</source>
        <translation>Đang kiểm tra kết nối tới {host}…</translation>
    </message>
    <message>
        <source>(code: {code})</source>
        <translation>(mã: {code})</translation>
    </message>
    <message>
        <source>Signed in to {host}: the API key works. Type your extension to list its hotlines.</source>
        <translation>Đã đăng nhập {host}: API key hợp lệ. Nhập máy lẻ để xem các hotline của nó.</translation>
    </message>
    <message>
        <source>Signed in. OMICall lists no hotline for extension {extension}.</source>
        <translation>Đã đăng nhập. OMICall không có hotline nào cho máy lẻ {extension}.</translation>
    </message>
    <message>
        <source>Signed in. Extension {extension} may call out on: {hotlines}</source>
        <translation>Đã đăng nhập. Máy lẻ {extension} được gọi ra qua: {hotlines}</translation>
    </message>
    <message>
        <source>The hotline {hotline} is not among them: calls from it would be refused.</source>
        <translation>Hotline {hotline} không nằm trong số đó: cuộc gọi qua hotline này sẽ bị từ chối.</translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation>Kiểm tra kết nối</translation>
    </message>
    <message>
        <source>Production</source>
        <translation>Chính thức</translation>
    </message>
    <message>
        <source>Staging (for testing)</source>
        <translation>Thử nghiệm (staging)</translation>
    </message>
    <message>
        <source>Custom</source>
        <translation>Tùy chỉnh</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>Máy chủ</translation>
    </message>
    <message>
        <source>Server address</source>
        <translation>Địa chỉ máy chủ</translation>
    </message>
    <message>
        <source>Show the API key</source>
        <translation>Hiện API key</translation>
    </message>
    <message>
        <source>Show or hide the API key as you type it</source>
        <translation>Hiện hoặc ẩn API key khi gõ</translation>
    </message>
    <message>
        <source>Sign in with the values above and list your extension&apos;s hotlines.</source>
        <translation>Đăng nhập bằng các giá trị ở trên và liệt kê hotline của máy lẻ.</translation>
    </message>
    <message>
        <source>Testing the connection</source>
        <translation>Đang kiểm tra kết nối</translation>
    </message>
    <message>
        <source>Connection test result</source>
        <translation>Kết quả kiểm tra kết nối</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Ghi chú</translation>
    </message>
    <message>
        <source>Not needed in the demo</source>
        <translation>Không cần khi chạy thử</translation>
    </message>
    <message>
        <source>Set by {variable}</source>
        <translation>Được đặt bởi {variable}</translation>
    </message>
    <message>
        <source>The environment variable {variable} is set and overrides the stored key; unset it to change the key here.</source>
        <translation>Biến môi trường {variable} đang được đặt và thay cho key đã lưu; hãy bỏ biến đó để đổi key ở đây.</translation>
    </message>
    <message>
        <source>Stored in a file on this computer — type to replace</source>
        <translation>Đã lưu trong một tệp trên máy này — gõ để thay</translation>
    </message>
    <message>
        <source>Stored in the system keyring — type to replace</source>
        <translation>Đã lưu trong keyring hệ thống — gõ để thay</translation>
    </message>
    <message>
        <source>The key is kept in the system keyring.</source>
        <translation>Key được lưu trong keyring hệ thống.</translation>
    </message>
    <message>
        <source>Paste the company&apos;s API key</source>
        <translation>Dán API key của công ty</translation>
    </message>
    <message>
        <source>No key stored yet. It is created in the OMICall web app under Account &gt; Settings &gt; API management.</source>
        <translation>Chưa lưu API key. API key được tạo trên OMICall tại Tài khoản &gt; Cấu hình &gt; Quản lý API.</translation>
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <source>OmiDesk is still running</source>
        <translation>OmiDesk vẫn đang chạy</translation>
    </message>
    <message>
        <source>It stays in the tray so links and the clipboard can reach it. Quit it from the tray menu.</source>
        <translation>OmiDesk vẫn chạy trong khay hệ thống để nhận liên kết và số từ clipboard. Thoát bằng menu ở khay hệ thống.</translation>
    </message>
    <message>
        <source>The demo could not be started. Run: omidesk --demo</source>
        <translation>Không khởi động được bản chạy thử. Hãy chạy: omidesk --demo</translation>
    </message>
    <message>
        <source>OmiDesk</source>
        <translation>OmiDesk</translation>
    </message>
    <message>
        <source>Something went wrong inside OmiDesk ({error}). Your calls and contacts are safe. The details are in the log file: {path}</source>
        <translation>OmiDesk gặp lỗi nội bộ ({error}). Cuộc gọi và danh bạ của bạn vẫn an toàn. Chi tiết nằm trong tệp nhật ký: {path}</translation>
    </message>
    <message>
        <source>A short report for your administrator was saved as {path}.</source>
        <translation>Đã lưu một báo cáo ngắn cho quản trị viên tại {path}.</translation>
    </message>
    <message>
        <source>Open the log folder</source>
        <translation>Mở thư mục nhật ký</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Đóng</translation>
    </message>
</context>
<context>
    <name>CallDetails</name>
    <message>
        <source>Select a call to see OMICall&apos;s whole answer and its call_uuid.</source>
        <translation>Chọn một cuộc gọi để xem đầy đủ phản hồi của OMICall và call_uuid.</translation>
    </message>
    <message>
        <source>Code: {code}</source>
        <translation>Mã: {code}</translation>
    </message>
    <message>
        <source>Window</source>
        <translation>Cửa sổ</translation>
    </message>
    <message>
        <source>Command line</source>
        <translation>Dòng lệnh</translation>
    </message>
    <message>
        <source>Tray menu</source>
        <translation>Menu khay hệ thống</translation>
    </message>
    <message>
        <source>Link (tel:)</source>
        <translation>Liên kết (tel:)</translation>
    </message>
    <message>
        <source>Clipboard</source>
        <translation>Bộ nhớ tạm</translation>
    </message>
    <message>
        <source>OMICall&apos;s call history</source>
        <translation>Lịch sử cuộc gọi OMICall</translation>
    </message>
    <message>
        <source>AutoCall call-back</source>
        <translation>Gọi lại từ AutoCall</translation>
    </message>
    <message>
        <source>Details of the selected call</source>
        <translation>Chi tiết cuộc gọi đang chọn</translation>
    </message>
    <message>
        <source>Time:</source>
        <translation>Thời gian:</translation>
    </message>
    <message>
        <source>Hotline:</source>
        <translation>Hotline:</translation>
    </message>
    <message>
        <source>From:</source>
        <translation>Gọi từ:</translation>
    </message>
    <message>
        <source>Extension:</source>
        <translation>Máy lẻ:</translation>
    </message>
    <message>
        <source>Call back</source>
        <translation>Gọi lại</translation>
    </message>
    <message>
        <source>Call this number back (Enter)</source>
        <translation>Gọi lại số này (Enter)</translation>
    </message>
    <message>
        <source>Recording</source>
        <translation>Ghi âm</translation>
    </message>
    <message>
        <source>Listen to the recording in your browser</source>
        <translation>Nghe ghi âm trong trình duyệt</translation>
    </message>
    <message>
        <source>Listen to the recording</source>
        <translation>Nghe ghi âm</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Sao chép</translation>
    </message>
    <message>
        <source>Copy the call_uuid</source>
        <translation>Sao chép call_uuid</translation>
    </message>
</context>
<context>
    <name>CampaignCalls</name>
    <message>
        <source>Answered</source>
        <translation>Đã nghe máy</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Lỗi</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>Chưa rõ</translation>
    </message>
    <message>
        <source>In progress ({state})</source>
        <translation>Đang gọi ({state})</translation>
    </message>
    <message>
        <source>Answered, {duration}</source>
        <translation>Đã nghe máy, {duration}</translation>
    </message>
    <message>
        <source>Failed: {cause}</source>
        <translation>Lỗi: {cause}</translation>
    </message>
    <message>
        <source>Called back</source>
        <translation>Đã gọi lại</translation>
    </message>
    <message>
        <source>Called back? (unknown)</source>
        <translation>Đã gọi lại? (chưa rõ)</translation>
    </message>
    <message>
        <source>Call-back refused</source>
        <translation>Gọi lại bị từ chối</translation>
    </message>
    <message>
        <source>Call-back not sent</source>
        <translation>Chưa gửi được cuộc gọi lại</translation>
    </message>
    <message>
        <source>Invalid number</source>
        <translation>Số không hợp lệ</translation>
    </message>
    <message>
        <source>Skipped</source>
        <translation>Đã bỏ qua</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Thời gian</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>Số</translation>
    </message>
    <message>
        <source>Contact</source>
        <translation>Liên hệ</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Kết quả</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>Phím</translation>
    </message>
    <message>
        <source>Call-back</source>
        <translation>Gọi lại</translation>
    </message>
</context>
<context>
    <name>CampaignDialog</name>
    <message>
        <source>Add a campaign</source>
        <translation>Thêm chiến dịch</translation>
    </message>
    <message>
        <source>Rename the campaign</source>
        <translation>Đổi tên chiến dịch</translation>
    </message>
    <message>
        <source>The campaign&apos;s id is the number aicallcenter.vn shows for it. The name is yours: AutoCall does not give one.</source>
        <translation>Mã chiến dịch là số mà aicallcenter.vn hiển thị cho chiến dịch đó. Tên do bạn đặt: AutoCall không cung cấp tên.</translation>
    </message>
    <message>
        <source>Campaign &amp;id:</source>
        <translation>&amp;Mã chiến dịch:</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Tên:</translation>
    </message>
    <message>
        <source>Campaign id</source>
        <translation>Mã chiến dịch</translation>
    </message>
    <message>
        <source>Campaign name</source>
        <translation>Tên chiến dịch</translation>
    </message>
    <message>
        <source>e.g. Payment reminders, June</source>
        <translation>ví dụ Nhắc thanh toán tháng 6</translation>
    </message>
    <message>
        <source>&amp;Voice OTP campaign (every contact needs an OTP code)</source>
        <translation>Chiến dịch &amp;voice OTP (mỗi khách hàng cần một mã OTP)</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Lưu</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
    <message>
        <source>The campaign id is letters, digits, - or _, such as 1001.</source>
        <translation>Mã chiến dịch gồm chữ, số, - hoặc _, ví dụ 1001.</translation>
    </message>
</context>
<context>
    <name>CampaignsView</name>
    <message>
        <source>Remove the campaign</source>
        <translation>Gỡ chiến dịch</translation>
    </message>
    <message>
        <source>Remove campaign {campaign} from this list? Its calls and the push journal are kept; nothing changes on AutoCall.</source>
        <translation>Gỡ chiến dịch {campaign} khỏi danh sách này? Các cuộc gọi và nhật ký đẩy dữ liệu vẫn được giữ; trên AutoCall không có gì thay đổi.</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Gỡ</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
    <message>
        <source>Reading the calls from AutoCall…</source>
        <translation>Đang đọc các cuộc gọi từ AutoCall…</translation>
    </message>
    <message>
        <source>Campaigns</source>
        <translation>Chiến dịch</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>No campaign yet. Add one with its id from aicallcenter.vn (the + button), then push contacts into it and read who answered.</source>
        <translation>Chưa có chiến dịch nào. Hãy thêm chiến dịch bằng mã của nó trên aicallcenter.vn (nút +), rồi đẩy khách hàng vào và xem ai đã nghe máy.</translation>
    </message>
    <message>
        <source>No calls to show.</source>
        <translation>Không có cuộc gọi nào để hiển thị.</translation>
    </message>
    <message>
        <source>Call-back &amp;queue ({count})…</source>
        <translation>Hàng đợi gọ&amp;i lại ({count})…</translation>
    </message>
    <message>
        <source>Calls: {count}</source>
        <translation>Cuộc gọi: {count}</translation>
    </message>
    <message>
        <source>read from AutoCall at {time}</source>
        <translation>đọc từ AutoCall lúc {time}</translation>
    </message>
    <message>
        <source>C&amp;ampaign:</source>
        <translation>Chiến &amp;dịch:</translation>
    </message>
    <message>
        <source>Campaign</source>
        <translation>Chiến dịch</translation>
    </message>
    <message>
        <source>Add a campaign by its id</source>
        <translation>Thêm chiến dịch theo mã</translation>
    </message>
    <message>
        <source>Add a campaign</source>
        <translation>Thêm chiến dịch</translation>
    </message>
    <message>
        <source>Rename the campaign</source>
        <translation>Đổi tên chiến dịch</translation>
    </message>
    <message>
        <source>Remove the campaign from this list</source>
        <translation>Gỡ chiến dịch khỏi danh sách này</translation>
    </message>
    <message>
        <source>Secret &amp;key…</source>
        <translation>Secret &amp;key…</translation>
    </message>
    <message>
        <source>AutoCall&apos;s secret key, from your profile on aicallcenter.vn</source>
        <translation>Secret key của AutoCall, lấy trong trang hồ sơ trên aicallcenter.vn</translation>
    </message>
    <message>
        <source>&amp;Push contacts…</source>
        <translation>Đẩ&amp;y khách hàng…</translation>
    </message>
    <message>
        <source>Push contacts into the campaign: checked and shown before anything is sent</source>
        <translation>Đẩy khách hàng vào chiến dịch: được kiểm tra và hiển thị trước khi gửi đi</translation>
    </message>
    <message>
        <source>Sho&amp;w:</source>
        <translation>&amp;Lọc:</translation>
    </message>
    <message>
        <source>All calls</source>
        <translation>Tất cả cuộc gọi</translation>
    </message>
    <message>
        <source>Answered</source>
        <translation>Đã nghe máy</translation>
    </message>
    <message>
        <source>Pressed a key</source>
        <translation>Có bấm phím</translation>
    </message>
    <message>
        <source>Pressed the key</source>
        <translation>Đã bấm phím</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Lỗi</translation>
    </message>
    <message>
        <source>Which calls to show</source>
        <translation>Các cuộc gọi cần hiển thị</translation>
    </message>
    <message>
        <source>Key pressed</source>
        <translation>Phím đã bấm</translation>
    </message>
    <message>
        <source>S&amp;ync</source>
        <translation>Đồng &amp;bộ</translation>
    </message>
    <message>
        <source>Read the new calls from AutoCall</source>
        <translation>Đọc các cuộc gọi mới từ AutoCall</translation>
    </message>
    <message>
        <source>Campaign calls</source>
        <translation>Cuộc gọi của chiến dịch</translation>
    </message>
    <message>
        <source>Enter calls the selected customer back through click2call.</source>
        <translation>Enter gọi lại khách hàng đang chọn qua click2call.</translation>
    </message>
    <message>
        <source>&amp;Call back</source>
        <translation>&amp;Gọi lại</translation>
    </message>
    <message>
        <source>Call the selected customer back (Enter)</source>
        <translation>Gọi lại khách hàng đang chọn (Enter)</translation>
    </message>
    <message>
        <source>Campaign problem</source>
        <translation>Sự cố chiến dịch</translation>
    </message>
</context>
<context>
    <name>CheckPage</name>
    <message>
        <source>Number</source>
        <translation>Số</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Tên</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Danh xưng</translation>
    </message>
    <message>
        <source>OTP</source>
        <translation>OTP</translation>
    </message>
    <message>
        <source>Other fields</source>
        <translation>Trường khác</translation>
    </message>
    <message>
        <source>Row</source>
        <translation>Dòng</translation>
    </message>
    <message>
        <source>Given</source>
        <translation>Dữ liệu nhập</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Lý do</translation>
    </message>
    <message>
        <source>Contacts to push</source>
        <translation>Khách hàng sẽ đẩy</translation>
    </message>
    <message>
        <source>Contacts not sent</source>
        <translation>Khách hàng không gửi</translation>
    </message>
    <message>
        <source>To push ({count})</source>
        <translation>Sẽ đẩy ({count})</translation>
    </message>
    <message>
        <source>Not sent ({count})</source>
        <translation>Không gửi ({count})</translation>
    </message>
    <message>
        <source>Contacts to push: &lt;b&gt;{count}&lt;/b&gt; of {total}.</source>
        <translation>Khách hàng sẽ được đẩy: &lt;b&gt;{count}&lt;/b&gt; trên {total}.</translation>
    </message>
    <message>
        <source>Not valid, not sent: {count} (see Not sent).</source>
        <translation>Không hợp lệ, không gửi: {count} (xem Không gửi).</translation>
    </message>
    <message>
        <source>Duplicate numbers dropped (the first of each kept): {count}.</source>
        <translation>Số trùng lặp đã bỏ (giữ lại số đầu tiên): {count}.</translation>
    </message>
    <message>
        <source>Already pushed to this campaign, skipped ({count}): {numbers}</source>
        <translation>Đã đẩy vào chiến dịch này trước đó, bỏ qua ({count}): {numbers}</translation>
    </message>
    <message>
        <source>Only the first {count} are listed below.</source>
        <translation>Bên dưới chỉ liệt kê {count} khách hàng đầu tiên.</translation>
    </message>
    <message>
        <source>Push 1 contact into campaign {campaign}? If the campaign is running, AutoCall starts calling it at once. A batch whose answer is lost is never sent again.</source>
        <translation>Đẩy 1 khách hàng vào chiến dịch {campaign}? Nếu chiến dịch đang chạy, AutoCall sẽ gọi ngay. Đợt nào không nhận được phản hồi sẽ không bao giờ được gửi lại.</translation>
    </message>
    <message>
        <source>Push {count} contacts into campaign {campaign}? If the campaign is running, AutoCall starts calling them at once. A batch whose answer is lost is never sent again.</source>
        <translation>Đẩy {count} khách hàng vào chiến dịch {campaign}? Nếu chiến dịch đang chạy, AutoCall sẽ gọi cho họ ngay. Đợt nào không nhận được phản hồi sẽ không bao giờ được gửi lại.</translation>
    </message>
    <message>
        <source>Nothing to push: every contact is listed above.</source>
        <translation>Không có gì để đẩy: mọi khách hàng đều được liệt kê ở trên.</translation>
    </message>
</context>
<context>
    <name>CompaniesModel</name>
    <message>
        <source>Company</source>
        <translation>Doanh nghiệp</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>Email</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Trạng thái</translation>
    </message>
    <message>
        <source>Balance</source>
        <translation>Số dư</translation>
    </message>
    <message>
        <source>Package</source>
        <translation>Gói</translation>
    </message>
    <message>
        <source>Expires</source>
        <translation>Hết hạn</translation>
    </message>
    <message>
        <source>Hotlines</source>
        <translation>Hotline</translation>
    </message>
    <message>
        <source>Activated</source>
        <translation>Đã kích hoạt</translation>
    </message>
    <message>
        <source>Activating…</source>
        <translation>Đang kích hoạt…</translation>
    </message>
    <message>
        <source>disabled</source>
        <translation>ngưng hoạt động</translation>
    </message>
    <message>
        <source>{date} ⚠ expired</source>
        <translation>{date} ⚠ đã hết hạn</translation>
    </message>
    <message>
        <source>{date} ⚠ in {days} d</source>
        <translation>{date} ⚠ còn {days} ngày</translation>
    </message>
    <message>
        <source>The service ends within a week: top it up or renew it.</source>
        <translation>Dịch vụ sẽ hết hạn trong vòng một tuần: hãy nạp tiền hoặc gia hạn.</translation>
    </message>
    <message>
        <source>The service has ended.</source>
        <translation>Dịch vụ đã hết hạn.</translation>
    </message>
</context>
<context>
    <name>CompaniesWindow</name>
    <message>
        <source>Paste the partner API key OMICall gave you.</source>
        <translation>Hãy dán API key đối tác mà OMICall đã cấp cho bạn.</translation>
    </message>
    <message>
        <source>Loading the companies…</source>
        <translation>Đang tải danh sách doanh nghiệp…</translation>
    </message>
    <message>
        <source>Loading the companies… {count} so far</source>
        <translation>Đang tải danh sách doanh nghiệp… đã có {count}</translation>
    </message>
    <message>
        <source>1 company</source>
        <translation>1 doanh nghiệp</translation>
    </message>
    <message>
        <source>{count} companies</source>
        <translation>{count} doanh nghiệp</translation>
    </message>
    <message>
        <source>{shown} of {count} companies</source>
        <translation>{shown} trên {count} doanh nghiệp</translation>
    </message>
    <message>
        <source>Export the companies</source>
        <translation>Xuất danh sách doanh nghiệp</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>Tệp CSV (*.csv)</translation>
    </message>
    <message>
        <source>Exported 1 company to {path}.</source>
        <translation>Đã xuất 1 doanh nghiệp ra {path}.</translation>
    </message>
    <message>
        <source>Exported {count} companies to {path}.</source>
        <translation>Đã xuất {count} doanh nghiệp ra {path}.</translation>
    </message>
    <message>
        <source>Companies — OmiDesk partner (demo)</source>
        <translation>Doanh nghiệp — OmiDesk đối tác (demo)</translation>
    </message>
    <message>
        <source>Companies — OmiDesk partner</source>
        <translation>Doanh nghiệp — OmiDesk đối tác</translation>
    </message>
    <message>
        <source>&lt;b&gt;The partner console needs your partner API key.&lt;/b&gt;&lt;br&gt;It is the key OMICall gave your agency (its token says “bussiness”), not a company&apos;s key. It is kept in the system keyring, apart from the company&apos;s key.</source>
        <translation>&lt;b&gt;Bảng điều khiển đối tác cần API key đối tác của bạn.&lt;/b&gt;&lt;br&gt;Đó là key OMICall đã cấp cho đại lý của bạn (token của nó ghi “bussiness”), không phải key của một doanh nghiệp. Key được lưu trong keyring hệ thống, tách riêng với key của doanh nghiệp.</translation>
    </message>
    <message>
        <source>Partner &amp;API key:</source>
        <translation>&amp;API key đối tác:</translation>
    </message>
    <message>
        <source>Partner API key</source>
        <translation>API key đối tác</translation>
    </message>
    <message>
        <source>&amp;Save and open</source>
        <translation>&amp;Lưu và mở</translation>
    </message>
    <message>
        <source>Search companies by name or e-mail (Ctrl+F)</source>
        <translation>Tìm doanh nghiệp theo tên hoặc email (Ctrl+F)</translation>
    </message>
    <message>
        <source>Search companies</source>
        <translation>Tìm doanh nghiệp</translation>
    </message>
    <message>
        <source>List the companies again (F5)</source>
        <translation>Tải lại danh sách doanh nghiệp (F5)</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Tải lại</translation>
    </message>
    <message>
        <source>&amp;New company…</source>
        <translation>Doanh nghiệp &amp;mới…</translation>
    </message>
    <message>
        <source>Create a company (Ctrl+N)</source>
        <translation>Tạo doanh nghiệp (Ctrl+N)</translation>
    </message>
    <message>
        <source>&amp;Top up…</source>
        <translation>&amp;Nạp tiền…</translation>
    </message>
    <message>
        <source>Top up a company&apos;s wallet (Ctrl+T)</source>
        <translation>Nạp tiền vào ví của doanh nghiệp (Ctrl+T)</translation>
    </message>
    <message>
        <source>E&amp;xport CSV…</source>
        <translation>&amp;Xuất CSV…</translation>
    </message>
    <message>
        <source>Save the table as a CSV file (Ctrl+E)</source>
        <translation>Lưu bảng thành tệp CSV (Ctrl+E)</translation>
    </message>
    <message>
        <source>Companies</source>
        <translation>Doanh nghiệp</translation>
    </message>
    <message>
        <source>&amp;Companies</source>
        <translation>&amp;Doanh nghiệp</translation>
    </message>
    <message>
        <source>Top-&amp;ups</source>
        <translation>&amp;Lịch sử nạp</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Dừng</translation>
    </message>
</context>
<context>
    <name>ConfirmWindow</name>
    <message>
        <source>OmiDesk — not dialled</source>
        <translation>OmiDesk — không gọi</translation>
    </message>
    <message>
        <source>This was not dialled:</source>
        <translation>Không gọi vì:</translation>
    </message>
    <message>
        <source>OmiDesk — choose a number</source>
        <translation>OmiDesk — chọn số</translation>
    </message>
    <message>
        <source>Several numbers were found. Call which one?</source>
        <translation>Tìm thấy nhiều số. Gọi số nào?</translation>
    </message>
    <message>
        <source>OmiDesk — call this number?</source>
        <translation>OmiDesk — gọi số này?</translation>
    </message>
    <message>
        <source>Call this number?</source>
        <translation>Gọi số này?</translation>
    </message>
    <message>
        <source>Hotline: {hotline}</source>
        <translation>Hotline: {hotline}</translation>
    </message>
    <message>
        <source>Call</source>
        <translation>Gọi</translation>
    </message>
    <message>
        <source>Call (Enter)</source>
        <translation>Gọi (Enter)</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Đóng</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
    <message>
        <source>Cancel (Esc)</source>
        <translation>Hủy (Esc)</translation>
    </message>
    <message>
        <source>Number to call</source>
        <translation>Số cần gọi</translation>
    </message>
    <message>
        <source>Not in your contacts</source>
        <translation>Không có trong danh bạ</translation>
    </message>
</context>
<context>
    <name>ContactDelegate</name>
    <message>
        <source>{count} numbers</source>
        <translation>{count} số</translation>
    </message>
</context>
<context>
    <name>ContactDialog</name>
    <message>
        <source>{extensions}: not an extension. An extension is a short number of digits, such as 101.</source>
        <translation>{extensions}: không phải máy lẻ. Máy lẻ là một dãy số ngắn, ví dụ 101.</translation>
    </message>
    <message>
        <source>Type at most {max} owners: OMICall rings at most {max}.</source>
        <translation>Nhập tối đa {max} người phụ trách: OMICall chỉ đổ chuông tối đa {max} máy lẻ.</translation>
    </message>
    <message>
        <source>Type the contact&apos;s name.</source>
        <translation>Nhập họ tên liên hệ.</translation>
    </message>
    <message>
        <source>Type at least one number.</source>
        <translation>Nhập ít nhất một số điện thoại.</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Đang lưu…</translation>
    </message>
    <message>
        <source>Save a &amp;second copy</source>
        <translation>Lưu &amp;thêm một bản</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Lưu</translation>
    </message>
    <message>
        <source>“{name}” with the number {number} is already in your contacts.</source>
        <translation>“{name}” với số {number} đã có trong danh bạ.</translation>
    </message>
    <message>
        <source>Save again to keep both, or open the existing contact.</source>
        <translation>Bấm Lưu lần nữa để giữ cả hai, hoặc mở liên hệ đã có.</translation>
    </message>
    <message>
        <source>Possible duplicate</source>
        <translation>Có thể bị trùng</translation>
    </message>
    <message>
        <source>This contact was deleted meanwhile. Cancel, then add it again.</source>
        <translation>Liên hệ này vừa bị xóa. Hãy bấm Hủy rồi thêm lại.</translation>
    </message>
    <message>
        <source>Edit contact</source>
        <translation>Sửa liên hệ</translation>
    </message>
    <message>
        <source>New contact</source>
        <translation>Liên hệ mới</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Họ tên:</translation>
    </message>
    <message>
        <source>Full name, e.g. Nguyễn Văn An</source>
        <translation>Họ tên đầy đủ, ví dụ Nguyễn Văn An</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Họ tên</translation>
    </message>
    <message>
        <source>Name error</source>
        <translation>Lỗi họ tên</translation>
    </message>
    <message>
        <source>&amp;Company:</source>
        <translation>&amp;Công ty:</translation>
    </message>
    <message>
        <source>Company</source>
        <translation>Công ty</translation>
    </message>
    <message>
        <source>Numbers:</source>
        <translation>Số điện thoại:</translation>
    </message>
    <message>
        <source>Add &amp;number</source>
        <translation>Thêm &amp;số</translation>
    </message>
    <message>
        <source>Add number</source>
        <translation>Thêm số</translation>
    </message>
    <message>
        <source>Numbers error</source>
        <translation>Lỗi số điện thoại</translation>
    </message>
    <message>
        <source>E-&amp;mail:</source>
        <translation>E-&amp;mail:</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <source>N&amp;ote:</source>
        <translation>&amp;Ghi chú:</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Ghi chú</translation>
    </message>
    <message>
        <source>O&amp;wners:</source>
        <translation>&amp;Phụ trách:</translation>
    </message>
    <message>
        <source>Extensions of the agents in charge, e.g. 101 102</source>
        <translation>Máy lẻ của nhân viên phụ trách, ví dụ 101 102</translation>
    </message>
    <message>
        <source>When this customer calls the hotline, OMICall rings these agents first (the owner-routing service reads them from the contacts export). Separate them with spaces, commas or colons.</source>
        <translation>Khi khách hàng này gọi vào hotline, OMICall đổ chuông các nhân viên này trước (dịch vụ định tuyến theo người phụ trách đọc họ từ tệp xuất danh bạ). Ngăn cách bằng dấu cách, dấu phẩy hoặc dấu hai chấm.</translation>
    </message>
    <message>
        <source>Owners</source>
        <translation>Người phụ trách</translation>
    </message>
    <message>
        <source>Owners error</source>
        <translation>Lỗi người phụ trách</translation>
    </message>
    <message>
        <source>&amp;Favourite (listed first)</source>
        <translation>&amp;Yêu thích (xếp lên đầu)</translation>
    </message>
    <message>
        <source>Favourite</source>
        <translation>Yêu thích</translation>
    </message>
    <message>
        <source>&amp;Open the existing contact</source>
        <translation>&amp;Mở liên hệ đã có</translation>
    </message>
    <message>
        <source>Open the existing contact</source>
        <translation>Mở liên hệ đã có</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>Sự cố</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
    <message>
        <source>Save contact</source>
        <translation>Lưu liên hệ</translation>
    </message>
</context>
<context>
    <name>ContactFiles</name>
    <message>
        <source>Import contacts</source>
        <translation>Nhập danh bạ</translation>
    </message>
    <message>
        <source>Google CSV (*.csv)</source>
        <translation>CSV của Google (*.csv)</translation>
    </message>
    <message>
        <source>vCard 4.0 (*.vcf)</source>
        <translation>vCard 4.0 (*.vcf)</translation>
    </message>
    <message>
        <source>Export contacts</source>
        <translation>Xuất danh bạ</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
</context>
<context>
    <name>ContactsModel</name>
    <message>
        <source>{number} (not a valid number)</source>
        <translation>{number} (số không hợp lệ)</translation>
    </message>
    <message>
        <source>No number</source>
        <translation>Không có số</translation>
    </message>
    <message>
        <source>no number</source>
        <translation>không có số</translation>
    </message>
    <message>
        <source>{count} numbers</source>
        <translation>{count} số</translation>
    </message>
    <message>
        <source>favourite</source>
        <translation>yêu thích</translation>
    </message>
    <message>
        <source>has an invalid number</source>
        <translation>có số không hợp lệ</translation>
    </message>
</context>
<context>
    <name>ContactsView</name>
    <message>
        <source>Search name, company or number</source>
        <translation>Tìm theo tên, công ty hoặc số</translation>
    </message>
    <message>
        <source>Search contacts</source>
        <translation>Tìm liên hệ</translation>
    </message>
    <message>
        <source>Type a few letters of the name or company (accents not needed) or a few digits of the number. Enter calls the first result; Down moves into the list; Esc clears.</source>
        <translation>Gõ vài chữ của tên hoặc công ty (không cần dấu) hoặc vài chữ số của số điện thoại. Enter để gọi kết quả đầu tiên; phím Xuống để vào danh sách; Esc để xóa.</translation>
    </message>
    <message>
        <source>Contacts</source>
        <translation>Danh bạ</translation>
    </message>
    <message>
        <source>Favourites first. Enter calls the selected contact; the menu key shows more actions.</source>
        <translation>Liên hệ yêu thích ở đầu. Enter để gọi liên hệ đang chọn; phím menu để xem thêm thao tác.</translation>
    </message>
    <message>
        <source>No contacts</source>
        <translation>Không có liên hệ</translation>
    </message>
    <message>
        <source>Contact notice</source>
        <translation>Thông báo liên hệ</translation>
    </message>
    <message>
        <source>&amp;Call</source>
        <translation>&amp;Gọi</translation>
    </message>
    <message>
        <source>&amp;Add</source>
        <translation>&amp;Thêm</translation>
    </message>
    <message>
        <source>Add a contact</source>
        <translation>Thêm liên hệ</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Sửa</translation>
    </message>
    <message>
        <source>Edit the selected contact (F2)</source>
        <translation>Sửa liên hệ đang chọn (F2)</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>&amp;Xóa</translation>
    </message>
    <message>
        <source>Delete the selected contact (asks first)</source>
        <translation>Xóa liên hệ đang chọn (hỏi trước)</translation>
    </message>
    <message>
        <source>&amp;Favourite</source>
        <translation>&amp;Yêu thích</translation>
    </message>
    <message>
        <source>Add contact</source>
        <translation>Thêm liên hệ</translation>
    </message>
    <message>
        <source>Edit contact</source>
        <translation>Sửa liên hệ</translation>
    </message>
    <message>
        <source>Delete contact</source>
        <translation>Xóa liên hệ</translation>
    </message>
    <message>
        <source>Favourite</source>
        <translation>Yêu thích</translation>
    </message>
    <message>
        <source>Contact</source>
        <translation>Liên hệ</translation>
    </message>
    <message>
        <source>Contact actions</source>
        <translation>Thao tác với liên hệ</translation>
    </message>
    <message>
        <source>Numbers to call</source>
        <translation>Số để gọi</translation>
    </message>
    <message>
        <source>No contact matches “{text}”.</source>
        <translation>Không có liên hệ nào khớp với “{text}”.</translation>
    </message>
    <message>
        <source>No contacts yet. Press Add to create one.</source>
        <translation>Chưa có liên hệ nào. Bấm Thêm để tạo.</translation>
    </message>
    <message>
        <source>Remove from favourites</source>
        <translation>Bỏ khỏi yêu thích</translation>
    </message>
    <message>
        <source>Add to favourites</source>
        <translation>Thêm vào yêu thích</translation>
    </message>
    <message>
        <source>{name} has no valid number to call ({numbers}). Edit the contact to correct it.</source>
        <translation>{name} không có số hợp lệ để gọi ({numbers}). Hãy sửa liên hệ cho đúng.</translation>
    </message>
    <message>
        <source>{name} has no number. Edit the contact to add one.</source>
        <translation>{name} chưa có số điện thoại. Hãy sửa liên hệ để thêm số.</translation>
    </message>
    <message>
        <source>Delete “{name}” from your contacts?</source>
        <translation>Xóa “{name}” khỏi danh bạ?</translation>
    </message>
    <message>
        <source>This cannot be undone.</source>
        <translation>Không thể hoàn tác.</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Xóa</translation>
    </message>
    <message>
        <source>Keep</source>
        <translation>Giữ lại</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
</context>
<context>
    <name>DetailsPane</name>
    <message>
        <source>{name} · {staff} staff</source>
        <translation>{name} · {staff} nhân viên</translation>
    </message>
    <message>
        <source>Carrier: {carrier}</source>
        <translation>Nhà mạng: {carrier}</translation>
    </message>
    <message>
        <source>&amp;Hotlines ({count})</source>
        <translation>&amp;Hotline ({count})</translation>
    </message>
    <message>
        <source>&amp;Hotlines: none</source>
        <translation>&amp;Hotline: không có</translation>
    </message>
    <message>
        <source>Hide</source>
        <translation>Ẩn</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>Hiện</translation>
    </message>
    <message>
        <source>E-mail:</source>
        <translation>Email:</translation>
    </message>
    <message>
        <source>Owner&apos;s phone:</source>
        <translation>SĐT chủ doanh nghiệp:</translation>
    </message>
    <message>
        <source>Status:</source>
        <translation>Trạng thái:</translation>
    </message>
    <message>
        <source>Balance:</source>
        <translation>Số dư:</translation>
    </message>
    <message>
        <source>Package:</source>
        <translation>Gói dịch vụ:</translation>
    </message>
    <message>
        <source>Activated on:</source>
        <translation>Ngày kích hoạt:</translation>
    </message>
    <message>
        <source>Expires:</source>
        <translation>Ngày hết hạn:</translation>
    </message>
    <message>
        <source>Domain:</source>
        <translation>Tên miền:</translation>
    </message>
    <message>
        <source>API key:</source>
        <translation>API key:</translation>
    </message>
    <message>
        <source>Show the company&apos;s API key on screen</source>
        <translation>Hiện API key của doanh nghiệp trên màn hình</translation>
    </message>
    <message>
        <source>Show the API key</source>
        <translation>Hiện API key</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>Số</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Tình trạng</translation>
    </message>
    <message>
        <source>Expires</source>
        <translation>Hết hạn</translation>
    </message>
    <message>
        <source>Hotlines of the company</source>
        <translation>Hotline của doanh nghiệp</translation>
    </message>
    <message>
        <source>&amp;Top up this company…</source>
        <translation>&amp;Nạp tiền cho doanh nghiệp này…</translation>
    </message>
    <message>
        <source>Select a company to see its details.</source>
        <translation>Chọn một doanh nghiệp để xem chi tiết.</translation>
    </message>
    <message>
        <source>&amp;Hotlines</source>
        <translation>&amp;Hotline</translation>
    </message>
</context>
<context>
    <name>DialField</name>
    <message>
        <source>Number to call, e.g. 0901 234 567</source>
        <translation>Số cần gọi, ví dụ 0901 234 567</translation>
    </message>
    <message>
        <source>Number to call</source>
        <translation>Số cần gọi</translation>
    </message>
    <message>
        <source>Type or paste a number, then press Enter. Esc clears.</source>
        <translation>Nhập hoặc dán số rồi bấm Enter. Esc để xóa.</translation>
    </message>
</context>
<context>
    <name>DialPad</name>
    <message>
        <source>Delete last digit</source>
        <translation>Xóa chữ số cuối</translation>
    </message>
    <message>
        <source>Key {key}</source>
        <translation>Phím {key}</translation>
    </message>
</context>
<context>
    <name>ExternalRequests</name>
    <message>
        <source>The link asks for extension {ext}: dial it on your phone once connected.</source>
        <translation>Liên kết yêu cầu số máy lẻ {ext}: hãy bấm số đó trên điện thoại sau khi được nối máy.</translation>
    </message>
    <message>
        <source>Not dialled</source>
        <translation>Không gọi</translation>
    </message>
    <message>
        <source>Another call is being placed; try again in a moment.</source>
        <translation>Đang thực hiện một cuộc gọi khác; hãy thử lại sau giây lát.</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <source>Import contacts</source>
        <translation>Nhập danh bạ</translation>
    </message>
    <message>
        <source>Save the import report</source>
        <translation>Lưu báo cáo nhập danh bạ</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <source>The report could not be saved to {path}: {reason}</source>
        <translation>Không lưu được báo cáo vào {path}: {reason}</translation>
    </message>
    <message>
        <source>Report saved to {path}.</source>
        <translation>Đã lưu báo cáo vào {path}.</translation>
    </message>
    <message>
        <source>File: {path}</source>
        <translation>Tệp: {path}</translation>
    </message>
    <message>
        <source>Choose a contacts file: a CSV exported from Google Contacts, Outlook, a CRM or a spreadsheet, or a vCard file (.vcf) from a phone.</source>
        <translation>Chọn tệp danh bạ: tệp CSV xuất từ Google Contacts, Outlook, phần mềm CRM hoặc bảng tính, hoặc tệp vCard (.vcf) từ điện thoại.</translation>
    </message>
    <message>
        <source>&amp;Choose a file…</source>
        <translation>&amp;Chọn tệp…</translation>
    </message>
    <message>
        <source>&amp;Choose another file…</source>
        <translation>&amp;Chọn tệp khác…</translation>
    </message>
    <message>
        <source>Choose a file to import</source>
        <translation>Chọn tệp để nhập</translation>
    </message>
    <message>
        <source>&amp;Import</source>
        <translation>&amp;Nhập</translation>
    </message>
    <message>
        <source>Import the contacts</source>
        <translation>Nhập các liên hệ</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Đóng</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
    <message>
        <source>Cancel the import</source>
        <translation>Hủy việc nhập</translation>
    </message>
    <message>
        <source>&amp;Back</source>
        <translation>&amp;Quay lại</translation>
    </message>
    <message>
        <source>Back to the preview</source>
        <translation>Quay lại phần xem trước</translation>
    </message>
    <message>
        <source>&amp;Save report as CSV…</source>
        <translation>&amp;Lưu báo cáo thành CSV…</translation>
    </message>
    <message>
        <source>Save the report as CSV</source>
        <translation>Lưu báo cáo thành tệp CSV</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Xong</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>Sự cố</translation>
    </message>
    <message>
        <source>Contacts ({patterns})</source>
        <translation>Danh bạ ({patterns})</translation>
    </message>
</context>
<context>
    <name>LedgerView</name>
    <message>
        <source>sending…</source>
        <translation>đang gửi…</translation>
    </message>
    <message>
        <source>done</source>
        <translation>xong</translation>
    </message>
    <message>
        <source>not done</source>
        <translation>không thực hiện</translation>
    </message>
    <message>
        <source>unknown — check the balance before trying again</source>
        <translation>chưa rõ — kiểm tra số dư trước khi thử lại</translation>
    </message>
    <message>
        <source>service (SPK)</source>
        <translation>dịch vụ (SPK)</translation>
    </message>
    <message>
        <source>call (NORMAL)</source>
        <translation>cước (NORMAL)</translation>
    </message>
    <message>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Thời gian</translation>
    </message>
    <message>
        <source>Company</source>
        <translation>Doanh nghiệp</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>Email</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Số tiền</translation>
    </message>
    <message>
        <source>Wallet</source>
        <translation>Ví</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Kết quả</translation>
    </message>
    <message>
        <source>Top-ups made from this computer</source>
        <translation>Các lần nạp tiền thực hiện từ máy này</translation>
    </message>
    <message>
        <source>Every top-up is written here before it is sent. One whose outcome is unknown was never sent again: check the company&apos;s balance first.</source>
        <translation>Mỗi lần nạp được ghi vào đây trước khi gửi. Lần nạp chưa rõ kết quả không bao giờ được gửi lại: hãy kiểm tra số dư của doanh nghiệp trước.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Enter calls {name} — {number}</source>
        <translation>Nhấn Enter để gọi {name} — {number}</translation>
    </message>
    <message>
        <source>{hotline} (default)</source>
        <translation>{hotline} (mặc định)</translation>
    </message>
    <message>
        <source>Refresh the hotline list from OMICall</source>
        <translation>Tải lại danh sách hotline từ OMICall</translation>
    </message>
    <message>
        <source>OmiDesk — Demo</source>
        <translation>OmiDesk — Chạy thử</translation>
    </message>
    <message>
        <source>OmiDesk</source>
        <translation>OmiDesk</translation>
    </message>
    <message>
        <source>Demo — calls are simulated by the built-in OMICall sandbox; nobody is called. Try 0900 000 001 (busy), 0900 000 002 (do not call) or 0900 000 020 (no answer in time).</source>
        <translation>Chạy thử — cuộc gọi được giả lập bởi máy chủ OMICall thử nghiệm có sẵn; không ai bị gọi thật. Thử 0900 000 001 (máy bận), 0900 000 002 (không làm phiền) hoặc 0900 000 020 (không trả lời kịp).</translation>
    </message>
    <message>
        <source>Demo mode</source>
        <translation>Chế độ chạy thử</translation>
    </message>
    <message>
        <source>OmiDesk is not set up yet: enter your OMICall account and extension to place calls.</source>
        <translation>OmiDesk chưa được cài đặt: hãy nhập tài khoản OMICall và máy lẻ để gọi.</translation>
    </message>
    <message>
        <source>Not set up</source>
        <translation>Chưa cài đặt</translation>
    </message>
    <message>
        <source>Open settings…</source>
        <translation>Mở cài đặt…</translation>
    </message>
    <message>
        <source>Open settings</source>
        <translation>Mở cài đặt</translation>
    </message>
    <message>
        <source>&amp;Hotline:</source>
        <translation>&amp;Hotline:</translation>
    </message>
    <message>
        <source>Hotline to call out on</source>
        <translation>Hotline dùng để gọi ra</translation>
    </message>
    <message>
        <source>Refresh hotlines</source>
        <translation>Làm mới hotline</translation>
    </message>
    <message>
        <source>Call</source>
        <translation>Gọi</translation>
    </message>
    <message>
        <source>Call the number (Enter)</source>
        <translation>Gọi số này (Enter)</translation>
    </message>
    <message>
        <source>Number check</source>
        <translation>Kiểm tra số</translation>
    </message>
    <message>
        <source>Contacts</source>
        <translation>Danh bạ</translation>
    </message>
    <message>
        <source>Recent calls</source>
        <translation>Cuộc gọi gần đây</translation>
    </message>
    <message>
        <source>Campaigns</source>
        <translation>Chiến dịch</translation>
    </message>
    <message>
        <source>Ca&amp;mpaigns</source>
        <translation>C&amp;hiến dịch</translation>
    </message>
    <message>
        <source>&amp;Push to an AutoCall campaign…</source>
        <translation>Đẩ&amp;y vào chiến dịch AutoCall…</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Đang tải…</translation>
    </message>
    <message>
        <source>&amp;OmiDesk</source>
        <translation>&amp;OmiDesk</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>&amp;Cài đặt…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Thoát</translation>
    </message>
    <message>
        <source>&amp;Import contacts…</source>
        <translation>&amp;Nhập danh bạ…</translation>
    </message>
    <message>
        <source>&amp;Export contacts…</source>
        <translation>&amp;Xuất danh bạ…</translation>
    </message>
    <message>
        <source>&amp;Companies (partner)…</source>
        <translation>&amp;Doanh nghiệp (đối tác)…</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Xem</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Ngôn ngữ</translation>
    </message>
    <message>
        <source>Search &amp;contacts</source>
        <translation>Tìm &amp;liên hệ</translation>
    </message>
    <message>
        <source>&amp;Recent calls</source>
        <translation>Cuộc gọi &amp;gần đây</translation>
    </message>
    <message>
        <source>&amp;Dial field</source>
        <translation>Ô &amp;nhập số</translation>
    </message>
    <message>
        <source>Dial &amp;pad</source>
        <translation>Bàn &amp;phím số</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>Trợ &amp;giúp</translation>
    </message>
    <message>
        <source>&amp;About OmiDesk</source>
        <translation>&amp;Giới thiệu OmiDesk</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>&amp;Phím tắt</translation>
    </message>
    <message>
        <source>About OmiDesk</source>
        <translation>Giới thiệu OmiDesk</translation>
    </message>
    <message>
        <source>&lt;b&gt;OmiDesk {version}&lt;/b&gt;&lt;br&gt;Click-to-call companion for OMICall agents.&lt;br&gt;Your phone rings; pick up to be connected to the customer.</source>
        <translation>&lt;b&gt;OmiDesk {version}&lt;/b&gt;&lt;br&gt;Trợ lý gọi nhanh cho nhân viên dùng OMICall.&lt;br&gt;Điện thoại của bạn đổ chuông; nhấc máy để được nối tới khách hàng.</translation>
    </message>
</context>
<context>
    <name>NewCompanyDialog</name>
    <message>
        <source>Creating the company…</source>
        <translation>Đang tạo doanh nghiệp…</translation>
    </message>
    <message>
        <source>Created. Waiting for OMICall to activate it (up to 15 s)…</source>
        <translation>Đã tạo. Đang chờ OMICall kích hoạt (tối đa 15 giây)…</translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation>Đó&amp;ng</translation>
    </message>
    <message>
        <source>New company</source>
        <translation>Doanh nghiệp mới</translation>
    </message>
    <message>
        <source>Owner&apos;s &amp;e-mail:</source>
        <translation>&amp;Email chủ doanh nghiệp:</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>&amp;Mật khẩu:</translation>
    </message>
    <message>
        <source>&amp;Company name:</source>
        <translation>&amp;Tên doanh nghiệp:</translation>
    </message>
    <message>
        <source>&amp;Owner&apos;s name:</source>
        <translation>Tên &amp;chủ doanh nghiệp:</translation>
    </message>
    <message>
        <source>Owner&apos;s p&amp;hone:</source>
        <translation>&amp;SĐT chủ doanh nghiệp:</translation>
    </message>
    <message>
        <source>e.g. chu@congty.vn</source>
        <translation>ví dụ chu@congty.vn</translation>
    </message>
    <message>
        <source>8+ characters: upper and lower case, a digit, a special character</source>
        <translation>8+ ký tự: chữ in hoa và chữ thường, chữ số, ký tự đặc biệt</translation>
    </message>
    <message>
        <source>e.g. 0901 234 567</source>
        <translation>ví dụ 0901 234 567</translation>
    </message>
    <message>
        <source>Show the password</source>
        <translation>Hiện mật khẩu</translation>
    </message>
    <message>
        <source>&amp;Activate the account at once</source>
        <translation>&amp;Kích hoạt tài khoản ngay</translation>
    </message>
    <message>
        <source>C&amp;reate</source>
        <translation>Tạ&amp;o</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
</context>
<context>
    <name>OmiCallSearch</name>
    <message>
        <source>1 contact in OMICall:</source>
        <translation>1 liên hệ trong OMICall:</translation>
    </message>
    <message>
        <source>{count} contacts in OMICall:</source>
        <translation>{count} liên hệ trong OMICall:</translation>
    </message>
    <message>
        <source>OMICall has no contact matching “{text}”.</source>
        <translation>OMICall không có liên hệ nào khớp với “{text}”.</translation>
    </message>
    <message>
        <source>{name} saved to your contacts.</source>
        <translation>Đã lưu {name} vào danh bạ của bạn.</translation>
    </message>
    <message>
        <source>{name} is already in your contacts.</source>
        <translation>{name} đã có trong danh bạ của bạn.</translation>
    </message>
    <message>
        <source>Search OMICall&apos;s contacts</source>
        <translation>Tìm trong danh bạ OMICall</translation>
    </message>
    <message>
        <source>Search OMICall for “{text}”</source>
        <translation>Tìm “{text}” trong OMICall</translation>
    </message>
    <message>
        <source>Few of your contacts match: look in OMICall&apos;s contacts</source>
        <translation>Ít liên hệ của bạn khớp: tìm trong danh bạ OMICall</translation>
    </message>
    <message>
        <source>OMICall&apos;s contacts found</source>
        <translation>Liên hệ tìm thấy trong OMICall</translation>
    </message>
    <message>
        <source>Call</source>
        <translation>Gọi</translation>
    </message>
    <message>
        <source>Call the OMICall contact</source>
        <translation>Gọi liên hệ OMICall</translation>
    </message>
    <message>
        <source>Save to my contacts</source>
        <translation>Lưu vào danh bạ của tôi</translation>
    </message>
    <message>
        <source>Save the OMICall contact to my contacts</source>
        <translation>Lưu liên hệ OMICall vào danh bạ của tôi</translation>
    </message>
</context>
<context>
    <name>PhoneRow</name>
    <message>
        <source>It will be saved as typed and marked as not callable.</source>
        <translation>Số sẽ được lưu đúng như đã nhập và được đánh dấu là không gọi được.</translation>
    </message>
    <message>
        <source>Number, e.g. 0901 234 567</source>
        <translation>Số điện thoại, ví dụ 0901 234 567</translation>
    </message>
    <message>
        <source>Number {n}</source>
        <translation>Số {n}</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>Nhãn</translation>
    </message>
    <message>
        <source>What the number is: mobile, work, home…</source>
        <translation>Loại số: di động, công ty, nhà riêng…</translation>
    </message>
    <message>
        <source>Label of number {n}</source>
        <translation>Nhãn của số {n}</translation>
    </message>
    <message>
        <source>Remove this number</source>
        <translation>Xóa số này</translation>
    </message>
    <message>
        <source>Remove number {n}</source>
        <translation>Xóa số {n}</translation>
    </message>
    <message>
        <source>Check of number {n}</source>
        <translation>Kiểm tra số {n}</translation>
    </message>
</context>
<context>
    <name>PreviewPage</name>
    <message>
        <source>Full name</source>
        <translation>Họ tên đầy đủ</translation>
    </message>
    <message>
        <source>Given name</source>
        <translation>Tên</translation>
    </message>
    <message>
        <source>Middle name</source>
        <translation>Tên đệm</translation>
    </message>
    <message>
        <source>Family name</source>
        <translation>Họ</translation>
    </message>
    <message>
        <source>Company</source>
        <translation>Công ty</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Ghi chú</translation>
    </message>
    <message>
        <source>Owners (extensions)</source>
        <translation>Người phụ trách (máy lẻ)</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Họ tên</translation>
    </message>
    <message>
        <source>Numbers</source>
        <translation>Số điện thoại</translation>
    </message>
    <message>
        <source>Column {n}</source>
        <translation>Cột {n}</translation>
    </message>
    <message>
        <source>Phone {n}</source>
        <translation>Số điện thoại {n}</translation>
    </message>
    <message>
        <source>First rows of the file</source>
        <translation>Các dòng đầu của tệp</translation>
    </message>
    <message>
        <source>Columns</source>
        <translation>Các cột</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>Sự cố</translation>
    </message>
    <message>
        <source>Google Contacts CSV</source>
        <translation>CSV của Google Contacts</translation>
    </message>
    <message>
        <source>Outlook CSV</source>
        <translation>CSV của Outlook</translation>
    </message>
    <message>
        <source>CSV</source>
        <translation>CSV</translation>
    </message>
    <message>
        <source>vCard</source>
        <translation>vCard</translation>
    </message>
    <message>
        <source>comma</source>
        <translation>dấu phẩy</translation>
    </message>
    <message>
        <source>semicolon</source>
        <translation>dấu chấm phẩy</translation>
    </message>
    <message>
        <source>tab</source>
        <translation>dấu tab</translation>
    </message>
    <message>
        <source>separated by {delimiter}</source>
        <translation>phân cách bằng {delimiter}</translation>
    </message>
    <message>
        <source>about {count} contacts</source>
        <translation>khoảng {count} liên hệ</translation>
    </message>
    <message>
        <source>about {count} rows</source>
        <translation>khoảng {count} dòng</translation>
    </message>
    <message>
        <source>the first {count} shown</source>
        <translation>đang hiện {count} dòng đầu</translation>
    </message>
    <message>
        <source>{count} empty columns hidden</source>
        <translation>ẩn {count} cột trống</translation>
    </message>
    <message>
        <source>OmiDesk guessed which column holds what. Check the guess against the rows above and correct it where needed.</source>
        <translation>OmiDesk đã đoán nội dung của từng cột. Hãy đối chiếu với các dòng ở trên và sửa lại nếu cần.</translation>
    </message>
    <message>
        <source>The columns of this export are known. Change them only to leave a column out.</source>
        <translation>OmiDesk đã nhận ra các cột của tệp xuất này. Chỉ cần đổi khi muốn bỏ qua một cột.</translation>
    </message>
    <message>
        <source>Phone {n}:</source>
        <translation>Số điện thoại {n}:</translation>
    </message>
    <message>
        <source>Column for {field}</source>
        <translation>Cột chứa {field}</translation>
    </message>
    <message>
        <source>Column for phone {n}</source>
        <translation>Cột chứa số điện thoại {n}</translation>
    </message>
    <message>
        <source>Label of phone {n}</source>
        <translation>Nhãn của số điện thoại {n}</translation>
    </message>
    <message>
        <source>Label from the file</source>
        <translation>Nhãn lấy từ tệp</translation>
    </message>
    <message>
        <source>Label, e.g. Mobile</source>
        <translation>Nhãn, ví dụ Di động</translation>
    </message>
</context>
<context>
    <name>ProgressPage</name>
    <message>
        <source>Import progress</source>
        <translation>Tiến độ nhập</translation>
    </message>
    <message>
        <source>Importing {file}…</source>
        <translation>Đang nhập {file}…</translation>
    </message>
    <message>
        <source>You can keep working in the main window. Cancel leaves your contacts as they were.</source>
        <translation>Bạn vẫn có thể làm việc trong cửa sổ chính. Nếu bấm Hủy, danh bạ sẽ giữ nguyên như cũ.</translation>
    </message>
    <message>
        <source>Rows read</source>
        <translation>Số dòng đã đọc</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Đang hủy…</translation>
    </message>
    <message>
        <source>Finishing the import…</source>
        <translation>Đang hoàn tất việc nhập…</translation>
    </message>
    <message>
        <source>Row {done} of ~{total}</source>
        <translation>Dòng {done} / khoảng {total}</translation>
    </message>
    <message>
        <source>Reading the file…</source>
        <translation>Đang đọc tệp…</translation>
    </message>
</context>
<context>
    <name>PushDialog</name>
    <message>
        <source>Stopping after this batch…</source>
        <translation>Sẽ dừng sau đợt này…</translation>
    </message>
    <message>
        <source>Sent {sent} of {total}</source>
        <translation>Đã gửi {sent} trên {total}</translation>
    </message>
    <message>
        <source>Pushed: AutoCall added every contact.</source>
        <translation>Đã đẩy: AutoCall đã thêm mọi khách hàng.</translation>
    </message>
    <message>
        <source>Pushed in part.</source>
        <translation>Đã đẩy một phần.</translation>
    </message>
    <message>
        <source>Nothing was added.</source>
        <translation>Không thêm được gì.</translation>
    </message>
    <message>
        <source>Outcome unknown for some contacts — check the campaign.</source>
        <translation>Chưa rõ kết quả của một số khách hàng — hãy kiểm tra chiến dịch.</translation>
    </message>
    <message>
        <source>Sent: {sent}. Added by AutoCall: {accepted}.</source>
        <translation>Đã gửi: {sent}. AutoCall đã thêm: {accepted}.</translation>
    </message>
    <message>
        <source>Skipped by AutoCall ({count}): {numbers}</source>
        <translation>AutoCall bỏ qua ({count}): {numbers}</translation>
    </message>
    <message>
        <source>Maybe added, never sent again ({count}): {numbers}</source>
        <translation>Có thể đã được thêm, không gửi lại ({count}): {numbers}</translation>
    </message>
    <message>
        <source>Not sent: {count}. Push the same list again to send them (numbers already pushed are skipped).</source>
        <translation>Chưa gửi: {count}. Hãy đẩy lại cùng danh sách để gửi (các số đã đẩy sẽ được bỏ qua).</translation>
    </message>
    <message>
        <source>Push contacts to an AutoCall campaign</source>
        <translation>Đẩy khách hàng vào chiến dịch AutoCall</translation>
    </message>
    <message>
        <source>&amp;Back</source>
        <translation>&amp;Quay lại</translation>
    </message>
    <message>
        <source>&amp;Check…</source>
        <translation>&amp;Kiểm tra…</translation>
    </message>
    <message>
        <source>&amp;Stop after this batch</source>
        <translation>&amp;Dừng sau đợt này</translation>
    </message>
    <message>
        <source>Show &amp;results</source>
        <translation>Xem &amp;kết quả</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Đóng</translation>
    </message>
    <message>
        <source>Pushing to AutoCall, 200 contacts a batch. You can keep working in the main window.</source>
        <translation>Đang đẩy lên AutoCall, mỗi đợt 200 khách hàng. Bạn vẫn có thể làm việc ở cửa sổ chính.</translation>
    </message>
    <message>
        <source>Push progress</source>
        <translation>Tiến độ đẩy dữ liệu</translation>
    </message>
    <message>
        <source>&amp;Push 1 contact</source>
        <translation>Đẩ&amp;y 1 khách hàng</translation>
    </message>
    <message>
        <source>&amp;Push {count} contacts</source>
        <translation>Đẩ&amp;y {count} khách hàng</translation>
    </message>
</context>
<context>
    <name>QueueDialog</name>
    <message>
        <source>Calling… your phone rings first.</source>
        <translation>Đang gọi… điện thoại của bạn sẽ đổ chuông trước.</translation>
    </message>
    <message>
        <source>Everyone is done ({total}).</source>
        <translation>Đã xong tất cả ({total}).</translation>
    </message>
    <message>
        <source>{position} of {total} — {left} left</source>
        <translation>{position} trên {total} — còn {left}</translation>
    </message>
    <message>
        <source>none</source>
        <translation>không có</translation>
    </message>
    <message>
        <source>AutoCall called on {when}: {state}, {seconds} s. Keys pressed: {keys}.</source>
        <translation>AutoCall đã gọi lúc {when}: {state}, {seconds} giây. Phím đã bấm: {keys}.</translation>
    </message>
    <message>
        <source>Call-back queue — {title}</source>
        <translation>Hàng đợi gọi lại — {title}</translation>
    </message>
    <message>
        <source>&amp;Call back</source>
        <translation>&amp;Gọi lại</translation>
    </message>
    <message>
        <source>Your phone rings, then the customer&apos;s (Enter)</source>
        <translation>Điện thoại của bạn đổ chuông, rồi đến khách hàng (Enter)</translation>
    </message>
    <message>
        <source>&amp;Skip</source>
        <translation>&amp;Bỏ qua</translation>
    </message>
    <message>
        <source>Do not call this one; it is recorded as skipped</source>
        <translation>Không gọi người này; được ghi nhận là đã bỏ qua</translation>
    </message>
    <message>
        <source>&amp;Next</source>
        <translation>&amp;Tiếp theo</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Đóng</translation>
    </message>
    <message>
        <source>People to call back</source>
        <translation>Người cần gọi lại</translation>
    </message>
</context>
<context>
    <name>RecentsModel</name>
    <message>
        <source>Time</source>
        <translation>Thời gian</translation>
    </message>
    <message>
        <source>Contact</source>
        <translation>Liên hệ</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>Số</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Kết thúc</translation>
    </message>
    <message>
        <source>Hotline</source>
        <translation>Hotline</translation>
    </message>
    <message>
        <source>A recording is available: open it from the details.</source>
        <translation>Có ghi âm: mở trong phần chi tiết.</translation>
    </message>
    <message>
        <source>Waiting for OMICall&apos;s answer. A request on its way cannot be taken back.</source>
        <translation>Đang chờ OMICall trả lời. Yêu cầu đã gửi đi thì không thể rút lại.</translation>
    </message>
    <message>
        <source>OMICall accepted the call: extension {extension} rang to connect you to {number}.</source>
        <translation>OMICall đã nhận cuộc gọi: máy lẻ {extension} đã đổ chuông để nối bạn tới {number}.</translation>
    </message>
    <message>
        <source>{number} called extension {extension} and nobody answered. Call back: press Enter or Call back.</source>
        <translation>{number} đã gọi tới máy lẻ {extension} nhưng không ai nghe máy. Gọi lại: bấm Enter hoặc nút Gọi lại.</translation>
    </message>
    <message>
        <source>{number} called extension {extension} and nobody answered; the number has been called back since.</source>
        <translation>{number} đã gọi tới máy lẻ {extension} nhưng không ai nghe máy; số này đã được gọi lại sau đó.</translation>
    </message>
    <message>
        <source>{number} called extension {extension}.</source>
        <translation>{number} đã gọi tới máy lẻ {extension}.</translation>
    </message>
    <message>
        <source>Extension {extension} called {number} from the phone itself (known from OMICall&apos;s call history).</source>
        <translation>Máy lẻ {extension} đã gọi {number} ngay trên điện thoại (theo lịch sử cuộc gọi OMICall).</translation>
    </message>
    <message>
        <source>How the call ended shows once OMICall&apos;s call history has it (after hang-up).</source>
        <translation>Kết quả cuộc gọi sẽ hiện khi lịch sử cuộc gọi OMICall có nó (sau khi cúp máy).</translation>
    </message>
    <message>
        <source>Incoming call (from OMICall&apos;s call history)</source>
        <translation>Cuộc gọi đến (theo lịch sử cuộc gọi OMICall)</translation>
    </message>
    <message>
        <source>Outgoing call dialled on the phone (from OMICall&apos;s call history)</source>
        <translation>Cuộc gọi đi bấm trên điện thoại (theo lịch sử cuộc gọi OMICall)</translation>
    </message>
    <message>
        <source>Outgoing call placed with OmiDesk</source>
        <translation>Cuộc gọi đi đặt bằng OmiDesk</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>Hôm nay</translation>
    </message>
    <message>
        <source>Yesterday</source>
        <translation>Hôm qua</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Kết quả</translation>
    </message>
    <message>
        <source>none</source>
        <translation>không có</translation>
    </message>
</context>
<context>
    <name>RecentsView</name>
    <message>
        <source>Filter by number or call_uuid</source>
        <translation>Lọc theo số hoặc call_uuid</translation>
    </message>
    <message>
        <source>Filter recent calls</source>
        <translation>Lọc cuộc gọi gần đây</translation>
    </message>
    <message>
        <source>Type digits of a number (any spelling) or a call_uuid. Esc clears.</source>
        <translation>Gõ các chữ số của số điện thoại (viết kiểu nào cũng được) hoặc call_uuid. Esc để xóa.</translation>
    </message>
    <message>
        <source>Clear history…</source>
        <translation>Xóa lịch sử…</translation>
    </message>
    <message>
        <source>All</source>
        <translation>Tất cả</translation>
    </message>
    <message>
        <source>Show all calls</source>
        <translation>Hiện mọi cuộc gọi</translation>
    </message>
    <message>
        <source>Only the missed calls not yet called back; Enter calls one back</source>
        <translation>Chỉ các cuộc gọi nhỡ chưa gọi lại; Enter để gọi lại</translation>
    </message>
    <message>
        <source>Ask OMICall how the calls ended now (F5)</source>
        <translation>Hỏi OMICall kết quả các cuộc gọi ngay (F5)</translation>
    </message>
    <message>
        <source>Refresh call outcomes</source>
        <translation>Cập nhật kết quả cuộc gọi</translation>
    </message>
    <message>
        <source>Call history sync</source>
        <translation>Đồng bộ lịch sử cuộc gọi</translation>
    </message>
    <message>
        <source>Clear call history</source>
        <translation>Xóa lịch sử cuộc gọi</translation>
    </message>
    <message>
        <source>Delete every recorded call (asks first)</source>
        <translation>Xóa mọi cuộc gọi đã ghi (hỏi trước)</translation>
    </message>
    <message>
        <source>Recent calls</source>
        <translation>Cuộc gọi gần đây</translation>
    </message>
    <message>
        <source>Enter calls the selected number again; the menu key shows more actions.</source>
        <translation>Enter để gọi lại số đang chọn; phím menu để xem thêm thao tác.</translation>
    </message>
    <message>
        <source>No calls</source>
        <translation>Không có cuộc gọi</translation>
    </message>
    <message>
        <source>Recent call</source>
        <translation>Cuộc gọi gần đây</translation>
    </message>
    <message>
        <source>Recent call actions</source>
        <translation>Thao tác với cuộc gọi</translation>
    </message>
    <message>
        <source>&amp;Call again</source>
        <translation>&amp;Gọi lại</translation>
    </message>
    <message>
        <source>Listen to the &amp;recording</source>
        <translation>Nghe &amp;ghi âm</translation>
    </message>
    <message>
        <source>Copy &amp;number</source>
        <translation>Sao chép &amp;số</translation>
    </message>
    <message>
        <source>Copy call_&amp;uuid</source>
        <translation>Sao chép call_&amp;uuid</translation>
    </message>
    <message>
        <source>&amp;Add to contacts…</source>
        <translation>&amp;Thêm vào danh bạ…</translation>
    </message>
    <message>
        <source>&amp;Delete from history</source>
        <translation>&amp;Xóa khỏi lịch sử</translation>
    </message>
    <message>
        <source>Missed ({count})</source>
        <translation>Gọi nhỡ ({count})</translation>
    </message>
    <message>
        <source>Missed</source>
        <translation>Gọi nhỡ</translation>
    </message>
    <message>
        <source>Show missed calls to return: {count}</source>
        <translation>Hiện các cuộc gọi nhỡ cần gọi lại: {count}</translation>
    </message>
    <message>
        <source>No missed calls to return.</source>
        <translation>Không có cuộc gọi nhỡ nào cần gọi lại.</translation>
    </message>
    <message>
        <source>No call matches “{text}”.</source>
        <translation>Không có cuộc gọi nào khớp với “{text}”.</translation>
    </message>
    <message>
        <source>No calls yet.</source>
        <translation>Chưa có cuộc gọi nào.</translation>
    </message>
    <message>
        <source>Clear history</source>
        <translation>Xóa lịch sử</translation>
    </message>
    <message>
        <source>Delete every call from the history?</source>
        <translation>Xóa mọi cuộc gọi khỏi lịch sử?</translation>
    </message>
    <message numerus="yes">
        <source>This deletes all recorded calls (%n), not only those shown. It cannot be undone.</source>
        <translation>
            <numerusform>Thao tác này xóa toàn bộ %n cuộc gọi đã ghi, không chỉ những cuộc đang hiển thị. Không thể hoàn tác.</numerusform>
        </translation>
    </message>
    <message>
        <source>Keep</source>
        <translation>Giữ lại</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
</context>
<context>
    <name>ReportPage</name>
    <message>
        <source>Rows skipped or flagged</source>
        <translation>Các dòng bị bỏ qua hoặc được đánh dấu</translation>
    </message>
    <message>
        <source>Report file</source>
        <translation>Tệp báo cáo</translation>
    </message>
    <message>
        <source>Import cancelled: nothing was imported.</source>
        <translation>Đã hủy nhập: chưa có liên hệ nào được nhập.</translation>
    </message>
    <message>
        <source>Import finished: 1 contact read from {file}.</source>
        <translation>Đã nhập xong: đọc 1 liên hệ từ {file}.</translation>
    </message>
    <message>
        <source>Import finished: 1 row read from {file}.</source>
        <translation>Đã nhập xong: đọc 1 dòng từ {file}.</translation>
    </message>
    <message>
        <source>Import finished: {total} contacts read from {file}.</source>
        <translation>Đã nhập xong: đọc {total} liên hệ từ {file}.</translation>
    </message>
    <message>
        <source>Import finished: {total} rows read from {file}.</source>
        <translation>Đã nhập xong: đọc {total} dòng từ {file}.</translation>
    </message>
    <message>
        <source>New contacts:</source>
        <translation>Liên hệ mới:</translation>
    </message>
    <message>
        <source>Merged:</source>
        <translation>Đã gộp:</translation>
    </message>
    <message>
        <source>duplicates (same name, same number) added to the contact already there</source>
        <translation>bị trùng (cùng tên, cùng số), đã gộp vào liên hệ có sẵn</translation>
    </message>
    <message>
        <source>Flagged:</source>
        <translation>Được đánh dấu:</translation>
    </message>
    <message>
        <source>imported with a number that is not valid, kept as written; correct it before calling</source>
        <translation>đã nhập nhưng số không hợp lệ, giữ nguyên như trong tệp; hãy sửa trước khi gọi</translation>
    </message>
    <message>
        <source>Skipped:</source>
        <translation>Bỏ qua:</translation>
    </message>
    <message>
        <source>not imported; the reasons are below</source>
        <translation>không được nhập; lý do ở bên dưới</translation>
    </message>
    <message>
        <source>Contacts to look at (numbered in the order of the file):</source>
        <translation>Các liên hệ cần xem lại (đánh số theo thứ tự trong tệp):</translation>
    </message>
    <message>
        <source>Rows to look at (row numbers as in a spreadsheet; the header is row 1):</source>
        <translation>Các dòng cần xem lại (số dòng như trong bảng tính; dòng tiêu đề là dòng 1):</translation>
    </message>
    <message>
        <source>Every row was imported.</source>
        <translation>Tất cả các dòng đều đã được nhập.</translation>
    </message>
    <message>
        <source>The contacts were already being saved when you cancelled.</source>
        <translation>Khi bạn bấm Hủy, các liên hệ đã đang được lưu nên việc nhập vẫn hoàn tất.</translation>
    </message>
</context>
<context>
    <name>SecretDialog</name>
    <message>
        <source>AutoCall secret key</source>
        <translation>Secret key AutoCall</translation>
    </message>
    <message>
        <source>Copy the secret key from your profile on aicallcenter.vn. OmiDesk keeps it in the system keyring. If it is changed on the website, every old token stops working: store the new one here.</source>
        <translation>Sao chép secret key trong trang hồ sơ trên aicallcenter.vn. OmiDesk lưu key trong keyring hệ thống. Nếu key được đổi trên website, mọi token cũ sẽ mất hiệu lực: hãy lưu key mới tại đây.</translation>
    </message>
    <message>
        <source>Secret key</source>
        <translation>Secret key</translation>
    </message>
    <message>
        <source>S&amp;how the key</source>
        <translation>&amp;Hiện key</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Lưu</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
    <message>
        <source>Paste the secret key first.</source>
        <translation>Hãy dán secret key trước.</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Welcome to OmiDesk</source>
        <translation>Chào mừng bạn đến với OmiDesk</translation>
    </message>
    <message>
        <source>OmiDesk settings</source>
        <translation>Cài đặt OmiDesk</translation>
    </message>
    <message>
        <source>OmiDesk needs your company&apos;s OMICall API key, your extension and the hotline to call out on. Or try the demo first: calls are simulated.</source>
        <translation>OmiDesk cần API key OMICall của công ty, số máy lẻ của bạn và hotline để gọi ra. Hoặc chạy thử trước: cuộc gọi chỉ được giả lập.</translation>
    </message>
    <message>
        <source>Welcome</source>
        <translation>Chào mừng</translation>
    </message>
    <message>
        <source>Demo: calls go to the built-in OMICall simulator, so the server and the API key cannot be changed here.</source>
        <translation>Chạy thử: cuộc gọi được gửi tới trình giả lập OMICall có sẵn, nên không đổi được máy chủ và API key ở đây.</translation>
    </message>
    <message>
        <source>Demo mode</source>
        <translation>Chế độ chạy thử</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Lưu</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>Tiếp</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>Tài khoản</translation>
    </message>
    <message>
        <source>Calling</source>
        <translation>Cuộc gọi</translation>
    </message>
    <message>
        <source>Links &amp; clipboard</source>
        <translation>Liên kết và clipboard</translation>
    </message>
    <message>
        <source>Appearance</source>
        <translation>Giao diện</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Quay lại</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>Sự cố</translation>
    </message>
    <message>
        <source>Step 1 of 3: the OMICall server</source>
        <translation>Bước 1/3: máy chủ OMICall</translation>
    </message>
    <message>
        <source>Step 2 of 3: your company&apos;s API key</source>
        <translation>Bước 2/3: API key của công ty</translation>
    </message>
    <message>
        <source>Step 3 of 3: your extension</source>
        <translation>Bước 3/3: số máy lẻ của bạn</translation>
    </message>
    <message>
        <source>Signed in. Last: the hotline to call out on</source>
        <translation>Đã đăng nhập. Cuối cùng: chọn hotline để gọi ra</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Đóng</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
    <message>
        <source>Try the demo</source>
        <translation>Chạy thử</translation>
    </message>
    <message>
        <source>Set by the environment variable {variable}; unset it to change this here.</source>
        <translation>Được đặt bởi biến môi trường {variable}; hãy bỏ biến đó để sửa ở đây.</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Ghi chú</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <source>Enter</source>
        <translation>Enter</translation>
    </message>
    <message>
        <source>Call the number typed, or the contact chosen below it</source>
        <translation>Gọi số đã gõ, hoặc liên hệ đang chọn bên dưới</translation>
    </message>
    <message>
        <source>Down / Up</source>
        <translation>Xuống / Lên</translation>
    </message>
    <message>
        <source>Choose among the matching contacts and recent calls</source>
        <translation>Chọn trong các liên hệ và cuộc gọi gần đây khớp</translation>
    </message>
    <message>
        <source>Esc</source>
        <translation>Esc</translation>
    </message>
    <message>
        <source>Close the list of matches; again: clear the field</source>
        <translation>Đóng danh sách gợi ý; nhấn lần nữa: xoá ô nhập</translation>
    </message>
    <message>
        <source>Enter / Esc</source>
        <translation>Enter / Esc</translation>
    </message>
    <message>
        <source>Call again, or not, when OmiDesk asks</source>
        <translation>Gọi lại hoặc không, khi OmiDesk hỏi</translation>
    </message>
    <message>
        <source>Ctrl+Enter</source>
        <translation>Ctrl+Enter</translation>
    </message>
    <message>
        <source>Call from the confirm window</source>
        <translation>Gọi từ cửa sổ xác nhận</translation>
    </message>
    <message>
        <source>Tab</source>
        <translation>Tab</translation>
    </message>
    <message>
        <source>Dial field → Call → list → tabs</source>
        <translation>Ô nhập số → Gọi → danh sách → các thẻ</translation>
    </message>
    <message>
        <source>Call the selected number from any program</source>
        <translation>Gọi số đang bôi đen từ bất kỳ chương trình nào</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Phím tắt</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>Phím</translation>
    </message>
    <message>
        <source>Does</source>
        <translation>Chức năng</translation>
    </message>
</context>
<context>
    <name>SourcePage</name>
    <message>
        <source>Contacts to push</source>
        <translation>Khách hàng cần đẩy</translation>
    </message>
    <message>
        <source>Column {number}</source>
        <translation>Cột {number}</translation>
    </message>
    <message>
        <source>{count} found</source>
        <translation>Tìm thấy {count}</translation>
    </message>
    <message>
        <source>Choose the campaign and the contacts. Nothing is sent before you have seen what will be pushed and confirmed it.</source>
        <translation>Chọn chiến dịch và khách hàng. Sẽ không gửi gì trước khi bạn xem những gì sẽ được đẩy và xác nhận.</translation>
    </message>
    <message>
        <source>Campai&amp;gn:</source>
        <translation>C&amp;hiến dịch:</translation>
    </message>
    <message>
        <source>Campaign</source>
        <translation>Chiến dịch</translation>
    </message>
    <message>
        <source>A &amp;file:</source>
        <translation>&amp;Tệp:</translation>
    </message>
    <message>
        <source>Contacts &amp;matching:</source>
        <translation>&amp;Liên hệ khớp với:</translation>
    </message>
    <message>
        <source>The contact &amp;selected:</source>
        <translation>Liên hệ đang &amp;chọn:</translation>
    </message>
    <message>
        <source>N&amp;umbers:</source>
        <translation>&amp;Số điện thoại:</translation>
    </message>
    <message>
        <source>CSV or vCard (.vcf)</source>
        <translation>CSV hoặc vCard (.vcf)</translation>
    </message>
    <message>
        <source>File to push</source>
        <translation>Tệp cần đẩy</translation>
    </message>
    <message>
        <source>C&amp;hoose…</source>
        <translation>Chọn tệ&amp;p…</translation>
    </message>
    <message>
        <source>&amp;OTP column:</source>
        <translation>Cột &amp;OTP:</translation>
    </message>
    <message>
        <source>Column of OTP codes</source>
        <translation>Cột chứa mã OTP</translation>
    </message>
    <message>
        <source>A name, a company or digits of a number</source>
        <translation>Tên, công ty hoặc các chữ số của số điện thoại</translation>
    </message>
    <message>
        <source>(none: select one in the Contacts tab first)</source>
        <translation>(chưa có: hãy chọn một liên hệ ở thẻ Danh bạ trước)</translation>
    </message>
    <message>
        <source>One number a line (or separated by commas)</source>
        <translation>Mỗi dòng một số (hoặc cách nhau bằng dấu phẩy)</translation>
    </message>
    <message>
        <source>Numbers to push</source>
        <translation>Các số cần đẩy</translation>
    </message>
    <message>
        <source>&amp;Voice OTP campaign: every contact needs an OTP code (000001 to 999999)</source>
        <translation>Chiến dịch &amp;voice OTP: mỗi khách hàng cần một mã OTP (000001 đến 999999)</translation>
    </message>
    <message>
        <source>Push &amp;again numbers already pushed to this campaign (their calls start again)</source>
        <translation>Đẩy lại các số đã đẩy vào chiến dịch &amp;này (cuộc gọi sẽ bắt đầu lại)</translation>
    </message>
</context>
<context>
    <name>StatusPanel</name>
    <message>
        <source>Ready</source>
        <translation>Sẵn sàng</translation>
    </message>
    <message>
        <source>Type a number or a name, or paste a number, and press Enter to call.</source>
        <translation>Gõ số hoặc tên, hoặc dán số, rồi nhấn Enter để gọi.</translation>
    </message>
    <message>
        <source>Calling {who}…</source>
        <translation>Đang gọi {who}…</translation>
    </message>
    <message>
        <source>Sending to OMICall… {elapsed} s of at most {limit} s.</source>
        <translation>Đang gửi tới OMICall… {elapsed} giây, tối đa {limit} giây.</translation>
    </message>
    <message>
        <source>Sending to OMICall… {elapsed} s.</source>
        <translation>Đang gửi tới OMICall… {elapsed} giây.</translation>
    </message>
    <message>
        <source>A request on its way cannot be taken back: wait for OMICall&apos;s answer.</source>
        <translation>Yêu cầu đã gửi đi thì không rút lại được: hãy chờ OMICall trả lời.</translation>
    </message>
    <message>
        <source>Call placed</source>
        <translation>Đã đặt cuộc gọi</translation>
    </message>
    <message>
        <source>OMICall refused the call</source>
        <translation>OMICall từ chối cuộc gọi</translation>
    </message>
    <message>
        <source>The call was not sent</source>
        <translation>Cuộc gọi chưa được gửi</translation>
    </message>
    <message>
        <source>Not a number OmiDesk can call</source>
        <translation>Không phải số OmiDesk gọi được</translation>
    </message>
    <message>
        <source>Outcome unknown — check your phone</source>
        <translation>Chưa rõ kết quả — hãy xem điện thoại</translation>
    </message>
    <message>
        <source>Call again?</source>
        <translation>Gọi lại?</translation>
    </message>
    <message>
        <source>Code: {code}</source>
        <translation>Mã: {code}</translation>
    </message>
    <message>
        <source>Already calling</source>
        <translation>Đang gọi rồi</translation>
    </message>
    <message>
        <source>{title} — {who}</source>
        <translation>{title} — {who}</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Sao chép</translation>
    </message>
    <message>
        <source>Copy the call_uuid to the clipboard</source>
        <translation>Sao chép call_uuid vào clipboard</translation>
    </message>
    <message>
        <source>Copy call_uuid</source>
        <translation>Sao chép call_uuid</translation>
    </message>
    <message>
        <source>Call &amp;again</source>
        <translation>&amp;Gọi lại</translation>
    </message>
    <message>
        <source>Call again (Enter)</source>
        <translation>Gọi lại (Enter)</translation>
    </message>
    <message>
        <source>Call again</source>
        <translation>Gọi lại</translation>
    </message>
    <message>
        <source>&amp;Cancel</source>
        <translation>&amp;Huỷ</translation>
    </message>
    <message>
        <source>Do not call (Esc)</source>
        <translation>Không gọi (Esc)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
    <message>
        <source>Open &amp;settings</source>
        <translation>Mở &amp;cài đặt</translation>
    </message>
    <message>
        <source>Open settings</source>
        <translation>Mở cài đặt</translation>
    </message>
    <message>
        <source>Call status</source>
        <translation>Trạng thái cuộc gọi</translation>
    </message>
</context>
<context>
    <name>SuggestionList</name>
    <message>
        <source>Matching contacts and recent calls</source>
        <translation>Danh bạ và cuộc gọi gần đây khớp với nội dung gõ</translation>
    </message>
    <message>
        <source>Recent call · not in your contacts</source>
        <translation>Cuộc gọi gần đây · không có trong danh bạ</translation>
    </message>
</context>
<context>
    <name>TopUpDialog</name>
    <message>
        <source>At least 10.000 ₫, whole đồng.</source>
        <translation>Ít nhất 10.000 ₫, số đồng chẵn.</translation>
    </message>
    <message>
        <source>1 character (at least {minimum})</source>
        <translation>1 ký tự (ít nhất {minimum})</translation>
    </message>
    <message>
        <source>{count} characters (at least {minimum})</source>
        <translation>{count} ký tự (ít nhất {minimum})</translation>
    </message>
    <message>
        <source>&amp;Continue…</source>
        <translation>&amp;Tiếp tục…</translation>
    </message>
    <message>
        <source>&amp;Top up now</source>
        <translation>&amp;Nạp tiền ngay</translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation>Đó&amp;ng</translation>
    </message>
    <message>
        <source>&amp;Back</source>
        <translation>&amp;Quay lại</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
    <message>
        <source>Top up a company</source>
        <translation>Nạp tiền cho doanh nghiệp</translation>
    </message>
    <message>
        <source>Company &amp;e-mail:</source>
        <translation>&amp;Email doanh nghiệp:</translation>
    </message>
    <message>
        <source>&amp;Amount (VND):</source>
        <translation>&amp;Số tiền (VNĐ):</translation>
    </message>
    <message>
        <source>&amp;Wallet:</source>
        <translation>&amp;Ví:</translation>
    </message>
    <message>
        <source>&amp;Description:</source>
        <translation>&amp;Nội dung:</translation>
    </message>
    <message>
        <source>Company e-mail</source>
        <translation>Email doanh nghiệp</translation>
    </message>
    <message>
        <source>the owner&apos;s e-mail, e.g. chu@congty.vn</source>
        <translation>email chủ doanh nghiệp, ví dụ chu@congty.vn</translation>
    </message>
    <message>
        <source>Amount in đồng</source>
        <translation>Số tiền theo đồng</translation>
    </message>
    <message>
        <source>e.g. 1.500.000</source>
        <translation>ví dụ 1.500.000</translation>
    </message>
    <message>
        <source>Call wallet (NORMAL)</source>
        <translation>Ví cước (NORMAL)</translation>
    </message>
    <message>
        <source>Service wallet (SPK)</source>
        <translation>Ví dịch vụ (SPK)</translation>
    </message>
    <message>
        <source>Description of the top-up</source>
        <translation>Nội dung nạp tiền</translation>
    </message>
    <message>
        <source>What it pays for, the contract or invoice: at least 50 characters.</source>
        <translation>Nạp cho việc gì, theo hợp đồng hoặc hóa đơn nào: ít nhất 50 ký tự.</translation>
    </message>
</context>
<context>
    <name>Tray</name>
    <message>
        <source>OmiDesk</source>
        <translation>OmiDesk</translation>
    </message>
    <message>
        <source>Call {number}</source>
        <translation>Gọi {number}</translation>
    </message>
    <message>
        <source>Favourites</source>
        <translation>Yêu thích</translation>
    </message>
    <message>
        <source>No favourites yet</source>
        <translation>Chưa có liên hệ yêu thích</translation>
    </message>
    <message>
        <source>Recent calls</source>
        <translation>Cuộc gọi gần đây</translation>
    </message>
    <message>
        <source>No calls yet</source>
        <translation>Chưa có cuộc gọi nào</translation>
    </message>
    <message>
        <source>Hide window</source>
        <translation>Ẩn cửa sổ</translation>
    </message>
    <message>
        <source>Show window</source>
        <translation>Hiện cửa sổ</translation>
    </message>
    <message>
        <source>Settings…</source>
        <translation>Cài đặt…</translation>
    </message>
    <message>
        <source>Quit OmiDesk</source>
        <translation>Thoát OmiDesk</translation>
    </message>
    <message>
        <source>OmiDesk — last call: {summary}</source>
        <translation>OmiDesk — cuộc gọi gần nhất: {summary}</translation>
    </message>
    <message>
        <source>Call placed</source>
        <translation>Đã đặt cuộc gọi</translation>
    </message>
    <message>
        <source>Call not placed</source>
        <translation>Không thực hiện được cuộc gọi</translation>
    </message>
    <message>
        <source>Outcome unknown — check your phone</source>
        <translation>Chưa rõ kết quả — hãy xem điện thoại</translation>
    </message>
    <message>
        <source>Click to see them in Recent calls; Enter calls one back.</source>
        <translation>Bấm để xem trong Cuộc gọi gần đây; Enter để gọi lại.</translation>
    </message>
    <message>
        <source>1 missed call</source>
        <translation>1 cuộc gọi nhỡ</translation>
    </message>
    <message>
        <source>{count} missed calls</source>
        <translation>{count} cuộc gọi nhỡ</translation>
    </message>
    <message>
        <source>Call {number}?</source>
        <translation>Gọi {number}?</translation>
    </message>
    <message>
        <source>You copied a phone number. Click here to call it.</source>
        <translation>Bạn vừa sao chép một số điện thoại. Bấm vào đây để gọi.</translation>
    </message>
</context>
</TS>
