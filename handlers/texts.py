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
    "/huy — dừng việc đang làm (dữ liệu đã lưu vẫn được giữ)\n"
    "/toi — xem thông tin đăng ký của bạn (đơn vị, vai trò)\n\n"
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

# --- invites and onboarding ---

_GET_A_CODE = (
    "Để đăng ký, bạn cần một mã mời (dạng CDS-XXXXX-XXXXX) do cán bộ quản trị Trợ lý CĐS "
    "cấp cho đơn vị: bấm vào đường dẫn mời hoặc gõ mã vào khung chat này."
)
INVITE_ACCEPTED: Final = (
    "Mã mời hợp lệ cho đơn vị {unit}.\n"
    "Để hoàn tất đăng ký, bạn vui lòng cho biết họ và tên đầy đủ (ví dụ: Nguyễn Văn An)."
)
ASK_POSITION: Final = (
    "Cảm ơn ông/bà {name}. Bạn vui lòng cho biết chức vụ hiện tại "
    "(ví dụ: Phó Chủ tịch UBND xã, Công chức Văn phòng - Thống kê)."
)
ONBOARDED: Final = (
    "Đã xác nhận: ông/bà {name}, {position}, {unit}.\n"
    "Từ nay bạn có thể gửi báo cáo tiến độ của đơn vị. "
    "Gõ /toi để xem lại thông tin đăng ký, /trogiup để xem các lệnh."
)
ONBOARDED_ADMIN: Final = "Tài khoản của bạn có quyền quản trị."
NAME_INVALID: Final = {
    "too_short": "Họ và tên cần có ít nhất {min} ký tự. Bạn vui lòng nhập lại họ và tên đầy đủ.",
    "too_long": "Họ và tên không được dài quá {max} ký tự. Bạn vui lòng nhập lại.",
    "digits": "Họ và tên không được chứa chữ số. Bạn vui lòng nhập lại, ví dụ: Nguyễn Văn An.",
    "characters": (
        "Họ và tên chỉ gồm chữ cái (có dấu hoặc không dấu) và khoảng trắng, "
        "không có dấu câu hay ký hiệu. Bạn vui lòng nhập lại."
    ),
}
POSITION_INVALID: Final = {
    "too_short": "Chức vụ cần có ít nhất {min} ký tự. Bạn vui lòng nhập lại chức vụ.",
    "too_long": "Chức vụ không được dài quá {max} ký tự. Bạn vui lòng nhập gọn lại.",
    "characters": "Chức vụ cần có chữ cái, ví dụ: Chủ tịch UBND xã. Bạn vui lòng nhập lại.",
}
INVITE_MALFORMED: Final = (
    "Đường dẫn hoặc mã mời không hợp lệ. Mã mời có dạng CDS-XXXXX-XXXXX; bạn vui lòng kiểm tra "
    "lại, hoặc liên hệ cán bộ quản trị Trợ lý CĐS để được cấp mã mới."
)
INVITE_WRONG: Final = (
    "Mã mời không đúng. Bạn vui lòng kiểm tra lại từng ký tự của mã, hoặc liên hệ cán bộ quản "
    "trị Trợ lý CĐS để được cấp mã mới."
)
INVITE_EXPIRED: Final = (
    "Mã mời này đã hết hạn sử dụng. Bạn vui lòng liên hệ cán bộ quản trị Trợ lý CĐS "
    "để được cấp mã mới."
)
INVITE_USED: Final = (
    "Mã mời này đã được sử dụng hết số lần cho phép. Bạn vui lòng liên hệ cán bộ quản trị "
    "Trợ lý CĐS để được cấp mã mới."
)
INVITE_REVOKED: Final = (
    "Mã mời này đã bị thu hồi. Bạn vui lòng liên hệ cán bộ quản trị Trợ lý CĐS để được cấp mã mới."
)
INVITE_LOCKED: Final = (
    "Bạn đã nhập sai mã mời {attempts} lần trong vòng một giờ. Để bảo đảm an toàn, việc nhập mã "
    "trong khung chat này tạm khóa đến {until} (giờ Việt Nam). Bạn vui lòng thử lại sau."
)
ALREADY_REGISTERED: Final = (
    "Tài khoản này đã được đăng ký, không cần nhập mã mời nữa. Nếu cần chuyển sang đơn vị "
    "khác, bạn vui lòng nhờ cán bộ quản trị gỡ đăng ký cũ trước."
)
WHOAMI: Final = (
    "Thông tin đăng ký của bạn:\n"
    "• Họ và tên: {name}\n"
    "• Chức vụ: {position}\n"
    "• Đơn vị: {unit}\n"
    "• Vai trò: {role}"
)
ROLE_NAMES: Final = {"member": "thành viên", "admin": "quản trị"}
UNIT_UNKNOWN: Final = "(chưa rõ)"
WHOAMI_UNREGISTERED: Final = (
    "Bạn chưa đăng ký với Trợ lý CĐS. Bạn vẫn có thể hỏi về Kế hoạch 87/KH-UBND.\n" + _GET_A_CODE
)
REPORT_NOT_REGISTERED: Final = (
    "Chỉ cán bộ đã đăng ký của đơn vị mới gửi được báo cáo.\n"
    + _GET_A_CODE
    + "\nTrong lúc chờ, bạn vẫn có thể hỏi về Kế hoạch 87/KH-UBND."
)
ADMIN_ONLY: Final = "Chức năng này chỉ dành cho cán bộ quản trị Trợ lý CĐS."
# --- knowledge (Q&A) ---
QA_SEE_ALSO: Final = "Xem thêm mục {section}: {title}"
QA_DID_YOU_MEAN: Final = "Mục {section}: {title}"
QA_SECTION_GONE: Final = "Mục này không còn trong cơ sở tri thức. Bạn vui lòng gõ lại câu hỏi."
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
