"""Chinese amounts in capitals (人民币大写), as printed on contracts and letters.

>>> amount_in_chinese_capitals(1203.45)
'壹仟贰佰零叁元肆角伍分'
"""

from decimal import ROUND_HALF_UP, Decimal

_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_UNITS = ["", "拾", "佰", "仟"]
_SECTIONS = ["", "万", "亿", "万亿"]


def _section(number):
    """Capitals of 0 < number < 10000, with inner zeros as 零."""
    text = ""
    zero = False
    for position in range(3, -1, -1):
        digit = number // 10**position % 10
        if digit:
            if zero and text:
                text += _DIGITS[0]
            text += _DIGITS[digit] + _UNITS[position]
            zero = False
        else:
            zero = True
    return text


def amount_in_chinese_capitals(amount):
    """The amount in Chinese financial capitals, rounded to the fen.

    :param amount: a non-negative number below 10^16
    :rtype: str
    """
    value = Decimal(str(amount)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    if value < 0:
        return "负" + amount_in_chinese_capitals(-value)
    if value >= Decimal(10) ** 16:
        raise ValueError("amount too large")
    yuan = int(value)
    fen_total = int((value - yuan) * 100)
    jiao, fen = divmod(fen_total, 10)

    text = ""
    if yuan:
        sections = []
        rest = yuan
        while rest:
            sections.append(rest % 10000)
            rest //= 10000
        need_zero = False
        for index in range(len(sections) - 1, -1, -1):
            section = sections[index]
            if section == 0:
                need_zero = bool(text)
                continue
            if text and (need_zero or section < 1000):
                text += _DIGITS[0]
            text += _section(section) + _SECTIONS[index]
            need_zero = False
        text += "元"
    if not jiao and not fen:
        return (text or "零元") + "整"
    if jiao:
        text += _DIGITS[jiao] + "角"
    elif text:
        text += _DIGITS[0]
    if fen:
        text += _DIGITS[fen] + "分"
    return text


# the names Chinese commercial documents give the usual foreign currencies
CURRENCY_NAMES = {
    "USD": "美元",
    "EUR": "欧元",
    "HKD": "港元",
    "JPY": "日元",
    "GBP": "英镑",
    "AUD": "澳大利亚元",
    "CAD": "加拿大元",
    "SGD": "新加坡元",
    "CHF": "瑞士法郎",
    "KRW": "韩元",
    "MOP": "澳门元",
    "TWD": "新台币",
    "NZD": "新西兰元",
    "RUB": "卢布",
    "THB": "泰铢",
    "MYR": "林吉特",
}


def amount_in_words(amount, currency_code="CNY", decimals=2):
    """The amount in capitals as a Chinese document prints it, naming the currency.

    Renminbi: ``人民币`` and the 元/角/分 units (``人民币叁拾万元整``). Another
    currency: its Chinese name (or its ISO code) and the number read out with
    点 for the decimals, because 元/角/分 are the units of the renminbi
    (``美元壹万贰仟叁佰肆拾伍点陆柒``, ``美元叁拾万整``).

    :param decimals: the currency's decimal places (0 for JPY)
    """
    if not currency_code or currency_code == "CNY":
        return "人民币" + amount_in_chinese_capitals(amount)
    value = Decimal(str(amount)).quantize(
        Decimal(1).scaleb(-decimals) if decimals else Decimal(1), rounding=ROUND_HALF_UP
    )
    name = CURRENCY_NAMES.get(currency_code, currency_code)
    if value < 0:
        return "负" + amount_in_words(-value, currency_code, decimals)
    whole = int(value)
    # the whole part read as renminbi capitals, without its unit
    text = amount_in_chinese_capitals(whole)[:-2] if whole else _DIGITS[0]
    fraction = f"{value:f}".partition(".")[2].rstrip("0")
    if not fraction:
        return name + text + "整"
    return name + text + "点" + "".join(_DIGITS[int(d)] for d in fraction)
