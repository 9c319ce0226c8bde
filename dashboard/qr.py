"""QR code images of invite links (the `qrcode` library, PNG through pure-Python pypng)."""

from __future__ import annotations

import base64
import csv
import io
import zipfile
from collections.abc import Sequence

import qrcode
from qrcode.image.pure import PyPNGImage

from handlers.invites import CreatedInvite


def qr_png(text: str) -> bytes:
    """A PNG of a QR code encoding `text` (medium error correction, 4-module border)."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=6, border=4)
    code.add_data(text)
    code.make(fit=True)
    image = code.make_image(image_factory=PyPNGImage)
    buffer = io.BytesIO()
    image.save(buffer)
    return buffer.getvalue()


def data_uri(media: str, content: bytes) -> str:
    """Content inlined as a data: URI (the printable page works offline, no second request)."""
    return f"data:{media};base64,{base64.b64encode(content).decode('ascii')}"


def target_of(invite: CreatedInvite) -> str:
    """What the QR code opens: the Telegram link, or the code itself without one."""
    return invite.link or invite.code


def png_name(invite: CreatedInvite) -> str:
    """The QR image's file name in the ZIP."""
    return f"qr/{invite.unit_code}-{invite.invite_id}.png"


CSV_HEADERS = (
    "Mã đơn vị",
    "Tên đơn vị",
    "Mã mời",
    "Liên kết Telegram",
    "Hết hạn",
    "Số lần dùng",
    "Ảnh QR",
)


def invites_csv(invites: Sequence[CreatedInvite], expiry: Sequence[str]) -> bytes:
    """The invites as CSV (UTF-8 with BOM for Excel); the QR column names the image file."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_HEADERS)
    for invite, until in zip(invites, expiry, strict=True):
        writer.writerow(
            [
                invite.unit_code,
                invite.unit_name,
                invite.code,
                invite.link or "",
                until,
                invite.max_uses,
                png_name(invite),
            ]
        )
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def invites_zip(
    invites: Sequence[CreatedInvite], csv_bytes: bytes, pngs: Sequence[bytes]
) -> bytes:
    """The CSV and one QR image per invite in one ZIP file."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("ma-moi.csv", csv_bytes)
        for invite, png in zip(invites, pngs, strict=True):
            archive.writestr(png_name(invite), png)
    return buffer.getvalue()
