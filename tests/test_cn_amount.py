from odoo.tests import tagged
from odoo.tests.common import BaseCase

from ..tools.cn_amount import amount_in_chinese_capitals


@tagged("post_install", "-at_install")
class TestChineseCapitals(BaseCase):
    def test_amounts(self):
        cases = {
            0: "零元整",
            1: "壹元整",
            10: "壹拾元整",
            1001: "壹仟零壹元整",
            1010: "壹仟零壹拾元整",
            10001: "壹万零壹元整",
            105000: "壹拾万伍仟元整",
            300000: "叁拾万元整",
            1203.45: "壹仟贰佰零叁元肆角伍分",
            100010000: "壹亿零壹万元整",
            123456789.12: "壹亿贰仟叁佰肆拾伍万陆仟柒佰捌拾玖元壹角贰分",
            10.05: "壹拾元零伍分",
            0.5: "伍角",
            2.675: "贰元陆角捌分",  # rounded half up to the fen
        }
        for amount, expected in cases.items():
            self.assertEqual(amount_in_chinese_capitals(amount), expected, amount)
        self.assertEqual(amount_in_chinese_capitals(-5), "负伍元整")
        with self.assertRaises(ValueError):
            amount_in_chinese_capitals(10**16)
