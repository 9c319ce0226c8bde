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

# --- zalo ---

TEXT_ONLY: Final = (
    "Xin lỗi, hiện tôi chỉ đọc được tin nhắn chữ, chưa xem được hình ảnh hay nhãn dán. "
    "Bạn vui lòng gõ câu hỏi bằng chữ (có dấu hay không dấu đều được) hoặc gõ /trogiup."
)
# For admins when the bot has used 80% of its monthly Zalo quota ({sent}/{limit}).
ZALO_QUOTA_WARNING: Final = (
    "Cảnh báo: trong tháng {month}, Trợ lý CĐS đã gửi {sent}/{limit} tin nhắn Zalo "
    "của gói hiện tại. Khi hết hạn mức, tin nhắc hạn qua Zalo sẽ tạm dừng đến đầu tháng sau "
    "(câu trả lời cho người dùng vẫn được gửi)."
)
