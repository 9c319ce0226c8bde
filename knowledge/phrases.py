"""Every Vietnamese sentence the knowledge package produces, in one place."""

from __future__ import annotations

TITLE_PREAMBLE = "Phần mở đầu"
TITLE_CLOSING = "Yêu cầu tổ chức thực hiện"
TITLE_RECIPIENTS = "Nơi nhận"
