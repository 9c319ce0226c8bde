"""Every Vietnamese sentence the assistant says, in one place."""

from __future__ import annotations

from typing import Final

BOT_NAME: Final = "Trợ lý CĐS"

GREETING: Final = (
    "Xin chào! Mình là Trợ lý CĐS, trợ lý chuyển đổi số của tỉnh Quảng Ngãi.\n\n"
    "Mình có thể:\n"
    "• Trả lời câu hỏi về Kế hoạch 87/KH-UBND triển khai Đề án 1690 (có dẫn mục cụ thể);\n"
    "• Nhận báo cáo tiến độ định kỳ của đơn vị ngay trong khung chat;\n"
    "• Nhắc hạn các việc đơn vị còn phải làm.\n\n"
    "Bạn cứ gõ câu hỏi, có dấu hay không dấu đều được. Gõ /trogiup để xem các lệnh."
)

LOCAL_TIME: Final = "{hour:02d}:{minute:02d} ngày {day:02d}/{month:02d}/{year}"

HELP: Final = (
    "Các lệnh của Trợ lý CĐS:\n"
    "/start — lời chào và giới thiệu\n"
    "/trogiup (hoặc /help) — danh sách lệnh này\n"
    "/huy — dừng việc đang làm (dữ liệu đã lưu vẫn được giữ)\n"
    "/toi — xem mọi thông tin trợ lý lưu về bạn và sửa họ tên, chức vụ\n"
    "/xoathongtin — xoá thông tin cá nhân của bạn\n"
    "/baocao — nhập, tiếp tục hoặc sửa báo cáo tiến độ kỳ này của đơn vị\n"
    "/nhacviec — các hạn sắp tới của đơn vị và tình trạng\n\n"
    "Dành cho cán bộ quản trị:\n"
    "/tiendo — số đơn vị đã báo cáo và các đơn vị còn thiếu\n"
    "/thongbao — soạn và gửi thông báo đến các đơn vị\n\n"
    "Hỏi về Kế hoạch 87/KH-UBND: gõ câu hỏi bình thường, ví dụ "
    "«Xã phải làm gì về chuyển đổi số?» hoặc «han thiet lap mang luoi cds»."
)
HELP_INVITE: Final = (
    "Để báo cáo, bạn cần mã mời do {office} cấp: "
    "mở đường liên kết mời hoặc gõ mã (dạng CDS-XXXXX-XXXXX)."
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
CANCELLED_REGISTRATION: Final = (
    "Đã dừng đăng ký. Trợ lý CĐS không lưu họ tên hay chức vụ nào của bạn, và mã mời vẫn chưa "
    "bị dùng: khi sẵn sàng, bạn mở lại đường dẫn mời hoặc gõ lại mã trước khi mã hết hạn."
)
CANCELLED_PROFILE: Final = "Đã dừng. Họ tên và chức vụ của bạn được giữ nguyên như trước."
NOTHING_TO_CANCEL: Final = "Hiện không có việc nào đang làm dở."
UNKNOWN_COMMAND: Final = "Mình chưa hiểu lệnh «{command}». Gõ /trogiup để xem các lệnh."
CHOICE_EXPIRED: Final = (
    "Lựa chọn này đã hết hiệu lực. Bạn vui lòng chọn lại từ tin nhắn mới nhất hoặc gõ /trogiup."
)
INTERNAL_ERROR: Final = (
    "Xin lỗi, hệ thống đang gặp sự cố nên chưa xử lý được tin nhắn này. "
    "Những gì bạn đã nhập vẫn được giữ; bạn vui lòng thử lại sau ít phút."
)
EMPTY_MESSAGE: Final = "Bạn vui lòng gõ nội dung câu hỏi hoặc một lệnh, ví dụ /trogiup."
NUL_REFUSED: Final = (
    "Tin nhắn có một ký tự rỗng (NUL) mà hệ thống không lưu được, thường do sao chép từ tệp "
    "hoặc phần mềm khác. Bạn vui lòng gõ lại nội dung bằng tay rồi gửi lại."
)
GROUP_PRIVATE_ONLY: Final = (
    "Trong nhóm, mình chỉ trả lời câu hỏi về Kế hoạch 87/KH-UBND. Đăng ký, báo cáo, nhắc việc "
    "và thông báo chỉ làm được khi bạn nhắn riêng cho mình, để thông tin của mỗi người và mỗi "
    "đơn vị không lẫn với các thành viên khác trong nhóm."
)
GROUP_PRIVATE_LINK: Final = "Nhắn riêng cho mình tại: https://t.me/{username}"
GROUP_CODE_EXPOSED: Final = (
    "Lưu ý: mã mời vừa gửi vào nhóm nên các thành viên khác đều đọc được. Bạn nên nhờ "
    "{office} thu hồi mã này, cấp mã mới, rồi nhắn riêng mã mới cho mình."
)

# --- invites and onboarding ---

_GET_A_CODE = (
    "Để đăng ký, bạn cần một mã mời (dạng CDS-XXXXX-XXXXX) do {office} "
    "cấp cho đơn vị: bấm vào đường dẫn mời hoặc gõ mã vào khung chat này."
)
INVITE_ACCEPTED: Final = "Mã mời hợp lệ cho đơn vị {unit}."
ASK_NAME: Final = (
    "Cảm ơn bạn đã đồng ý. Để hoàn tất đăng ký, bạn vui lòng cho biết họ và tên đầy đủ "
    "(ví dụ: Nguyễn Văn An)."
)
# The bot says «bạn» to the official throughout (and «mình» of itself), registration too.
ASK_POSITION: Final = (
    "Cảm ơn bạn. Họ và tên đã ghi: {name}. Bạn vui lòng cho biết chức vụ hiện tại "
    "(ví dụ: Phó Chủ tịch UBND xã, Công chức Văn phòng - Thống kê)."
)
ONBOARDED: Final = "Đã xác nhận: {name}, {position}, {unit}."
ONBOARDED_REPORTS: Final = "Từ nay bạn có thể gửi báo cáo tiến độ của đơn vị (gõ /baocao)."
ONBOARDED_NO_REPORTS: Final = (
    "Đơn vị của bạn không phải gửi báo cáo tiến độ định kỳ qua Trợ lý CĐS; bạn vẫn hỏi được "
    "về Kế hoạch 87/KH-UBND và xem các hạn của đơn vị bằng lệnh /nhacviec."
)
ONBOARDED_ADMIN: Final = (
    "Tài khoản của bạn có quyền quản trị cho toàn tỉnh, không riêng đơn vị của bạn: /tiendo "
    "xem tiến độ báo cáo của mọi đơn vị, /thongbao gửi thông báo đến tất cả các đơn vị."
)
ONBOARDED_HELP: Final = "Gõ /toi để xem lại thông tin đăng ký, /trogiup để xem các lệnh."
NAME_WITHOUT_MARKS: Final = (
    "Họ tên «{name}» chưa có dấu. Bạn vui lòng gõ lại có dấu (ví dụ: Nguyễn Văn An) để hồ sơ "
    "ghi đúng tên; nếu tên bạn đúng là không dấu, hãy gõ lại y như vậy."
)
NAME_INVALID: Final = {
    "too_short": "Họ và tên cần có ít nhất {min} ký tự. Bạn vui lòng nhập lại họ và tên đầy đủ.",
    "too_long": "Họ và tên không được dài quá {max} ký tự. Bạn vui lòng nhập lại.",
    "one_word": "Vui lòng nhập đầy đủ họ và tên, ví dụ: Nguyễn Văn An.",
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
    "symbols": (
        "Chức vụ chỉ gồm chữ, số, khoảng trắng và các dấu , . - / ( ), ví dụ: Công chức Văn "
        "phòng - Thống kê. Bạn vui lòng nhập lại."
    ),
    "formula": (
        "Chức vụ không được bắt đầu bằng ký hiệu =, +, - hoặc @. Bạn vui lòng nhập chức vụ "
        "bằng chữ, ví dụ: Chủ tịch UBND xã."
    ),
}
INVITE_MALFORMED: Final = (
    "Đường dẫn hoặc mã mời không hợp lệ. Mã mời có dạng CDS-XXXXX-XXXXX; bạn vui lòng kiểm tra "
    "lại, hoặc liên hệ {office} để được cấp mã mới."
)
INVITE_WRONG: Final = (
    "Mã mời không đúng. Bạn vui lòng kiểm tra lại từng ký tự của mã, hoặc liên hệ {office} "
    "để được cấp mã mới."
)
INVITE_EXPIRED: Final = (
    "Mã mời này đã hết hạn sử dụng. Bạn vui lòng liên hệ {office} để được cấp mã mới."
)
INVITE_USED: Final = (
    "Mã mời này đã được sử dụng hết số lần cho phép. Bạn vui lòng liên hệ {office} "
    "để được cấp mã mới."
)
INVITE_REVOKED: Final = (
    "Mã mời này đã bị thu hồi. Bạn vui lòng liên hệ {office} để được cấp mã mới."
)
INVITE_LOCKED: Final = (
    "Bạn đã nhập sai mã mời {attempts} lần trong vòng một giờ. Để bảo đảm an toàn, việc nhập mã "
    "trong khung chat này tạm khóa đến {until} (giờ Việt Nam). Bạn vui lòng thử lại sau."
)
ALREADY_REGISTERED: Final = (
    "Tài khoản này đã được đăng ký, không cần nhập mã mời nữa. Nếu cần chuyển sang đơn vị "
    "khác, bạn vui lòng nhờ {office} gỡ đăng ký cũ trước."
)
WHOAMI: Final = (
    "Thông tin đăng ký của bạn:\n"
    "• Họ và tên: {name}\n"
    "• Chức vụ: {position}\n"
    "• Đơn vị: {unit}\n"
    "• Vai trò: {role}"
)
WHOAMI_EDIT_HINT: Final = (
    "Nếu họ tên hoặc chức vụ chưa đúng, bạn chọn «Sửa họ tên» hoặc «Sửa chức vụ» bên dưới."
)
CHOICE_EDIT_NAME: Final = "Sửa họ tên"
CHOICE_EDIT_POSITION: Final = "Sửa chức vụ"
PROFILE_ASK_NAME: Final = (
    "Họ và tên hiện tại: {current}. Mời bạn gõ họ và tên đầy đủ đúng "
    "(ví dụ: Nguyễn Văn An), hoặc gõ /huy để giữ nguyên."
)
PROFILE_ASK_POSITION: Final = (
    "Chức vụ hiện tại: {current}. Mời bạn gõ chức vụ đúng "
    "(ví dụ: Phó Chủ tịch UBND xã), hoặc gõ /huy để giữ nguyên."
)
PROFILE_UPDATED: Final = "Đã cập nhật thông tin đăng ký."
# What an invite makes its user (storage.models.Role), in the chat, the CLI and the console.
ROLE_NAMES: Final = {"member": "cán bộ", "admin": "quản trị"}
UNIT_UNKNOWN: Final = "(chưa rõ)"
WHOAMI_UNREGISTERED: Final = (
    "Bạn chưa đăng ký với Trợ lý CĐS. Bạn vẫn có thể hỏi về Kế hoạch 87/KH-UBND.\n" + _GET_A_CODE
)
REPORT_NOT_REGISTERED: Final = (
    "Chỉ cán bộ đã đăng ký của đơn vị mới gửi được báo cáo.\n"
    + _GET_A_CODE
    + "\nTrong lúc chờ, bạn vẫn có thể hỏi về Kế hoạch 87/KH-UBND."
)
ADMIN_NOT_REGISTERED: Final = (
    "Lệnh này dành cho cán bộ quản trị đã đăng ký với Trợ lý CĐS.\n"
    + _GET_A_CODE
    + "\nTrong lúc chờ, bạn vẫn có thể hỏi về Kế hoạch 87/KH-UBND."
)
ADMIN_ONLY: Final = "Chức năng này chỉ dành cho cán bộ quản trị Trợ lý CĐS."
# --- knowledge (Q&A) ---
# A cut answer given in the middle of a report, where its «Xem đầy đủ» button is not offered.
QA_CUT_MID_REPORT: Final = "(còn tiếp; gõ lại câu hỏi khi đã xong báo cáo để đọc hết)"
QA_SEE_ALSO: Final = "Xem thêm mục {section}: {title}"
QA_DID_YOU_MEAN: Final = "Mục {section}: {title}"
# Parts of a document that have no item number, as buttons name them.
QA_PARTS: Final = {
    "preamble": "Phần mở đầu (căn cứ)",
    "closing": "Phần kết (tổ chức thực hiện)",
    "recipients": "Nơi nhận",
}
QA_SEE_ALSO_PART: Final = "Xem thêm: {part}"
QA_DID_YOU_MEAN_PART: Final = "{part}"
# A legal document's part by its citation label: "Điều 5", "khoản 2 Điều 5".
QA_SEE_ALSO_ARTICLE: Final = "Xem thêm {label}: {title}"
QA_DID_YOU_MEAN_ARTICLE: Final = "{label}: {title}"
# A refusal's closest sections where its buttons are not shown (mid-report).
QA_LISTED: Final = "• {label}"
QA_SECTION_GONE: Final = "Mục này không còn trong cơ sở tri thức. Bạn vui lòng gõ lại câu hỏi."
QA_FAQ_GONE: Final = (
    "Câu trả lời này đã được Văn phòng sửa hoặc gỡ xuống. Bạn vui lòng gõ lại câu hỏi."
)
# --- zalo ---

TEXT_ONLY: Final = (
    "Xin lỗi, hiện mình chỉ đọc được tin nhắn chữ, chưa xem được hình ảnh hay nhãn dán. "
    "Bạn vui lòng gõ câu hỏi bằng chữ (có dấu hay không dấu đều được) hoặc gõ /trogiup."
)
# For admins when the bot has used 80% of its monthly Zalo quota ({sent}/{limit}).
ZALO_QUOTA_WARNING: Final = (
    "Cảnh báo: trong tháng {month}, Trợ lý CĐS đã gửi {sent}/{limit} tin nhắn Zalo "
    "của gói hiện tại. Khi hết hạn mức, tin nhắc hạn qua Zalo sẽ tạm dừng đến đầu tháng sau "
    "(câu trả lời cho người dùng vẫn được gửi)."
)
# --- surveys ---
SURVEY_NONE_FOR_UNIT: Final = "Hiện không có báo cáo nào dành cho đơn vị của bạn."
SURVEY_UNKNOWN: Final = (
    "Không có báo cáo «{survey}» dành cho đơn vị của bạn. Gõ /baocao để mở báo cáo của đơn vị."
)
SURVEY_INTRO: Final = (
    "{title} — {period} của {unit}.\n"
    "Hạn gửi: {due}. Báo cáo gồm {count} câu; mỗi câu trả lời được lưu ngay.\n"
    "Gõ /huy để tạm dừng, lần sau gõ /baocao (trên bất kỳ kênh nào) để làm tiếp."
)
SURVEY_RESUME: Final = "Tiếp tục nhập: {title} — {period} của {unit} (hạn gửi: {due})."
SURVEY_RESUME_SENT: Final = (
    "{title} — {period} của {unit}: đơn vị đã gửi lúc {at}; có thể sửa đến {due}."
)
SURVEY_LAST_CHANGE: Final = "Cập nhật lần cuối: {who}, lúc {at}."
# Who changed a report, once that official erased their data (#14, personal data): the one
# name for them in chat, in the console and in exports.
FORMER_OFFICIAL: Final = "một cán bộ đã rời"
# The office's review of a report, in one sentence, wherever chat shows it (#32): the state
# names are storage.review's ("" sent and not yet reviewed: «waiting»); {at} is the review's time.
SURVEY_REVIEW_STATUS: Final = {
    "waiting": "Báo cáo đang chờ {office} duyệt.",
    "accepted": "{office} đã chấp nhận báo cáo này lúc {at}.",
    "returned": "{office} đã trả lại báo cáo để chỉnh sửa lúc {at}.",
    "resubmitted": "Đơn vị đã sửa theo góp ý của {office} và gửi lại; báo cáo đang chờ duyệt lại.",
    "changed": (
        "{office} đã chấp nhận báo cáo lúc {at}; sau đó đơn vị sửa và gửi lại nên báo cáo "
        "được chuyển về {office} để duyệt lại (chờ duyệt lại)."
    ),
}
# {stop} is "." unless the comment already ends a sentence («… số liệu.» takes no second one).
SURVEY_RETURNED_NOTE: Final = (
    "Góp ý: «{comment}»{stop} Bạn sửa các câu cần thiết rồi chọn «Gửi báo cáo» ở bản tóm tắt."
)
SURVEY_ACCEPTED_NOTE: Final = (
    "Nếu bạn sửa và xác nhận gửi lại, báo cáo sẽ chuyển về {office} để duyệt lại."
)
SURVEY_ACCEPTED_PENDING: Final = (
    "Lưu ý: {office} đã chấp nhận báo cáo đã gửi; khi bạn xác nhận gửi lại, báo cáo sẽ chuyển "
    "về chờ duyệt lại."
)
# Late filing: the office reopened a past period until {until} ("23:59 ngày 10/12/2026").
SURVEY_REOPENED_INTRO: Final = (
    "{title} — {period} của {unit}.\n"
    "{office} đã mở lại kỳ {period} cho đơn vị đến {until}. "
    "Báo cáo gồm {count} câu; mỗi câu trả lời được lưu ngay.\n"
    "Gõ /huy để tạm dừng, lần sau gõ /baocao (trên bất kỳ kênh nào) để làm tiếp."
)
SURVEY_REOPENED_RESUME: Final = (
    "Tiếp tục nhập: {title} — {period} của {unit}.\n"
    "{office} đã mở lại kỳ {period} cho đơn vị đến {until}."
)
SURVEY_REOPENED_LATE: Final = "Báo cáo sẽ được ghi nhận là gửi muộn (hạn gửi ban đầu: {due})."
SURVEY_LATE_NOTICE: Final = (
    "Lưu ý: đã quá hạn gửi ({due}). Bạn vẫn có thể gửi, báo cáo sẽ được ghi nhận là gửi muộn."
)
SURVEY_QUESTION: Final = "Câu {number}/{total}{section}\n{text}"
SURVEY_SECTION: Final = " (mục {section})"
SURVEY_SECTION_CLOSING: Final = " (phần kết của Kế hoạch)"
SURVEY_CURRENT_VALUE: Final = "Câu trả lời hiện tại: {value}"
SURVEY_HINT: Final = {
    "integer": "Gõ một số nguyên, ví dụ 12.",
    "decimal": "Gõ một số, ví dụ 1,5.",
    "percent": "Gõ một tỷ lệ phần trăm, ví dụ 75 hoặc 62,5%.",
    "date": "Gõ ngày theo dạng ngày/tháng/năm, ví dụ 15/12/2026.",
    "text": "Gõ nội dung trả lời.",
    "multiple_choice": "Chọn một hoặc nhiều mục rồi bấm «Xong» (hoặc gõ các số, ví dụ 1, 3).",
}
# A count typed with its unit reads the same on every channel; a bare number that could also
# be an option's position is asked about (SURVEY_COUNT_OR_POSITION).
SURVEY_HINT_COUNT: Final = (
    "Chọn một phương án, hoặc gõ số {unit} kèm chữ «{unit}», ví dụ: 3 {unit}."
)
SURVEY_COUNT_OR_POSITION: Final = (
    "Bạn gõ «{typed}»: ý bạn là {typed} {unit} («{option}») hay phương án thứ {typed} "
    "(«{position}»)? Bạn chọn một trong hai nút dưới đây, hoặc gõ số kèm chữ «{unit}», "
    "ví dụ: {typed} {unit}."
)
SURVEY_INVALID: Final = {
    "integer": "Câu trả lời phải là một số nguyên, ví dụ 12.",
    "number": "Câu trả lời phải là một số, ví dụ 1,5.",
    "percent": "Tỷ lệ cần gõ bằng chữ số, ví dụ 80 hoặc 62,5%.",
    "percent_range": "Tỷ lệ phải là một số từ 0 đến 100.",
    "date": "Ngày chưa đúng; bạn gõ theo dạng ngày/tháng/năm, ví dụ 15/12/2026.",
    "empty": "Câu này bắt buộc; bạn vui lòng trả lời.",
    "blank": "Bạn chưa gõ gì. Bạn vui lòng gõ câu trả lời, hoặc chọn «Bỏ qua» nếu không có.",
    "choice": "Bạn vui lòng chọn một trong các phương án bên dưới.",
    "pick": "Bạn vui lòng chọn ít nhất một mục rồi bấm «Xong».",
}
# Words typed at a choice question read as an option («chưa làm được gì»: «Không», «rồi»: «Có»);
# when no option clearly fits a negative answer, a request to pick one.
SURVEY_READ_AS: Final = "Mình hiểu «{typed}» là «{option}» và đã ghi cho câu {number}."
# «chưa có gì» at a count that allows 0 ({value}: «0 người»).
# A later question an answer makes not apply (skip logic), said instead of a silent jump.
SURVEY_NOT_APPLICABLE: Final = (
    "Câu {numbers} không áp dụng vì câu trả lời câu {number} là «{value}»."
)
SURVEY_NOT_APPLICABLE_SKIPPED: Final = "Câu {numbers} không áp dụng vì câu {number} được bỏ qua."
SURVEY_NONE_READ_AS_ZERO: Final = "Mình hiểu «{typed}» là {value} và đã ghi cho câu {number}."
SURVEY_NEGATIVE_UNMATCHED: Final = (
    "Mình chưa rõ «{typed}» ứng với phương án nào; bạn vui lòng chọn một trong các phương án "
    "bên dưới."
)
SURVEY_UNIT_MISMATCH: Final = (
    "Câu này hỏi {asked}, không phải {typed}. Bạn vui lòng gõ lại, ví dụ: {example}."
)
SURVEY_UNIT_COUNT: Final = "một con số"
SURVEY_REJECTED: Final = "Chưa nhận được câu trả lời: {reason}"
SURVEY_GREETING: Final = (
    "Xin chào bạn. Bạn đang làm dở báo cáo dưới đây; mời bạn làm tiếp từ bước đang dừng."
)
# A bare number typed at a free-text question on a chat whose buttons carry no numbers (the
# web chat, Telegram): the answer, or the button it would be on a numbered list?
SURVEY_NUMBER_OR_BUTTON: Final = (
    "Bạn gõ «{typed}»: ý bạn là ghi «{typed}» làm câu trả lời cho câu {number}, hay chọn "
    "«{button}»? Bạn chọn một trong hai nút dưới đây, hoặc gõ câu trả lời khác."
)
SURVEY_TEXT_LOOKS_LIKE_A_COMMAND: Final = (
    "Bạn muốn ghi «{text}» làm câu trả lời cho câu {number}, hay bỏ qua câu này?"
)
SURVEY_TEXT_LOOKS_LIKE_A_COMMAND_REQUIRED: Final = (
    "Bạn muốn ghi «{text}» làm câu trả lời cho câu {number}? Nếu không, bạn gõ câu trả lời khác."
)
SURVEY_TEXT_LOOKS_LIKE_AN_EDIT: Final = (
    "Bạn muốn sửa câu {target}, hay ghi «{text}» làm câu trả lời cho câu {number}?"
)
# «Sửa câu 12» typed at a free-text question of a report that has no question 12.
SURVEY_TEXT_NAMES_NO_QUESTION: Final = (
    "Báo cáo không có câu {target} (hoặc câu này không áp dụng). Bạn muốn ghi «{text}» làm "
    "câu trả lời cho câu {number}? Nếu không, bạn gõ câu trả lời khác."
)
# The button that opens question N from that question («Sửa câu 3»).
SURVEY_EDIT_NUMBER: Final = "Sửa câu {number}"
SURVEY_KEEP_TEXT: Final = "Ghi như vậy"
SURVEY_BACK_TO_QUESTION: Final = "Mời bạn trả lời tiếp câu hỏi của báo cáo:"
SURVEY_STALE_CHOICE: Final = "Lựa chọn này không thuộc câu hỏi hiện tại nên chưa được lưu."
SURVEY_CONFLICT: Final = (
    "Báo cáo vừa được một cán bộ khác của đơn vị cập nhật nên câu trả lời của bạn chưa được lưu. "
    "Mời bạn xem lại và trả lời tiếp."
)
SURVEY_CHANGED_MEANWHILE: Final = (
    "Trong lúc bạn đang nhập, {who} (cán bộ cùng đơn vị) vừa sửa câu {number} thành «{current}», "
    "nên câu trả lời «{yours}» của bạn chưa được lưu, để không ghi đè lên câu trả lời đó. "
    "Nếu vẫn muốn dùng câu trả lời của mình, bạn gửi lại «{yours}»; nếu đồng ý với câu trả lời "
    "hiện tại, bạn gõ /baocao để làm tiếp."
)
SURVEY_CHANGED_BEFORE_SUBMIT: Final = (
    "Báo cáo chưa được gửi: sau khi bạn xem bản tóm tắt, {who} vừa sửa câu {numbers}. "
    "Mời bạn xem lại các câu trả lời hiện tại dưới đây rồi bấm «{button}» nếu đồng ý."
)
SURVEY_YOU_ELSEWHERE: Final = "bạn (từ một cuộc trò chuyện khác)"
SURVEY_BACK: Final = "Quay lại"
SURVEY_SKIP: Final = "Bỏ qua"
SURVEY_DONE: Final = "Xong"
SURVEY_PICKED: Final = "✓ {label}"
SURVEY_SKIPPED: Final = "(bỏ qua)"
SURVEY_UNANSWERED: Final = "(chưa trả lời)"
SURVEY_SUMMARY_HEAD: Final = "Tóm tắt — {title}, {period}, {unit}:"
SURVEY_SUMMARY_LINE: Final = "{number}. {header}: {value}"
SURVEY_SUMMARY_DRAFT: Final = (
    "Bạn kiểm tra lại, rồi chọn «Gửi báo cáo» hoặc «Sửa câu trả lời» "
    "(gõ «Sửa câu 3» để sửa ngay câu 3)."
)
SURVEY_SUMMARY_PENDING: Final = (
    "Đơn vị đã gửi báo cáo lúc {at}. Bạn đã sửa {count} câu (đánh dấu «{mark}»); các thay đổi "
    "chỉ được ghi nhận khi bạn chọn «Xác nhận gửi lại» trước {due}. "
    "Gõ /huy để tạm dừng (các thay đổi vẫn được lưu), hoặc chọn «Bỏ các thay đổi» để giữ "
    "nguyên báo cáo đã gửi."
)
SURVEY_EDITED: Final = "Đã lưu câu trả lời mới:\n{line}"
# An edit of a sent report: it counts once «Xác nhận gửi lại» is chosen (or it is back to the
# answer sent, and nothing of it waits).
SURVEY_EDITED_UNSENT: Final = "Đã sửa câu {number} (chưa gửi lại):\n{line}"
SURVEY_EDITED_AS_SENT: Final = "Câu {number} đã trở lại như bản đơn vị đã gửi:\n{line}"
SURVEY_BACK_TO_SUMMARY: Final = "Mời bạn tiếp tục với báo cáo:"
# What the summary takes, its {buttons} named as the step offers them: «Gửi báo cáo», «Sửa câu
# trả lời» rồi số câu for a draft; «Xác nhận gửi lại», …, «Bỏ các thay đổi» while edits wait.
SURVEY_SUMMARY_HINT: Final = (
    "Ở bước này mình chỉ nhận: {buttons}, hoặc gõ «Sửa câu 3». "
    "Gõ /baocao để xem lại toàn bộ bản tóm tắt."
)
SURVEY_HINT_BUTTON: Final = "«{label}»"
SURVEY_HINT_PICK: Final = "«{label}» rồi số câu"
SURVEY_CHANGED_MARK: Final = "đã sửa, chưa gửi lại"
SURVEY_CHANGED_LINE: Final = "{line} ({mark}; đã gửi: {old})"
SURVEY_CANCELLED: Final = (
    "Đã tạm dừng báo cáo; các câu trả lời đã được lưu. Gõ /baocao (trên bất kỳ kênh nào) "
    "để làm tiếp."
)
# `/huy` at a sent report with nothing waiting to be sent again: nothing was left unfinished.
SURVEY_LEFT_SENT: Final = (
    "Đã đóng báo cáo. Bản đơn vị đã gửi lúc {at} được giữ nguyên; không có thay đổi nào chờ "
    "gửi lại. Gõ /baocao (trên bất kỳ kênh nào) để xem lại hoặc sửa."
)
# `/huy` while a sent report has unconfirmed edits: they stay (#26); {numbers} is "5, 6".
SURVEY_PAUSED_PENDING: Final = (
    "Đã tạm dừng báo cáo. {count} câu đã sửa (câu {numbers}) vẫn được lưu, đánh dấu «{mark}»; "
    "báo cáo được ghi nhận vẫn là bản đơn vị đã gửi lúc {at} cho đến khi xác nhận gửi lại "
    "(trước {due}). Gõ /baocao (trên bất kỳ kênh nào) để sửa tiếp, xác nhận gửi lại hoặc bỏ "
    "các thay đổi."
)
SURVEY_DISCARD: Final = "Bỏ các thay đổi"
SURVEY_DISCARD_CONFIRM: Final = (
    "Bỏ {count} thay đổi chưa gửi lại (câu {numbers}) và đưa báo cáo về bản đơn vị đã gửi lúc "
    "{at}? Các câu trả lời đã sửa sẽ không được giữ lại."
)
SURVEY_DISCARD_YES: Final = "Bỏ các thay đổi"
SURVEY_DISCARD_NO: Final = "Giữ các thay đổi"
SURVEY_DISCARD_MOVED: Final = (
    "Báo cáo vừa được cập nhật trong lúc đó nên chưa có gì bị bỏ; mời bạn xác nhận lại."
)
SURVEY_DISCARD_KEPT: Final = "Các thay đổi vẫn được giữ, chưa gửi lại."
SURVEY_NOTHING_TO_DISCARD: Final = (
    "Báo cáo không còn thay đổi nào chưa gửi lại để bỏ; báo cáo đã gửi được giữ nguyên."
)
SURVEY_REVISION_DISCARDED: Final = (
    "Đã bỏ {count} thay đổi chưa xác nhận; báo cáo đơn vị đã gửi lúc {at} được giữ nguyên. "
    "Gõ /baocao để xem lại hoặc sửa tiếp."
)
SURVEY_SUMMARY_SUBMITTED: Final = (
    "Đơn vị đã gửi báo cáo lúc {at}. Bạn có thể sửa đến {due}: chọn «Sửa câu trả lời» "
    "(hoặc gõ «Sửa câu 3»), sau đó xác nhận gửi lại."
)
SURVEY_NOTHING_TO_RESEND: Final = (
    "Báo cáo không có thay đổi nào mới so với bản đơn vị đã gửi, nên không cần gửi lại; "
    "báo cáo đã gửi được giữ nguyên."
)
# An older «Xác nhận gửi lại» pressed after a colleague sent the answers it showed (#31).
SURVEY_RESENT_BY: Final = "{who} đã gửi lại báo cáo lúc {at}{changes}, nên không cần gửi lại nữa."
# The same, when the answers it showed were the report's first submission (walk 5, #9).
SURVEY_SENT_BY: Final = "{who} đã gửi báo cáo lúc {at}, nên không cần gửi nữa."
# An older «Xác nhận gửi lại» pressed after a colleague threw the edits it showed away.
SURVEY_DISCARDED_BY: Final = (
    "{who} đã bỏ {count} thay đổi chưa gửi lại (câu {numbers}) lúc {at}, nên không còn gì để "
    "gửi lại; báo cáo đơn vị đã gửi lúc {sent} được giữ nguyên."
)
SURVEY_RESENT_CHANGES: Final = ", gồm cả các thay đổi bạn thấy trong bản tóm tắt (câu {numbers})"
SURVEY_SUBMIT: Final = "Gửi báo cáo"
SURVEY_RESUBMIT: Final = "Xác nhận gửi lại"
SURVEY_EDIT_PICK: Final = "Sửa câu trả lời"
# Heads a question opened to be changed («Sửa câu 7»), unless the report's intro just named it.
SURVEY_EDIT_HEAD: Final = "Báo cáo {period} của {unit} — sửa câu {number}:"
SURVEY_WHICH_QUESTION: Final = (
    "Bạn muốn sửa câu nào? Gõ số câu theo bản tóm tắt ở trên (ví dụ: 3). "
    "Gõ /baocao để xem lại bản tóm tắt."
)
SURVEY_NOTHING_TO_EDIT: Final = (
    "{unit} chưa có báo cáo {period} nên chưa có câu trả lời nào để sửa. "
    "Gõ /baocao để bắt đầu báo cáo."
)
SURVEY_NO_SUCH_QUESTION: Final = "Báo cáo không có câu {number} (hoặc câu này không áp dụng)."
SURVEY_MISSING_REQUIRED: Final = "Còn câu bắt buộc chưa trả lời, mời bạn trả lời tiếp."
SURVEY_RECEIPT: Final = "Đã nhận báo cáo {period} của {unit} lúc {at}."
SURVEY_RECEIPT_LATE: Final = "Báo cáo được ghi nhận là gửi muộn (hạn gửi: {due})."
SURVEY_RECEIPT_EDIT: Final = (
    "Đến hạn {due}, muốn sửa bạn gõ /baocao rồi chọn câu cần sửa. Cảm ơn bạn!"
)
SURVEY_CLOSED: Final = (
    "Báo cáo {period} của {unit} đã gửi và đã hết hạn sửa ({due}), nên chỉ xem được. "
    "Nếu cần điều chỉnh, bạn vui lòng liên hệ {office}."
)
SURVEY_PERIOD_QUARTER: Final = "quý {roman}/{year}"
SURVEY_PERIOD_MONTH: Final = "tháng {month}/{year}"
SURVEY_PERIOD_YEAR: Final = "năm {year}"
SURVEY_PERIOD_ONCE: Final = "đợt báo cáo"
# A period typed by the provincial office (dashboard, `cdsbot export`) that does not exist.
PERIOD_INVALID: Final = (
    "Kỳ báo cáo không hợp lệ. «{title}» lập theo {kind}: ghi kỳ dạng {example}, "
    "năm từ {first} đến {last}."
)
PERIOD_INVALID_ONCE: Final = "Kỳ báo cáo không hợp lệ. «{title}» chỉ có một đợt: ghi kỳ là «once»."
PERIOD_KINDS: Final = {
    "quarter": ("quý", "2026-Q4"),
    "month": ("tháng", "2026-11"),
    "year": ("năm", "2026"),
}
PROGRESS_HEAD: Final = "{title} — {period}: đã báo cáo {done}/{total} đơn vị."
PROGRESS_MISSING: Final = "Các đơn vị chưa gửi:"
PROGRESS_MORE: Final = "và {count} đơn vị khác"
PROGRESS_ALL_DONE: Final = "Tất cả đơn vị đã gửi báo cáo."
PROGRESS_UNREACHABLE: Final = "Không liên lạc được để nhắc việc (cán bộ chỉ dùng kênh đang tắt):"
# Units whose web-chat officials have a reminder they have not opened yet.
# Why a reminder was skipped (the outbox row's reason), for `cdsbot outbox status` and «Tổng
# quan»: «Bỏ qua (thêm hạn sau ngày nhắc)».
SKIP_REASONS: Final = {
    "deadline added after this step": "thêm hạn sau ngày nhắc",
    "superseded": "đã có tin nhắc mới hơn",
    "stale": "quá lâu sau giờ nhắc, không gửi nữa",
    "submitted": "đơn vị đã gửi báo cáo",
    "report sent again": "đơn vị đã gửi lại báo cáo",
    "muted": "cán bộ tắt nhắc việc này",
    "erased": "cán bộ đã xoá thông tin",
}
PROGRESS_WAITING: Final = "Tin nhắc chưa được xem, chờ cán bộ mở trò chuyện web:"
EXPORT_STATUS: Final = {
    "missing": "chưa báo cáo",
    "draft": "đang nhập",
    "submitted": "đã gửi",
    "late": "gửi muộn",
}
EXPORT_HEADERS: Final = {
    "code": "Mã đơn vị",
    "unit": "Tên đơn vị",
    "kind": "Loại đơn vị",
    "status": "Trạng thái",
    "updated_by": "Người cập nhật cuối",
    "updated_at": "Cập nhật lúc",
    "submitted_at": "Gửi lúc",
}
EXPORT_SHEET_DATA: Final = "Báo cáo"
EXPORT_SHEET_SUMMARY: Final = "Tổng hợp"
EXPORT_SUMMARY: Final = {
    "survey": "Báo cáo",
    "period": "Kỳ báo cáo",
    "due": "Hạn gửi",
    "units": "Số đơn vị phải báo cáo",
    "reported": "Số đơn vị đã báo cáo",
    "share": "Tỷ lệ đã báo cáo",
    "late": "Trong đó gửi muộn",
    "question": "Câu hỏi",
    "total": "Tổng",
    "mean": "Trung bình",
    "answers": "Số đơn vị trả lời",
    "option": "Phương án",
    "count": "Số đơn vị chọn",
    "numbers": "Số liệu (các báo cáo đã gửi)",
    "choices": "Lựa chọn (các báo cáo đã gửi)",
}
EXPORT_UNIT_KIND: Final = {
    "commune": "Xã",
    "ward": "Phường",
    "special_zone": "Đặc khu",
    "department": "Sở, ban, ngành",
}
# --- reminders ---
WEEKDAYS: Final = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật")
DUE_DATE: Final = "{weekday}, {day:02d}/{month:02d}/{year}"
DAYS_LEFT: Final = "còn {days} ngày"
DUE_TODAY: Final = "hôm nay là hạn cuối"
DAYS_LATE: Final = "đã quá hạn {days} ngày"
PLAN_SECTION: Final = "Theo mục {section} Kế hoạch 87/KH-UBND."
REMINDER: Final = "⏰ Nhắc việc: {title}\nHạn: {due} — {status}."
REMINDER_REPORT_MISSING: Final = "Đơn vị của bạn chưa gửi báo cáo {period}."
CHOICE_REPORT_NOW: Final = "Báo cáo ngay"
CHOICE_VIEW_REPORT: Final = "Xem báo cáo"
CHOICE_MUTE: Final = "Tắt nhắc việc này"
ESCALATION: Final = (
    "⚠️ Việc «{title}» (hạn {due}, kỳ {period}) {status}; "
    "còn {count} đơn vị chưa gửi báo cáo:\n{units}"
)
ESCALATION_UNIT: Final = "• {name}"
MUTED: Final = "Đã tắt nhắc cho việc «{title}». Bạn vẫn xem được hạn các việc bằng lệnh /nhacviec."
MUTE_INVALID: Final = "Việc này không còn hoặc không áp dụng cho đơn vị của bạn."
NOT_LINKED: Final = (
    "Tài khoản của bạn chưa gắn với đơn vị nào, nên mình chưa biết việc nào là của bạn. "
    "Bạn vui lòng dùng mã mời do {office} cấp để đăng ký."
)
DEADLINES_HEADER: Final = "Các việc sắp đến hạn của {unit}:"
DEADLINE_REPORT_SENT: Final = "  Báo cáo {period}: đã gửi"
DEADLINE_REPORT_MISSING: Final = "  Báo cáo {period}: chưa gửi"
# A sent report with edits not yet sent again (kept by /huy): void if not re-sent by the due time
# (/nhacviec, and «hạn nộp báo cáo» asked: `handlers.live.pending_note`).
DEADLINE_REPORT_PENDING: Final = (
    "; có {count} câu đã sửa chưa gửi lại (gõ /baocao để xác nhận gửi lại trước hạn, "
    "nếu không các thay đổi sẽ không được ghi nhận)"
)
NO_DEADLINES: Final = "Đơn vị của bạn hiện không có việc nào sắp đến hạn."
BROADCAST_ADMIN_ONLY: Final = "Chỉ quản trị viên mới gửi được thông báo chung."
BROADCAST_ASK_AUDIENCE: Final = "Bạn muốn gửi thông báo tới ai?"
AUDIENCE_COMMUNES: Final = "Tất cả xã, phường, đặc khu"
AUDIENCE_DEPARTMENTS: Final = "Các sở, ban, ngành"
AUDIENCE_ALL: Final = "Tất cả đơn vị"
BROADCAST_ASK_TEXT: Final = "Mời bạn gõ nội dung thông báo gửi tới {audience}."
BROADCAST_PREVIEW: Final = (
    "Xem trước thông báo gửi tới {audience} ({count} người nhận):\n\n{message}"
)
CHOICE_SEND: Final = "Gửi"
CHOICE_CANCEL: Final = "Hủy"
BROADCAST_QUEUED: Final = "Đã xếp {count} tin vào hàng gửi; hệ thống sẽ gửi dần trong ít phút."
BROADCAST_CANCELLED: Final = "Đã hủy thông báo."
# An audience nobody would receive (only the running channels, Services.reminder_channels, do).
BROADCAST_NOBODY_REGISTERED: Final = (
    "Chưa có cán bộ nào thuộc nhóm «{audience}» đăng ký với Trợ lý CĐS, nên không ai nhận "
    "được thông báo này."
)
BROADCAST_NOBODY_REACHABLE: Final = (
    "Chưa có cán bộ nào thuộc nhóm «{audience}» nhận được thông báo qua {channels}"
)
BROADCAST_NO_CHANNEL: Final = (
    "Chưa có cán bộ nào thuộc nhóm «{audience}» nhận được thông báo: thông báo chung chỉ gửi "
    "qua Telegram hoặc Zalo, và cả hai kênh đang tắt."
)
BROADCAST_ONLY_ELSEWHERE: Final = (
    ": {count} cán bộ đã đăng ký của nhóm này chỉ dùng {others}, nơi không nhận thông báo chung"
)
BROADCAST_PICK_ANOTHER: Final = (
    "Chưa có tin nào được xếp vào hàng gửi. Bạn có thể chọn nhóm khác bên dưới, hoặc gõ /huy "
    "để dừng."
)
BROADCAST_NOTHING_QUEUED: Final = (
    "Không có tin nào được xếp vào hàng gửi; gõ /thongbao để soạn lại khi có người nhận."
)
# Channel names inside a sentence ("qua Telegram hoặc Zalo", "chỉ dùng trò chuyện web").
CHANNELS_IN_SENTENCE: Final = {
    "telegram": "Telegram",
    "zalo": "Zalo",
    "web": "trò chuyện web",
    "console": "dòng lệnh",
}
# After a channel that is off (no token set): «chỉ dùng Telegram (đang tắt)».
CHANNEL_OFF: Final = " (đang tắt)"
OR: Final = " hoặc "
BROADCAST_PICK: Final = "Bạn vui lòng chọn một trong các lựa chọn bên dưới, hoặc gõ /huy."
BROADCAST_EMPTY: Final = "Nội dung thông báo đang trống. Mời bạn gõ lại."
BROADCAST_MESSAGE: Final = "📢 Thông báo:\n\n{text}"
# --- dashboard ---
DASHBOARD_TITLE: Final = "Tiến độ báo cáo — Trợ lý CĐS"
DASHBOARD_DUE: Final = "Hạn gửi: {due}"
DASHBOARD_SUMMARY: Final = "Đã báo cáo {done}/{total} đơn vị ({share}%)."
DASHBOARD_ONLY_MISSING: Final = "Chỉ hiện đơn vị chưa gửi"
DASHBOARD_SHOW: Final = "Xem"
DASHBOARD_DOWNLOAD: Final = "Tải về"
DASHBOARD_NONE: Final = "Không có đơn vị nào."
# --- console actions that reach officials in chat ---
REVIEW_RETURNED: Final = (
    "📝 {office} đã trả lại báo cáo «{title}» kỳ {period} của đơn vị để chỉnh sửa.\n"
    "Góp ý: {comment}\n"
    "Bạn vui lòng bấm «Sửa báo cáo» (hoặc gõ /baocao), sửa các câu cần thiết rồi xác nhận gửi lại."
)
CHOICE_FIX_REPORT: Final = "Sửa báo cáo"
REVIEW_ACCEPTED: Final = "✅ {office} đã chấp nhận báo cáo «{title}» kỳ {period} của đơn vị."
REVIEW_ACCEPTED_EDIT: Final = (
    "Nếu đơn vị sửa và gửi lại trước {due}, báo cáo sẽ chuyển về chờ {office} duyệt lại."
)
REMIND_MISSING: Final = (
    "⏰ {office} nhắc: đơn vị của bạn chưa gửi báo cáo «{title}» kỳ {period}.\nHạn gửi: {due}."
)
REPORT_REOPENED: Final = (
    "📂 {office} đã mở lại báo cáo «{title}» kỳ {period} cho đơn vị của bạn "
    "đến hết ngày {until}. Bạn gõ /baocao để hoàn thành và gửi."
)
# --- live knowledge: deadlines, reports and status (handlers/live.py) ---
QA_SHOW_ALL: Final = "Xem đầy đủ"
QA_NAME_TYPED: Final = (
    "Tin nhắn này có vẻ là một họ tên, nên trợ lý không tra Kế hoạch 87 và không lưu lại. "
    "Nếu bạn muốn đăng ký để báo cáo cho đơn vị, hãy gõ mã mời (dạng CDS-XXXXX-XXXXX) trước; "
    "nếu muốn hỏi về Kế hoạch 87/KH-UBND, mời bạn gõ câu hỏi."
)
QA_CHANGE_NOTE: Final = "Lưu ý: {note}"
# --- what changed since the plan (knowledge/changes.yaml) ---
CHANGES_HEAD: Final = "Những thay đổi từ khi ban hành Kế hoạch 87/KH-UBND (05/4/2024):"
CHANGES_LINE: Final = "• Từ {date}: {what}"
CHANGES_UNDATED: Final = "• {what}"
CHANGES_BASIS: Final = "  Căn cứ: {document}"
CHANGES_UNCONFIRMED: Final = " (số văn bản còn chờ đối chiếu)"
CHANGES_DETAIL_HINT: Final = (
    "Hỏi riêng về một cơ quan (ví dụ «Sở TT&TT giờ là sở nào?») để xem văn bản căn cứ."
)
CHANGES_SOURCE: Final = "(Kế hoạch không nói về các thay đổi này; danh sách do {office} cập nhật.)"
# The plan's own answer to a question taken for one about changes, as a button.
CHANGES_PLAN_CHOICE: Final = "Kế hoạch nói gì: {label}"
LIVE_MY_DATA: Final = (
    "Thông tin cá nhân của bạn trong Trợ lý CĐS:\n"
    "• /toi — xem mọi thông tin trợ lý lưu về bạn, sửa họ tên, chức vụ\n"
    "• /xoathongtin — xoá thông tin cá nhân của bạn (mình hỏi lại trước khi xoá)"
)
LIVE_DUE: Final = "Hạn gửi «{title}» kỳ {period}: {time} {due} ({status})."
LIVE_DUE_NEXT: Final = "Kỳ sau ({period}): hạn {time} {due}."
# {pending}: "" or DEADLINE_REPORT_PENDING, as /nhacviec says edits not yet sent again.
LIVE_UNIT_SENT: Final = "Đơn vị của bạn ({unit}) đã gửi báo cáo kỳ {period} lúc {at}{pending}."
LIVE_UNIT_DRAFT: Final = (
    "Đơn vị của bạn ({unit}) đang nhập báo cáo kỳ {period}, chưa gửi. Gõ /baocao để làm tiếp."
)
LIVE_UNIT_MISSING: Final = (
    "Đơn vị của bạn ({unit}) chưa gửi báo cáo kỳ {period}. Gõ /baocao để bắt đầu."
)
LIVE_HOW_TO_REPORT: Final = "Cán bộ đã đăng ký gửi báo cáo ngay trong khung chat: gõ /baocao."
LIVE_STATUS_UNREGISTERED: Final = (
    "Mình chỉ xem được tình trạng báo cáo của đơn vị khi bạn đã đăng ký với Trợ lý CĐS "
    "(mã mời do {office} cấp). Gõ /toi để kiểm tra."
)
LIVE_CITE: Final = "(Kế hoạch 87/KH-UBND, {label}; lịch báo cáo của Trợ lý CĐS)"
# Where the plan's periodic report goes (IV.1.d), the office named by COORDINATING_OFFICE.
LIVE_REPORT_TO: Final = (
    "Nơi gửi: Ủy ban nhân dân tỉnh, qua {office} ({label}; lúc ban hành, Kế hoạch ghi Sở TT&TT)."
)
LIVE_CONTENTS_HEAD: Final = "«{title}» gồm {count} câu:"
LIVE_CONTENTS_LINE: Final = "{number}. {header}{section}"
LIVE_CONTENTS_SECTION: Final = " ({label})"
LIVE_UPCOMING_HEAD: Final = "Các hạn sắp tới:"
LIVE_UPCOMING_LINE: Final = "• {title}\n  Hạn: {due} ({status})\n  {source}"
# The plan gives the task (the section), the assistant's schedule the day: the plan does not
# always date it ("hàng năm").
LIVE_UPCOMING_CITE: Final = "(Kế hoạch 87/KH-UBND, {label}; ngày hạn theo lịch của Trợ lý CĐS)"
LIVE_UPCOMING_OWN: Final = "(ngày hạn theo lịch của Trợ lý CĐS)"
LIVE_NO_UPCOMING: Final = "Hiện không có hạn nào sắp tới."
LIVE_NO_REPORT: Final = "Hiện chưa có báo cáo định kỳ nào được thiết lập trong Trợ lý CĐS."

ERASE_CONFIRM: Final = (
    "Bạn muốn xoá thông tin cá nhân của mình khỏi Trợ lý CĐS?\n"
    "Họ tên, chức vụ và tài khoản chat của bạn sẽ bị xoá; các báo cáo đơn vị đã gửi vẫn được "
    f"giữ lại cho đơn vị, ghi là do «{FORMER_OFFICIAL}» cập nhật. Việc này không hoàn tác được."
)
ERASE_CONFIRM_UNREGISTERED: Final = (
    "Bạn chưa đăng ký với Trợ lý CĐS, nên trợ lý chỉ lưu tài khoản chat này và lịch sử trò "
    "chuyện của nó. Xoá ngay? Việc này không hoàn tác được."
)
ERASE_YES: Final = "Xoá thông tin của tôi"
ERASE_NO: Final = "Giữ lại"
ERASE_KEPT: Final = "Đã giữ nguyên thông tin của bạn."
ERASED: Final = "Đã xoá thông tin cá nhân của bạn. Nếu muốn báo cáo lại, bạn cần một mã mời mới."
ERASED_UNREGISTERED: Final = "Đã xoá tài khoản chat này và lịch sử trò chuyện khỏi Trợ lý CĐS."

# --- consent before registration and /toi (Law 91/2025/QH15; #14, personal data) ---

PRIVACY_NOTICE: Final = (
    "Trước khi đăng ký, mời bạn đọc thông báo về dữ liệu cá nhân "
    "(theo Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15):\n"
    "• Dữ liệu được lưu: họ tên, chức vụ, đơn vị, tài khoản chat của bạn; nội dung báo cáo "
    "và câu hỏi bạn gửi cho trợ lý.\n"
    "• Mục đích: điều phối thực hiện Kế hoạch 87/KH-UBND, nhắc hạn, tổng hợp báo cáo.\n"
    "• Thời gian lưu: họ tên, chức vụ và tài khoản chat được giữ khi bạn còn là cán bộ đăng ký "
    "của đơn vị, đến khi bạn gõ /xoathongtin; báo cáo là hồ sơ của đơn vị nên được giữ lại; "
    "câu hỏi trợ lý chưa trả lời được giữ {questions}, không kèm tên hay tài khoản; "
    "tin nhắn nhắc việc đã gửi giữ {messages}; nhật ký thay đổi giữ {audit}.\n"
    "• Ai được xem: {office} (cơ quan điều phối Kế hoạch 87 của tỉnh); cán bộ của đơn vị bạn "
    "xem báo cáo của đơn vị.\n"
    "• Quyền của bạn: gõ /toi để xem và sửa thông tin, /xoathongtin để xoá.\n\n"
    "Bạn có đồng ý để Trợ lý CĐS lưu và xử lý các thông tin trên không?"
)
CONSENT_YES: Final = "Đồng ý"
CONSENT_NO: Final = "Không đồng ý"
CONSENT_PENDING: Final = (
    "Bạn vui lòng chọn «Đồng ý» hoặc «Không đồng ý» với thông báo trên (gõ 1 hoặc 2), "
    "hoặc gõ /huy để dừng đăng ký."
)
CONSENT_REFUSED: Final = (
    "Bạn đã không đồng ý, nên Trợ lý CĐS không lưu thông tin nào về bạn và mã mời "
    "vẫn chưa bị dùng. Bạn vẫn hỏi được về Kế hoạch 87/KH-UBND như bình thường. Nếu đổi ý, "
    "bạn mở lại đường dẫn mời hoặc gõ lại mã trước khi mã hết hạn."
)
# A command or a stray answer in the middle of a registration (handlers/registering.py).
REGISTERING: Final = "Bạn đang đăng ký cho {unit}; việc đăng ký chưa xong."
REGISTERING_NEXT_CONSENT: Final = (
    "Để tiếp tục, bạn vui lòng chọn «Đồng ý» hoặc «Không đồng ý» với thông báo về dữ liệu cá "
    "nhân ở trên (gõ 1 hoặc 2), hoặc gõ /huy để dừng đăng ký."
)
REGISTERING_NEXT_NAME: Final = (
    "Để tiếp tục, bạn vui lòng gõ họ và tên đầy đủ (ví dụ: Nguyễn Văn An), hoặc gõ /huy để "
    "dừng đăng ký."
)
REGISTERING_NEXT_POSITION: Final = (
    "Để tiếp tục, bạn vui lòng gõ chức vụ hiện tại (ví dụ: Phó Chủ tịch UBND xã), hoặc gõ /huy "
    "để dừng đăng ký."
)
REGISTERING_TOI: Final = "Khi đăng ký xong, /toi sẽ cho biết mọi thông tin trợ lý lưu về bạn."
REGISTERING_REPORT: Final = "Khi đăng ký xong, bạn gõ /baocao để gửi báo cáo của đơn vị."
REGISTERING_LATER: Final = "Lệnh này dùng được khi bạn đã đăng ký xong."
_CHANGED_MIND: Final = (
    " Nếu bạn đổi ý, hãy gõ «Không đồng ý» hoặc /huy: họ tên và chức vụ của bạn chưa được lưu."
)
NAME_AFTER_CONSENT: Final = (
    "Bạn đã đồng ý với thông báo về dữ liệu cá nhân, nên bây giờ trợ lý cần họ và tên đầy đủ "
    "của bạn (ví dụ: Nguyễn Văn An)." + _CHANGED_MIND
)
POSITION_AFTER_CONSENT: Final = (
    "Bạn đã đồng ý với thông báo về dữ liệu cá nhân, nên bây giờ trợ lý cần chức vụ hiện tại "
    "của bạn (ví dụ: Phó Chủ tịch UBND xã)." + _CHANGED_MIND
)
DURATION_DAYS: Final = "{count} ngày"
DURATION_MONTHS: Final = "{count} tháng"
DURATION_YEARS: Final = "{count} năm"

WHOAMI_KEPT: Final = (
    "Thông tin Trợ lý CĐS đang lưu về bạn:\n"
    "• Họ và tên: {name}\n"
    "• Chức vụ: {position}\n"
    "• Đơn vị: {unit}\n"
    "• Vai trò: {role}"
)
WHOAMI_ACCOUNTS: Final = "• Tài khoản chat:"
WHOAMI_ACCOUNT: Final = "  – {channel}: {account}, từ {since}"
WHOAMI_ACCOUNT_BLOCKED: Final = " (đã chặn trợ lý)"
WHOAMI_CONSENT: Final = "• Đồng ý thông báo dữ liệu cá nhân: {at} (bản {version})"
WHOAMI_NO_CONSENT: Final = (
    "• Đồng ý thông báo dữ liệu cá nhân: chưa ghi nhận (bạn đăng ký trước khi có thông báo)"
)
WHOAMI_REPORTS: Final = "• Báo cáo bạn đã nhập hoặc sửa:"
WHOAMI_REPORT: Final = "  – {title}, {period}: {status}"
WHOAMI_REPORTS_MORE: Final = "  – và {count} báo cáo khác"
WHOAMI_NO_REPORTS: Final = "• Báo cáo bạn đã nhập hoặc sửa: chưa có"
WHOAMI_CORRECTIONS: Final = "• Thông tin cũ lưu trong nhật ký khi bạn sửa:"
WHOAMI_CORRECTION: Final = "  – {field} trước khi sửa: {old} (sửa lúc {at})"
WHOAMI_CORRECTIONS_MORE: Final = "  – và {count} lần sửa khác"
WHOAMI_FIELDS: Final = {"full_name": "Họ và tên", "position": "Chức vụ"}
WHOAMI_AUDIT: Final = (
    "• Nhật ký thao tác (đăng ký, trả lời và gửi báo cáo, sửa thông tin): {count} mục, "
    "mỗi mục giữ {kept}"
)
WHOAMI_PENDING: Final = "• Tin nhắn nhắc việc đang chờ gửi cho bạn: {count}"
WHOAMI_QUESTIONS: Final = (
    "• Câu hỏi trợ lý chưa trả lời được giữ {questions} để bổ sung câu trả lời, "
    "không kèm tên hay tài khoản của bạn."
)
WHOAMI_ERASE_HINT: Final = "Để xoá thông tin cá nhân của bạn, gõ /xoathongtin."
WHOAMI_UNREGISTERED_KEPT: Final = (
    "Với người chưa đăng ký, trợ lý chỉ lưu tài khoản chat này để trả lời bạn; tài khoản được "
    "xoá sau {idle} không nhắn tin, hoặc ngay khi bạn gõ /xoathongtin."
)
# An account taken away from its official: deactivated in the console or `cdsbot admin unbind`.
ACCOUNT_DEACTIVATED: Final = (
    "Tài khoản của bạn đã được {office} ngừng kích hoạt cho {unit}, nên bạn không còn gửi "
    "báo cáo hay nhận nhắc việc của đơn vị qua tài khoản này. Nếu bạn vẫn phụ trách việc này "
    "(ở {unit} hoặc ở đơn vị khác), bạn vui lòng liên hệ {office} để được cấp mã mời mới. "
    "Bạn vẫn hỏi được về Kế hoạch 87/KH-UBND."
)
WHOAMI_FORMER: Final = "• Hồ sơ cũ, đã ngừng kích hoạt: {name}, {position}, {unit}"
CHANNEL_NAMES: Final = {
    "telegram": "Telegram",
    "zalo": "Zalo",
    "web": "Trò chuyện web",
    "console": "Dòng lệnh",
}
