"""zh_quantities: values and units from Arabic and Chinese numerals, magnitudes and currencies."""
import pytest

from pipelines.components.zh_quantities import find_quantities
from pipelines.helpers.zh_numbers import zh_number
from claims.core.script import to_simplified


@pytest.mark.parametrize("text,value", [("三千八百", 3800), ("十二", 12), ("3,800", 3800), ("二点五", 2.5), ("一百零五", 105)])
def test_zh_number_parses_numerals(text, value):
    assert zh_number(text) == pytest.approx(value)


@pytest.mark.parametrize("text,qtext,value,unit", [
    ("公司計劃投入3800億元建設算力", "3800億元", 3.8e11, "CNY"),
    ("力争三年内带来万亿成交", "万亿", 1e12, "GMV (CNY)"),
    ("毛利率提升至45%", "45%", 45, "%"),
    ("每单亏损下降一半", "一半", 0.5, "fraction"),
    ("销量环比增长两位数", "两位数", 10, "%-digits"),
    ("我們預計收入介乎港幣50億至53億元", "53億元", 5.3e9, "CNY"),
    ("海外收入达到12亿美元", "12亿美元", 1.2e9, "USD"),
    ("净息差收窄4个百分点", "4个百分点", 4, "pp"),
])
def test_quantities_value_and_unit(text, qtext, value, unit):
    found = {text[q["start"]:q["end"]]: q for q in find_quantities(to_simplified(text))}
    assert qtext in found, found
    assert found[qtext]["value"] == pytest.approx(value)
    assert found[qtext]["unit"] == unit


@pytest.mark.parametrize("text", ["2026財年第二季度", "11月25日舉行電話會", "一方面是訂單結構"])
def test_quantities_skip_dates_and_plain_words(text):
    assert find_quantities(to_simplified(text)) == []
