"""China's tax identifiers, as finance records them.

- 统一社会信用代码 (unified social credit code, USCC): 18 characters, the
  company's registration number and taxpayer number since 2015; checked by
  python-stdnum (``stdnum.cn.uscc``).
- The older 15-character taxpayer number (税务登记证号): a 6-digit area code
  and the 9-character organisation code (组织机构代码, GB 11714 check character).
- Fapiao (发票) numbers: a digital e-fapiao (数电发票) has one 20-digit number;
  the older paper and electronic fapiao have a 10- or 12-digit code and an
  8-digit number.
"""

import re

from stdnum.cn import uscc
from stdnum.exceptions import ValidationError as StdnumError

_ORG_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)

FAPIAO_TYPES = [
    ("digital_special", "Digital e-Fapiao (VAT Special)"),
    ("digital_ordinary", "Digital e-Fapiao (Ordinary)"),
    ("paper_special", "Paper VAT Special Fapiao"),
    ("paper_ordinary", "Paper VAT Ordinary Fapiao"),
    ("e_special", "Electronic VAT Special Fapiao"),
    ("e_ordinary", "Electronic VAT Ordinary Fapiao"),
]
DIGITAL_FAPIAO_TYPES = ("digital_special", "digital_ordinary")
# code lengths of the older fapiao (the number itself has 8 digits)
FAPIAO_CODE_LENGTHS = {
    "paper_special": (10,),
    "paper_ordinary": (10, 12),
    "e_special": (12,),
    "e_ordinary": (12,),
}


def compact(value):
    """The identifier without spaces and dashes, upper case."""
    return re.sub(r"[\s\-]", "", value or "").upper()


def _organisation_code_valid(code):
    if len(code) != 9 or any(c not in _ORG_ALPHABET for c in code[:8]):
        return False
    total = sum(_ORG_ALPHABET.index(c) * w for c, w in zip(code[:8], _ORG_WEIGHTS, strict=True))
    check = 11 - total % 11
    expected = {10: "X", 11: "0"}.get(check, str(check))
    return code[8] == expected


def taxpayer_number_kind(value):
    """``'uscc'`` for a valid unified social credit code, ``'legacy'`` for a
    valid 15-character taxpayer number, ``False`` otherwise."""
    number = compact(value)
    if len(number) == 18:
        try:
            uscc.validate(number)
        except StdnumError:
            return False
        return "uscc"
    if len(number) == 15 and number[:6].isdigit() and _organisation_code_valid(number[6:]):
        return "legacy"
    return False


def is_valid_uscc(value):
    return taxpayer_number_kind(value) == "uscc"


def fapiao_number_error(fapiao_type, code, number):
    """What is wrong with a fapiao's code and number, as a key:
    ``'digital_number'`` (a digital e-fapiao has 20 digits and no code),
    ``'code'`` (the code of an older fapiao has the wrong length), ``'number'``
    (its number is not 8 digits); ``None`` when they are right."""
    code, number = compact(code), compact(number)
    if fapiao_type in DIGITAL_FAPIAO_TYPES:
        if code or not (len(number) == 20 and number.isdigit()):
            return "digital_number"
        return None
    if not (code.isdigit() and len(code) in FAPIAO_CODE_LENGTHS.get(fapiao_type, (10, 12))):
        return "code"
    if not (len(number) == 8 and number.isdigit()):
        return "number"
    return None
