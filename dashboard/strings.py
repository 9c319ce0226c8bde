"""The console's Vietnamese words that templates and routes share (statuses, notices)."""

from __future__ import annotations

from typing import Final

from handlers import texts

TITLE: Final = "Bảng điều khiển CĐS"
STATUS: Final = {
    "missing": "Chưa báo cáo",
    "draft": "Đang nhập",
    "submitted": "Đã gửi",
    "late": "Gửi muộn",
}
REVIEW: Final = {
    "": "Chưa duyệt",
    "accepted": "Đã chấp nhận",
    "returned": "Đã trả lại",
    "resubmitted": "Đã gửi lại",
    "changed": "Đã gửi lại sau khi chấp nhận",
}
KIND: Final = {
    "commune": "Xã",
    "ward": "Phường",
    "special_zone": "Đặc khu",
    "department": "Sở, ban, ngành",
}
# A question the skip logic leaves out, on a unit's report: numbered as in the chat, never a gap.
SKIPPED_BY: Final = "Không áp dụng (theo câu trả lời câu {numbers})"
SKIPPED_UNTIL: Final = "Chưa hỏi: tùy câu trả lời câu {numbers}"
# A unit a deadline still names after it was merged away (`cdsbot units seed` retired it).
RETIRED_UNIT: Final = "{name} (không còn nhận tin)"
KIND_GROUPS: Final = {
    "communes": "Tất cả xã, phường, đặc khu",
    "commune": "Các xã",
    "ward": "Các phường",
    "special_zone": "Đặc khu",
    "departments": "Các sở, ban, ngành",
    "all": "Tất cả đơn vị",
}
CHANNEL: Final = {
    "telegram": "Telegram",
    "zalo": "Zalo",
    "web": "Trò chuyện web",
    "console": "Dòng lệnh",
}
# An official with no chat account left (deactivated here, or `cdsbot admin unbind`): the
# same words on the unit list and the unit page.
OFFICIAL_DEACTIVATED: Final = "đã ngừng kích hoạt"
OFFICIAL_DATA_HINT: Final = "dữ liệu cá nhân: cdsbot personal-data export|erase official:{id}"
# An active official's id for `cdsbot personal-data`, folded away in their row.
OFFICIAL_DATA_SUMMARY: Final = "Dữ liệu cá nhân"
OFFICIAL_DATA_ID: Final = (
    "Mã cán bộ: official:{id}. Khi cán bộ yêu cầu xem hoặc xoá dữ liệu cá nhân của mình: "
    "cdsbot personal-data export official:{id} (xem), "
    "cdsbot personal-data erase official:{id} (xoá)."
)
OUTBOX: Final = {
    "queued": "Chờ gửi",
    "sending": "Đang gửi",
    "sent": "Đã gửi",
    "failed": "Lỗi",
    "blocked": "Bị chặn",
    "skipped": "Bỏ qua",
    "unreachable": "Không liên lạc được",
    "waiting": "Chờ mở trò chuyện web",
    "waiting_console": "Chờ mở trò chuyện trên dòng lệnh",
    "expired": "Hết hạn, chưa xem",
}
ROLE: Final = {"viewer": "Chỉ xem", "editor": "Biên tập"}
INVITE_ROLE: Final = texts.ROLE_NAMES
EVERY: Final = {"": "Một lần", "month": "Hằng tháng", "quarter": "Hằng quý", "year": "Hằng năm"}
STEP_BEFORE: Final = "Trước hạn {days} ngày"
STEP_ON_DAY: Final = "Đúng ngày hạn"
STEP_AFTER: Final = "Sau hạn {days} ngày"
STEP_ESCALATE: Final = "Báo quản trị viên"
# What became of a reminder step whose time has passed, from its outbox rows.
STEP_OUTCOME: Final = {
    "sent": "đã gửi {count}",
    "waiting": "{count} chờ mở trò chuyện web",
    "waiting_console": "{count} chờ mở trò chuyện trên dòng lệnh",
    "queued": "{count} chờ gửi",
    "sending": "{count} đang gửi",
    "unreachable": "{count} không liên lạc được",
    "failed": "{count} lỗi",
    "blocked": "{count} bị chặn",
    "expired": "{count} hết hạn, chưa xem",
}
STEP_SKIPPED: Final = "bỏ qua {count}: {why}"
STEP_SKIPPED_PLAIN: Final = "bỏ qua {count}"
STEP_ADDED_LATE: Final = "bỏ qua: thêm hạn sau ngày nhắc"
STEP_NOT_PLANNED: Final = "chưa xếp tin nào"
NOTICES: Final = {
    "accepted": "Đã chấp nhận báo cáo; tin báo tới cán bộ của đơn vị đã được xếp vào hàng gửi.",
    "returned": "Đã trả lại báo cáo; tin nhắn tới cán bộ của đơn vị đã được xếp vào hàng gửi.",
    "reopened": "Đã mở lại kỳ báo cáo cho đơn vị.",
    "reminded": "Đã xếp {count} tin nhắc vào hàng gửi.",
    "reminded_again": (
        "Hôm nay các cán bộ này đã được nhắc; không xếp thêm tin nào (mỗi người một tin một ngày)."
    ),
    "broadcast": "Đã xếp thông báo vào hàng gửi.",
    "deadline_saved": "Đã lưu hạn.",
    "deadline_removed": "Đã gỡ hạn.",
    "plan_restored": "Đã dùng lại hạn theo Kế hoạch 87/KH-UBND.",
    "revoked": "Đã thu hồi mã mời.",
    "deactivated": "Đã ngừng kích hoạt cán bộ; các tài khoản chat của họ đã được gỡ khỏi đơn vị.",
    "faq_saved": "Đã lưu câu hỏi thường gặp; trợ lý trả lời bằng nội dung này ngay từ bây giờ.",
}
PROBLEMS: Final = {
    "not_found": "Không tìm thấy mục được yêu cầu.",
    "not_submitted": "Chỉ duyệt được báo cáo đã gửi.",
    "empty_comment": "Vui lòng ghi góp ý khi trả lại báo cáo.",
    "bad_date": "Ngày không hợp lệ; vui lòng nhập theo dạng ngày/tháng/năm, ví dụ 31/12/2026.",
    "past_date": "Ngày đã nhập đã qua; ngày mở lại phải ở sau hôm nay.",
    "bad_deadline": "Vui lòng nhập tên việc, ngày hạn và đối tượng hợp lệ.",
    "empty_text": "Nội dung thông báo đang trống.",
    "bad_faq": "Vui lòng nhập câu hỏi và câu trả lời.",
}
# Why «Tạo mã mời» is refused: each field named as its form labels it, with its range.
INVITE_NO_TARGET: Final = (
    "Chưa chọn đơn vị: trong ô «Cho đơn vị hoặc nhóm đơn vị», chọn một đơn vị hoặc một nhóm "
    "đơn vị."
)
INVITE_UNKNOWN_UNIT: Final = (
    "Không có đơn vị mã «{code}» nhận được mã mời mới; trong ô «Cho đơn vị hoặc nhóm đơn vị», "
    "chọn một đơn vị trong danh sách."
)
INVITE_EMPTY_GROUP: Final = (
    "Nhóm «{group}» chưa có đơn vị nào; trong ô «Cho đơn vị hoặc nhóm đơn vị», chọn nhóm khác "
    "hoặc một đơn vị."
)
INVITE_USES: Final = "Ô «Số lần dùng mỗi mã» phải là một số nguyên từ 1 đến {most} ({typed})."
INVITE_DAYS: Final = "Ô «Hiệu lực (ngày)» phải là một số nguyên từ 1 đến {most} ({typed})."
# A second post of one «Tạo mã mời» form (its result page reloaded, the button pressed twice):
# the codes were made by the first and are shown only then.
INVITE_REPEATED: Final = (
    "Không tạo thêm mã mời: biểu mẫu này đã được gửi một lần (trang mã mời được tải lại, hoặc "
    "nút «Tạo và in mã mời» được bấm hai lần). Mã chỉ hiện một lần, lúc tạo. Nếu chưa kịp in "
    "hoặc tải về, hãy thu hồi các mã vừa tạo trong danh sách «Mã mời đã tạo» rồi tạo lại."
)
INVITE_STALE_FORM: Final = (
    "Biểu mẫu tạo mã mời này đã cũ nên chưa tạo mã nào; vui lòng bấm lại «Tạo và in mã mời» "
    "trên trang này."
)
INVITE_TYPED: Final = "đã nhập «{value}»"
INVITE_TYPED_NOTHING: Final = "ô đang để trống"
# The FAQ form's cited sections that the plan does not have, each quoted «…».
BAD_SECTIONS: Final = "Kế hoạch 87/KH-UBND không có mục {sections}; ghi đúng số mục, ví dụ IV.1.d."
# Why «Nhắc các đơn vị chưa gửi» reaches nobody (web-chat officials are reached: their
# reminder waits in the chat); the broadcast form says it as the chat does (texts.BROADCAST_*).
REMIND_NONE_MISSING: Final = "Không có đơn vị nào cần nhắc: mọi đơn vị đã gửi báo cáo {period}."
REMIND_NOBODY_REGISTERED: Final = (
    "Không ai nhận được tin nhắc: chưa có cán bộ nào của {units} đơn vị chưa gửi đăng ký với "
    "Trợ lý CĐS."
)
REMIND_NO_ACCOUNT: Final = (
    "Không ai nhận được tin nhắc: {officials} cán bộ đã đăng ký của các đơn vị chưa gửi không "
    "còn tài khoản chat nào nhận được tin (đã chặn trợ lý hoặc đã bị gỡ khỏi đơn vị)."
)
REMIND_CHANNEL_OFF: Final = (
    "Không ai nhận được tin nhắc: {officials} cán bộ đã đăng ký của các đơn vị chưa gửi chỉ "
    "dùng {channels}, kênh đang tắt."
)
# After a refusal to queue: nothing was written.
NOTHING_QUEUED: Final = "Chưa có tin nào được xếp vào hàng gửi."
REFUSED: Final = {
    "csrf": (
        "Biểu mẫu đã hết hạn hoặc không hợp lệ (thiếu mã xác thực CSRF). "
        "Vui lòng tải lại trang rồi thử lại."
    ),
    "viewer": "Tài khoản của bạn chỉ có quyền xem; thao tác này cần quyền biên tập.",
    "forbidden": "Bạn không có quyền thực hiện thao tác này.",
    "not_found": "Không tìm thấy trang hoặc mục được yêu cầu.",
    "method": "Trang này không nhận thao tác kiểu này. Vui lòng quay lại và dùng nút trên trang.",
    "bad_input": (
        "Dữ liệu gửi lên không hợp lệ (sai kiểu hoặc quá dài). "
        "Vui lòng quay lại, kiểm tra rồi thử lại."
    ),
    "bad_request": "Yêu cầu không hợp lệ. Vui lòng quay lại rồi thử lại.",
    "server": "Có lỗi ngoài ý muốn nên chưa thực hiện được. Vui lòng thử lại sau ít phút.",
    "bad_period": "Kỳ báo cáo không hợp lệ (ví dụ đúng: 2026-Q4).",
    "no_survey": "Chưa có mẫu báo cáo nào.",
}
LOGIN_ERRORS: Final = {
    "wrong": "Sai tên đăng nhập hoặc mật khẩu.",
    "throttled": (
        "Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau 15 phút hoặc liên hệ quản trị hệ thống."
    ),
}

# A mistyped address outside the console, opened in a browser (an official's wrong link).
PUBLIC_NOT_FOUND: Final = (
    '<!doctype html><html lang="vi"><head><meta charset="utf-8">'
    '<meta name="viewport" content="width=device-width, initial-scale=1">'
    "<title>Không có trang này — Trợ lý CĐS</title></head>"
    '<body style="font-family: system-ui, sans-serif; margin: 2rem; line-height: 1.5">'
    '<h1 style="font-size: 1.3rem">Không có trang này</h1>'
    "<p>Địa chỉ bạn mở không có trong Trợ lý CĐS; có thể đường liên kết bị gõ sai.</p>"
    '<p><a href="/">Mở Trợ lý CĐS</a></p></body></html>'
)
