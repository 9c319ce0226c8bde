"""Every Vietnamese sentence the assistant says, in one place."""

from __future__ import annotations

from typing import Final

BOT_NAME: Final = "Trợ lý CĐS"

GREETING: Final = (
    "Xin chào! Tôi là Trợ lý CĐS, trợ lý chuyển đổi số của tỉnh Quảng Ngãi.\n\n"
    "Tôi có thể:\n"
    "• Trả lời câu hỏi về Kế hoạch 87/KH-UBND triển khai Đề án 1690 (có dẫn mục cụ thể);\n"
    "• Nhận báo cáo tiến độ định kỳ của đơn vị ngay trong khung chat;\n"
    "• Nhắc hạn các việc đơn vị còn phải làm.\n\n"
    "Bạn cứ gõ câu hỏi, có dấu hay không dấu đều được. Gõ /trogiup để xem các lệnh."
)

HELP: Final = (
    "Các lệnh của Trợ lý CĐS:\n"
    "/start — lời chào và giới thiệu\n"
    "/trogiup (hoặc /help) — danh sách lệnh này\n"
    "/huy — dừng việc đang làm (dữ liệu đã lưu vẫn được giữ)\n\n"
    "Hỏi về Kế hoạch 87/KH-UBND: gõ câu hỏi bình thường, ví dụ "
    "«Xã phải làm gì về chuyển đổi số?» hoặc «han thiet lap mang luoi cds»."
)

CHOICE_ASK: Final = "Hỏi về Kế hoạch 87"
CHOICE_HELP: Final = "Xem hướng dẫn"
ASK_PROMPT: Final = (
    "Mời bạn gõ câu hỏi về Kế hoạch 87/KH-UBND. Ví dụ:\n"
    "• Ai điều phối Mạng lưới chuyển đổi số tỉnh?\n"
    "• Khi nào phải thiết lập xong mạng lưới CĐS?\n"
    "• Kinh phí thực hiện kế hoạch lấy từ đâu?"
)

CANCELLED: Final = "Đã dừng. Những gì bạn đã nhập vẫn được lưu lại."
NOTHING_TO_CANCEL: Final = "Hiện không có việc nào đang làm dở."
UNKNOWN_COMMAND: Final = "Tôi chưa hiểu lệnh «{command}». Gõ /trogiup để xem các lệnh."
CHOICE_EXPIRED: Final = (
    "Lựa chọn này đã hết hiệu lực. Bạn vui lòng chọn lại từ tin nhắn mới nhất hoặc gõ /trogiup."
)
INTERNAL_ERROR: Final = (
    "Xin lỗi, hệ thống đang gặp sự cố nên chưa xử lý được tin nhắn này. "
    "Những gì bạn đã nhập vẫn được giữ; bạn vui lòng thử lại sau ít phút."
)
EMPTY_MESSAGE: Final = "Bạn vui lòng gõ nội dung câu hỏi hoặc một lệnh, ví dụ /trogiup."

# --- reminders ---
WEEKDAYS: Final = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật")
DUE_DATE: Final = "{weekday}, {day:02d}/{month:02d}/{year}"
DAYS_LEFT: Final = "còn {days} ngày"
DUE_TODAY: Final = "hôm nay là hạn cuối"
DAYS_LATE: Final = "đã quá hạn {days} ngày"
PLAN_SECTION: Final = "Theo mục {section} Kế hoạch 87/KH-UBND."
REMINDER: Final = "⏰ Nhắc việc: {title}\nHạn: {due} — {status}."
REMINDER_REPORT_MISSING: Final = "Đơn vị của bạn chưa gửi báo cáo kỳ {period}."
CHOICE_REPORT_NOW: Final = "Báo cáo ngay"
CHOICE_MUTE: Final = "Tắt nhắc việc này"
ESCALATION: Final = (
    "⚠️ Việc «{title}» (hạn {due}, kỳ {period}) {status}; "
    "còn {count} đơn vị chưa gửi báo cáo:\n{units}"
)
ESCALATION_UNIT: Final = "• {name}"
MUTED: Final = "Đã tắt nhắc cho việc «{title}». Bạn vẫn xem được hạn các việc bằng lệnh /nhacviec."
MUTE_INVALID: Final = "Việc này không còn hoặc không áp dụng cho đơn vị của bạn."
REPORT_HINT: Final = "Mời bạn gõ /baocao để gửi báo cáo của đơn vị."
NOT_LINKED: Final = (
    "Tài khoản của bạn chưa gắn với đơn vị nào, nên tôi chưa biết việc nào là của bạn. "
    "Bạn vui lòng dùng mã mời do Văn phòng CĐS tỉnh cấp để đăng ký."
)
DEADLINES_HEADER: Final = "Các việc sắp đến hạn của {unit}:"
DEADLINE_LINE: Final = "• {title}\n  Hạn: {due} ({status}) — mục {section}"
DEADLINE_REPORT_SENT: Final = "  Báo cáo kỳ {period}: đã gửi"
DEADLINE_REPORT_MISSING: Final = "  Báo cáo kỳ {period}: chưa gửi"
NO_DEADLINES: Final = "Đơn vị của bạn hiện không có việc nào sắp đến hạn."
BROADCAST_ADMIN_ONLY: Final = "Chỉ quản trị viên mới gửi được thông báo chung."
BROADCAST_ASK_AUDIENCE: Final = "Bạn muốn gửi thông báo tới ai?"
AUDIENCE_COMMUNES: Final = "Tất cả xã/phường"
AUDIENCE_DEPARTMENTS: Final = "Các sở ngành"
AUDIENCE_ALL: Final = "Tất cả"
BROADCAST_ASK_TEXT: Final = "Mời bạn gõ nội dung thông báo gửi tới: {audience}."
BROADCAST_PREVIEW: Final = (
    "Xem trước thông báo gửi tới {audience} ({count} người nhận):\n\n{message}"
)
CHOICE_SEND: Final = "Gửi"
CHOICE_CANCEL: Final = "Hủy"
BROADCAST_QUEUED: Final = "Đã xếp {count} tin vào hàng gửi; hệ thống sẽ gửi dần trong ít phút."
BROADCAST_CANCELLED: Final = "Đã hủy thông báo."
BROADCAST_PICK: Final = "Bạn vui lòng chọn một trong các lựa chọn bên dưới, hoặc gõ /huy."
BROADCAST_EMPTY: Final = "Nội dung thông báo đang trống. Mời bạn gõ lại."
BROADCAST_MESSAGE: Final = "📢 Thông báo:\n\n{text}"
