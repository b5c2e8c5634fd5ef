"""The NHS number: ten digits whose last is a Modulus 11 check digit."""

from __future__ import annotations

from dataclasses import dataclass

from carecoord.domain.errors import ValidationError

_WEIGHTS = (10, 9, 8, 7, 6, 5, 4, 3, 2)


def check_digit(first_nine: str) -> int | None:
    """The check digit for nine digits, or None when no valid number can end them."""
    total = sum(int(d) * w for d, w in zip(first_nine, _WEIGHTS, strict=True))
    digit = 11 - (total % 11)
    if digit == 11:
        return 0
    if digit == 10:
        return None
    return digit


@dataclass(frozen=True, slots=True)
class NhsNumber:
    digits: str

    def __post_init__(self) -> None:
        d = self.digits
        if len(d) != 10 or not d.isascii() or not d.isdigit():
            raise ValidationError("An NHS number has exactly 10 digits.", "nhs_number")
        if check_digit(d[:9]) != int(d[9]):
            raise ValidationError(
                "This NHS number is not valid: its check digit does not match. "
                "Please check it against a letter or the GP record.",
                "nhs_number",
            )

    @classmethod
    def parse(cls, text: str) -> NhsNumber:
        """Accept the forms people type: spaces, dashes, a leading or trailing blank."""
        if text is None:
            raise ValidationError("Enter the person's NHS number.", "nhs_number")
        cleaned = "".join(ch for ch in str(text) if ch not in " -\t")
        if not cleaned:
            raise ValidationError("Enter the person's NHS number.", "nhs_number")
        if not (cleaned.isascii() and cleaned.isdigit()):
            raise ValidationError("An NHS number contains digits only.", "nhs_number")
        return cls(cleaned)

    @property
    def formatted(self) -> str:
        d = self.digits
        return f"{d[:3]} {d[3:6]} {d[6:]}"

    def __str__(self) -> str:
        return self.formatted


def is_valid(text: str) -> bool:
    try:
        NhsNumber.parse(text)
    except ValidationError:
        return False
    return True


def format_nhs(digits: str) -> str:
    """Format stored digits for display; tolerate odd legacy values rather than crash."""
    if len(digits) == 10 and digits.isdigit():
        return f"{digits[:3]} {digits[3:6]} {digits[6:]}"
    return digits
