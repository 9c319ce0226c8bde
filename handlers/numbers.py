"""Numbers written the Vietnamese way, for every reader: chat, console, report.

A dot between thousands and a comma before decimals (1.500; 62,5). Only what people read is
formatted; stored values, CSV and xlsx cells keep plain numbers.
"""

from __future__ import annotations

# Enough decimals to show a typed answer as typed (12,345), never a float's noise.
EXACT_DIGITS = 6


def vn_int(value: int) -> str:
    """1234 → "1.234" (dot between thousands)."""
    return f"{value:,}".replace(",", ".")


def vn_number(value: float, digits: int = 1) -> str:
    """1234.56 → "1.234,6"; a whole number has no decimals."""
    rounded = round(value, digits)
    if rounded == int(rounded):
        return vn_int(int(rounded))
    text = f"{rounded:,.{digits}f}".rstrip("0")
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def vn_fixed(value: float, digits: int) -> str:
    """1234.5 with 1 digit → "1.234,5"; 1.0 → "1,0": always `digits` decimals."""
    text = f"{round(value, digits):,.{digits}f}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")
