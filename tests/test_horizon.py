"""Horizon normaliser: one row per expression of ../shared/HORIZONS.md (both languages, both
scripts, fiscal year ends 03-31 / 06-30 / 09-30 / 12-31), vague expressions, past expressions."""
from __future__ import annotations

import datetime as dt
import re

import pytest

from claims.core.fiscal import parse_period
from claims.horizon import find_expressions, normalise
from claims.core.models import Period

D = dt.date.fromisoformat
R = "2025-11-25"  # a Q3 call, held in November

# (lang, text, ref, fye, period, start, end); start/end None = no horizon
ROWS = [
    # relative durations
    ("zh", "未來三年資本開支將超過3800億元", R, "12-31", None, "2025-11-25", "2028-11-25"),
    ("zh", "未来三年内利润率将稳步提升", R, "12-31", None, "2025-11-25", "2028-11-25"),
    ("zh", "三年內實現盈利", "2024-06-30", "12-31", None, "2024-06-30", "2027-06-30"),
    ("zh", "三年后营收翻倍", R, "12-31", None, "2028-11-25", "2028-11-25"),
    ("zh", "三年後營收翻倍", R, "12-31", None, "2028-11-25", "2028-11-25"),
    ("zh", "产能缺口需两到三年才能弥补", R, "12-31", None, "2027-11-25", "2028-11-25"),
    ("zh", "預計二至三年內收回投資", R, "12-31", None, "2027-11-25", "2028-11-25"),
    ("zh", "三到五年內成為全球第一", "2025-06-30", "12-31", None, "2028-06-30", "2030-06-30"),
    ("zh", "未來12到18個月供給將趕上需求", "2025-01-15", "12-31", None, "2026-01-15", "2026-07-15"),
    ("zh", "未来十二至十八个月需求仍然强劲", "2025-01-15", "12-31", None, "2026-01-15", "2026-07-15"),
    ("zh", "未來兩個月訂單飽滿", "2025-03-10", "12-31", None, "2025-03-10", "2025-05-10"),
    ("zh", "半年內完成整合", "2025-03-10", "12-31", None, "2025-03-10", "2025-09-10"),
    ("zh", "一年半内完成交付", "2025-03-10", "12-31", None, "2025-03-10", "2026-09-10"),
    ("zh", "兩三年後市場格局將改變", R, "12-31", None, "2027-11-25", "2028-11-25"),
    ("zh", "十年內成為行業龍頭", "2024-01-01", "12-31", None, "2024-01-01", "2034-01-01"),
    ("zh", "廿年後回頭看", "2025-01-01", "12-31", None, "2045-01-01", "2045-01-01"),
    ("zh", "三個月後推出新版本", R, "12-31", None, "2026-02-25", "2026-02-25"),
    ("zh", "未來兩個季度收入將環比增長", R, "12-31", "2025-Q3", "2025-10-01", "2026-03-31"),
    ("zh", "預計未來３年內完成", R, "12-31", None, "2025-11-25", "2028-11-25"),
    ("en", "Within three years we will double the fleet.", R, "12-31", None, "2025-11-25", "2028-11-25"),
    ("en", "Over the next three years, we will invest $10 billion.", "2025-02-24", "12-31", None, "2025-02-24", "2028-02-24"),
    ("en", "In three years, cloud will be our largest business.", R, "12-31", None, "2028-11-25", "2028-11-25"),
    ("en", "Three years from now we will be profitable.", R, "12-31", None, "2028-11-25", "2028-11-25"),
    ("en", "We expect to break even in two to three years.", R, "12-31", None, "2027-11-25", "2028-11-25"),
    ("en", "We expect to break even in 2-3 years.", R, "12-31", None, "2027-11-25", "2028-11-25"),
    ("en", "Within three to five years we aim to lead the market.", "2025-06-30", "12-31", None, "2028-06-30", "2030-06-30"),
    ("en", "Within the next 12 to 18 months, supply should catch up.", "2025-01-15", "12-31", None, "2026-01-15", "2026-07-15"),
    ("en", "We see this playing out over the next 12-18 months.", "2025-01-15", "12-31", None, "2026-01-15", "2026-07-15"),
    ("en", "In the next six months we will hire 200 engineers.", "2025-03-10", "12-31", None, "2025-03-10", "2025-09-10"),
    ("en", "We will finish the integration within a year and a half.", "2025-03-10", "12-31", None, "2025-03-10", "2026-09-10"),
    ("en", "The plant opens 18 months from now.", "2025-03-10", "12-31", None, "2026-09-10", "2026-09-10"),
    ("en", "Over the next two quarters margins should expand.", R, "12-31", "2025-Q3", "2025-10-01", "2026-03-31"),
    ("en", "We will ship it in a year's time.", R, "12-31", None, "2026-11-25", "2026-11-25"),
    ("en", "Over the next decade we will electrify the fleet.", "2024-01-01", "12-31", None, "2024-01-01", "2034-01-01"),
    # named periods
    ("zh", "公司計劃明年推出新一代模型", "2025-03-05", "12-31", None, "2026-01-01", "2026-12-31"),
    ("zh", "今年收入預計增長兩成", "2025-03-05", "12-31", None, "2025-01-01", "2025-12-31"),
    ("zh", "预计今年下半年毛利率将逐步回升", "2025-08-20", "12-31", None, "2025-07-01", "2025-12-31"),
    ("zh", "明年上半年有望扭虧為盈", "2024-11-12", "12-31", None, "2025-01-01", "2025-06-30"),
    ("zh", "年底前完成全部門店改造", "2025-08-20", "12-31", None, "2025-08-20", "2025-12-31"),
    ("zh", "年內完成上市", "2025-08-20", "12-31", None, "2025-08-20", "2025-12-31"),
    ("zh", "到2030年實現碳中和", "2024-03-15", "12-31", None, "2024-03-15", "2030-12-31"),
    ("zh", "2030年前实现碳中和", "2024-03-15", "12-31", None, "2024-03-15", "2030-12-31"),
    ("zh", "預計2027年全面投產", "2025-02-01", "12-31", None, "2027-01-01", "2027-12-31"),
    ("zh", "預計二零二七年全面投產", "2025-02-01", "12-31", None, "2027-01-01", "2027-12-31"),
    ("zh", "預計２０２７年全面投產", "2025-02-01", "12-31", None, "2027-01-01", "2027-12-31"),
    ("zh", "本十年末實現淨零排放", "2023-06-01", "12-31", None, "2023-06-01", "2029-12-31"),
    ("zh", "後年將完成第二期工程", "2025-02-01", "12-31", None, "2027-01-01", "2027-12-31"),
    ("zh", "今年餘下時間需求仍然疲軟", "2025-08-20", "12-31", None, "2025-08-20", "2025-12-31"),
    ("zh", "明年年底前完成交付", "2025-02-01", "12-31", None, "2025-02-01", "2026-12-31"),
    ("zh", "預計明年年底投產", "2025-02-01", "12-31", None, "2026-09-01", "2026-12-31"),
    ("zh", "明年初推出新車型", "2025-02-01", "12-31", None, "2026-01-01", "2026-03-31"),
    ("zh", "2026至2028年將新增十家工廠", "2025-02-01", "12-31", None, "2026-01-01", "2028-12-31"),
    ("en", "We plan to open 500 new stores next year.", "2025-03-05", "12-31", None, "2026-01-01", "2026-12-31"),
    ("en", "This year we expect revenue to grow 20%.", "2025-03-05", "12-31", None, "2025-01-01", "2025-12-31"),
    ("en", "We expect margins to improve in the second half of the year.", "2025-05-01", "12-31", None, "2025-07-01", "2025-12-31"),
    ("en", "We expect to turn profitable in the first half of next year.", "2024-11-12", "12-31", None, "2025-01-01", "2025-06-30"),
    ("en", "We expect to complete the buyback by year-end.", "2025-08-06", "12-31", None, "2025-08-06", "2025-12-31"),
    ("en", "We will finish the rollout by the end of the year.", "2025-08-06", "12-31", None, "2025-08-06", "2025-12-31"),
    ("en", "We aim to be carbon neutral by 2030.", "2024-03-15", "12-31", None, "2024-03-15", "2030-12-31"),
    ("en", "We anticipate the new plant to come online in 2027.", "2025-02-01", "12-31", None, "2027-01-01", "2027-12-31"),
    ("en", "By the end of this decade, we aim to be net zero.", "2023-06-01", "12-31", None, "2023-06-01", "2029-12-31"),
    ("en", "We expect demand to stay soft later this year.", "2025-08-06", "12-31", None, "2025-08-06", "2025-12-31"),
    ("en", "Pricing is locked through 2027.", "2025-02-01", "12-31", None, "2025-02-01", "2027-12-31"),
    ("en", "We expect a recovery in mid-2026.", "2025-02-01", "12-31", None, "2026-04-01", "2026-06-30"),
    ("en", "We aim to finish by mid-2026.", "2025-02-01", "12-31", None, "2025-02-01", "2026-06-30"),
    ("zh", "明年年中之前完成交付", "2026-10-28", "06-30", None, "2026-10-28", "2027-06-30"),
    ("zh", "2027財年結束前完成整合", "2026-05-07", "09-30", None, "2026-05-07", "2027-09-30"),
    ("zh", "明後兩年資本開支將維持高位", "2025-10-30", "12-31", None, "2026-01-01", "2027-12-31"),
    ("en", "We expect to close it by the end of the calendar year.", "2025-12-11", "05-31", "FY2026-Q2", "2025-12-11", "2025-12-31"),
    ("en", "It should be live before our fiscal third quarter ends.", "2025-12-11", "05-31", "FY2026-Q2", "2025-12-11", "2026-02-28"),
    ("en", "We expect the full fiscal year 2026 to be a record.", "2025-12-11", "05-31", "FY2026-Q2", "2025-06-01", "2026-05-31"),
    ("en", "By December we expect to have 40 regions live.", "2026-02-26", "03-31", "FY2026-Q3", "2026-02-26", "2026-12-31"),
    ("en", "We will invest $5 billion over the next three fiscal years.", "2026-02-26", "03-31", "FY2026-Q3", "2026-04-01", "2029-03-31"),
    ("en", "We reaffirm our three-year plan.", "2026-02-26", "03-31", None, "2026-02-26", "2029-02-26"),
    ("en", "Deliveries start in early 2027.", "2025-02-01", "12-31", None, "2027-01-01", "2027-03-31"),
    ("en", "The fab should be ready by the end of next year.", "2025-02-01", "12-31", None, "2025-02-01", "2026-12-31"),
    ("en", "We expect volumes to peak at the end of next year.", "2025-02-01", "12-31", None, "2026-09-01", "2026-12-31"),
    ("en", "We will add ten new plants from 2026 to 2028.", "2025-02-01", "12-31", None, "2026-01-01", "2028-12-31"),
    ("en", "Capacity doubles over 2026-2028.", "2025-02-01", "12-31", None, "2026-01-01", "2028-12-31"),
    # months, weeks, days
    ("zh", "下個月將發布新車型", "2024-05-10", "12-31", None, "2024-06-01", "2024-06-30"),
    ("zh", "下个月将发布新车型", "2024-12-10", "12-31", None, "2025-01-01", "2025-01-31"),
    ("zh", "今個月會推出新產品", "2024-05-10", "12-31", None, "2024-05-01", "2024-05-31"),
    ("zh", "新店將於3月15日開業", "2025-01-10", "12-31", None, "2025-03-15", "2025-03-15"),
    ("zh", "新店將於2027年3月開業", "2025-01-10", "12-31", None, "2027-03-01", "2027-03-31"),
    ("zh", "三月中旬完成交割", "2025-01-10", "12-31", None, "2025-03-11", "2025-03-20"),
    ("zh", "下週三公布結果", "2025-11-25", "12-31", None, "2025-12-03", "2025-12-03"),
    ("zh", "下周发布", "2025-11-25", "12-31", None, "2025-12-01", "2025-12-07"),
    ("zh", "聽日公布業績", "2025-11-25", "12-31", None, "2025-11-26", "2025-11-26"),
    ("zh", "後天開始預售", "2025-11-25", "12-31", None, "2025-11-27", "2025-11-27"),
    ("zh", "月底前完成", "2025-11-25", "12-31", None, "2025-11-25", "2025-11-30"),
    ("en", "We will launch the product next month.", R, "12-31", None, "2025-12-01", "2025-12-31"),
    ("en", "The store opens on March 15, 2027.", R, "12-31", None, "2027-03-15", "2027-03-15"),
    ("en", "We expect to close the deal in March 2027.", R, "12-31", None, "2027-03-01", "2027-03-31"),
    ("en", "We will announce results next week.", R, "12-31", None, "2025-12-01", "2025-12-07"),
    ("en", "The board meets next Wednesday.", R, "12-31", None, "2025-12-03", "2025-12-03"),
    ("en", "Tomorrow we will announce the deal.", R, "12-31", None, "2025-11-26", "2025-11-26"),
    ("en", "We expect the deal to close in early March.", "2025-01-10", "12-31", None, "2025-03-01", "2025-03-10"),
    # quarters relative to the reported quarter
    ("zh", "投入在下個季度預計會顯著收縮", R, "03-31", "2025-Q3", "2025-10-01", "2025-12-31"),
    ("zh", "投入在下一季度预计会显著收缩", R, "03-31", "FY2026-Q2", "2025-10-01", "2025-12-31"),
    ("zh", "第四季度收入預計在1,000億元至1,050億元之間", "2024-11-12", "12-31", "2024-Q3", "2024-10-01", "2024-12-31"),
    ("zh", "四季度毛利率將改善", "2024-11-12", "12-31", "2024-Q3", "2024-10-01", "2024-12-31"),
    ("zh", "一季度收入將環比下降", "2026-02-20", "12-31", "2025-Q4", "2026-01-01", "2026-03-31"),
    # a forecast's "this quarter" after the reported quarter closed is the one the speaker is in (so
    # every annotator of the real corpus read it: EA, Cisco, Citi, Clorox, Quanta, Tesla)
    ("zh", "本季度預計利潤率回升", "2025-08-20", "12-31", "2025-Q2", "2025-07-01", "2025-09-30"),
    ("zh", "2026年第三季度量產", R, "12-31", None, "2026-07-01", "2026-09-30"),
    ("zh", "明年第一季度開始交付", R, "12-31", None, "2026-01-01", "2026-03-31"),
    ("zh", "九月季度收入將創新高", "2025-05-10", "12-31", "2025-Q1", "2025-07-01", "2025-09-30"),
    ("en", "Next quarter we expect a modest sequential decline.", R, "12-31", "2025-Q3", "2025-10-01", "2025-12-31"),
    ("en", "We expect revenue for the fourth quarter to be between $37.5 and $38.5 billion.", "2024-10-30", "12-31", "2024-Q3", "2024-10-01", "2024-12-31"),
    ("en", "Q4 gross margin should be around 45%.", "2024-10-30", "12-31", "2024-Q3", "2024-10-01", "2024-12-31"),
    ("en", "We expect first-quarter revenue to grow sequentially.", "2026-02-20", "12-31", "2025-Q4", "2026-01-01", "2026-03-31"),
    ("en", "This quarter we expect margins to recover.", "2025-08-20", "12-31", "2025-Q2", "2025-07-01", "2025-09-30"),
    ("en", "Production starts in the third quarter of 2026.", R, "12-31", None, "2026-07-01", "2026-09-30"),
    ("en", "Production starts in Q3 2026.", R, "12-31", None, "2026-07-01", "2026-09-30"),
    ("en", "Production starts in 3Q26.", R, "12-31", None, "2026-07-01", "2026-09-30"),
    ("en", "We expect the September quarter to be a record.", "2025-05-10", "12-31", "2025-Q1", "2025-07-01", "2025-09-30"),
    ("en", "Shipments begin in the first quarter of next year.", R, "12-31", None, "2026-01-01", "2026-03-31"),
    # fiscal years and quarters (each fiscal year end)
    ("zh", "我们预计2027财年资本开支将继续增加", R, "03-31", "2025-Q3", "2026-04-01", "2027-03-31"),
    ("zh", "我們預計2028財年收入將超過萬億", R, "03-31", None, "2027-04-01", "2028-03-31"),
    ("zh", "下一財年收入增速將回到雙位數", "2025-05-15", "03-31", None, "2026-04-01", "2027-03-31"),
    ("zh", "本財年資本開支將超過千億", "2025-05-15", "03-31", None, "2025-04-01", "2026-03-31"),
    ("zh", "2026財年第二季度收入將增長", "2025-05-15", "03-31", None, "2025-07-01", "2025-09-30"),
    ("zh", "本財年下半年利潤率將改善", "2025-05-15", "03-31", None, "2025-10-01", "2026-03-31"),
    ("zh", "微軟預計2027財年資本開支放緩", "2025-10-29", "06-30", None, "2026-07-01", "2027-06-30"),
    ("zh", "下一財年收入增長將加速", "2025-10-29", "06-30", None, "2026-07-01", "2027-06-30"),
    ("zh", "苹果预计2026财年营收创新高", "2025-10-30", "09-30", None, "2025-10-01", "2026-09-30"),
    ("zh", "本财年第三财季将推出新品", "2025-10-30", "09-30", None, "2026-04-01", "2026-06-30"),
    ("zh", "下一財年將擴大回購", "2025-10-30", "09-30", None, "2026-10-01", "2027-09-30"),
    ("zh", "2026財年收入將增長", "2025-03-01", "12-31", None, "2026-01-01", "2026-12-31"),
    ("en", "We expect capex to moderate in fiscal 2027.", "2025-10-29", "06-30", None, "2026-07-01", "2027-06-30"),
    ("en", "For fiscal year 2026, we expect revenue growth in the low double digits.", "2025-07-30", "06-30", None, "2025-07-01", "2026-06-30"),
    ("en", "We expect to return to growth in the next fiscal year.", "2025-07-30", "06-30", None, "2026-07-01", "2027-06-30"),
    ("en", "This fiscal year we will invest heavily.", "2025-07-30", "06-30", None, "2025-07-01", "2026-06-30"),
    ("en", "FY28 revenue should exceed $1 trillion.", R, "03-31", None, "2027-04-01", "2028-03-31"),
    ("en", "FY2026 guidance is unchanged.", "2025-05-15", "03-31", None, "2025-04-01", "2026-03-31"),
    ("en", "We expect fiscal Q3 2025 to be seasonally strong.", "2024-11-01", "09-30", None, "2025-04-01", "2025-06-30"),
    ("en", "We expect fiscal 2026 revenue of about $400 billion.", "2025-10-30", "09-30", None, "2025-10-01", "2026-09-30"),
    ("en", "Margins should expand in the second half of fiscal 2026.", "2025-10-30", "09-30", None, "2026-04-01", "2026-09-30"),
    ("en", "The fourth quarter of fiscal 2026 will include an extra week.", "2025-10-30", "09-30", None, "2026-07-01", "2026-09-30"),
    ("en", "FY26 Q2 revenue will grow double digits.", "2025-05-15", "03-31", None, "2025-07-01", "2025-09-30"),
    ("en", "We expect growth to accelerate in fiscal 2027.", "2025-03-01", "12-31", None, "2027-01-01", "2027-12-31"),
    ("en", "In the next fiscal quarter we expect a decline.", R, "06-30", "FY2026-Q1", "2025-10-01", "2025-12-31"),
    # vague: no horizon
    ("zh", "我们对长期发展充满信心", R, "12-31", None, None, None),
    ("zh", "未来将继续加大研发投入", R, "12-31", None, None, None),
    ("zh", "中長期來看利潤率會提升", R, "12-31", None, None, None),
    ("zh", "後續我們會持續投入", R, "12-31", None, None, None),
    ("zh", "短期內仍有壓力", R, "12-31", None, None, None),
    ("zh", "未來幾年將保持高速增長", R, "12-31", None, None, None),
    ("en", "We remain confident in our long-term strategy.", R, "12-31", None, None, None),
    ("en", "In the coming quarters, we will continue to invest.", R, "12-31", None, None, None),
    ("en", "Going forward, we will keep investing in AI.", R, "12-31", None, None, None),
    ("en", "In the long run, margins will converge.", R, "12-31", None, None, None),
    ("en", "Over time, we expect this business to scale.", R, "12-31", None, None, None),
    ("en", "Over the next few years we will grow faster than the market.", R, "12-31", None, None, None),
    ("en", "Profits may improve.", R, "12-31", None, None, None),
    # the governing horizon when several expressions are present
    ("zh", "從今年下半年起,AI服務器普遍缺貨,供應鏈擴產需兩到三年才能緩解", R, "03-31", "2025-Q3", "2027-11-25", "2028-11-25"),
    ("zh", "从今年下半年起，AI服务器普遍缺货，供应链扩产需两到三年才能缓解", R, "03-31", "2025-Q3", "2027-11-25", "2028-11-25"),
    ("zh", "相比2024年,2026年收入將翻倍", "2025-03-01", "12-31", None, "2026-01-01", "2026-12-31"),
    ("en", "We aim to double revenue by 2030 from 2024 levels.", "2025-03-01", "12-31", None, "2025-03-01", "2030-12-31"),
    ("en", "Revenue grew 10% last year and we expect 2026 to be better.", "2025-03-01", "12-31", None, "2026-01-01", "2026-12-31"),
    ("en", "Since the second half, supply has been tight; it will take two to three years to ease.", R, "12-31", None, "2027-11-25", "2028-11-25"),
    # a retailer naming its fiscal year by the year it starts in, known from the reported quarter's label
    ("en", "We now expect fiscal 2025 net sales of $12.5 billion.", "2025-12-10", "01-31", "FY2025-Q3", "2025-02-01", "2026-01-31"),
    ("en", "Next quarter we expect gross margin to expand.", "2025-12-10", "01-31", "FY2025-Q3", "2025-11-01", "2026-01-31"),
    ("en", "We expect fiscal 2020 sales to grow about 3%.", "2019-02-19", "01-31", "FY2019-Q4", "2019-02-01", "2020-01-31"),
    # a fiscal speaker's quarter of a named year is fiscal, unless it says calendar
    ("en", "We expect fourth quarter 2025 net sales between $3.2 billion and $3.3 billion.", "2025-12-10", "01-31", "FY2025-Q3", "2025-11-01", "2026-01-31"),
    ("en", "Industry demand should recover in the calendar fourth quarter of 2026.", "2025-12-10", "01-31", "FY2025-Q3", "2026-10-01", "2026-12-31"),
    ("en", "We are narrowing our full year 2025 net sales outlook to $12.6 billion.", "2025-12-10", "01-31", "FY2025-Q3", "2025-02-01", "2026-01-31"),
    # 年度 is the company's year of accounts: its fiscal year when that ends off December
    ("zh", "我們預計2027年度的資料中心收入會繼續成長", "2026-05-28", "01-31", None, "2026-02-01", "2027-01-31"),
    ("zh", "下年度的資本支出預計會增加", "2026-05-28", "01-31", None, "2027-02-01", "2028-01-31"),
    ("zh", "预计2027年度营收将增长两成", "2026-05-28", "12-31", None, "2027-01-01", "2027-12-31"),
    ("zh", "预计2027自然年度需求将回升", "2026-05-28", "01-31", None, "2027-01-01", "2027-12-31"),
    # "by" a month-end already past: a bare month is next year's, a named year's stays in the past
    ("zh", "截至2024年第三季度末，不良贷款率为1.2%", "2025-02-09", "12-31", None, None, None),
    ("zh", "预计到12月完成交付", "2025-02-09", "12-31", None, "2025-02-09", "2025-12-31"),
    # a year written without 年 before its half, as Taiwanese reports space it
    ("zh", "新產線預計於 2027 上半年正式量產", "2026-04-23", "12-31", None, "2027-01-01", "2027-06-30"),
    ("zh", "毛利率在2026下半年會回升", "2026-04-23", "12-31", None, "2026-07-01", "2026-12-31"),
    # "in the year" ending its clause is this year; followed by more words it is often no time at all
    ("en", "and we expect an acceleration of service contribution in the year", "2026-01-27", "12-31", "2025-Q4", "2026-01-01", "2026-12-31"),
    ("en", "Unused capacity will not disappear in the year, but will shrink", "2026-01-29", "12-31", "2025-Q4", "2026-01-01", "2026-12-31"),
    ("en", "Revenue rose 4% from the year-ago quarter and in the year-ago period", "2026-01-27", "12-31", "2025-Q4", None, None),
    ("en", "And we also expect to grow our EBITDA during the course of the year", "2026-01-28", "12-31", "2025-Q4", "2026-01-01", "2026-12-31"),
    # "later on this year" is later this year; "within this fiscal year" runs from the statement
    ("en", "We expect to close on an equity partner later on this year", "2026-01-28", "12-31", "2025-Q4", "2026-01-28", "2026-12-31"),
    ("en", "we are on track to scale production within this fiscal year", "2025-11-04", "06-30", "FY2026-Q1", "2025-11-04", "2026-06-30"),
    ("en", "We plan to finish the migration within the current calendar year", "2025-11-04", "06-30", "FY2026-Q1", "2025-11-04", "2025-12-31"),
    # a capitalised May before "time frame" is the month, not the verb
    ("en", "And the dividend plan will be agreed with the Board in the May time frame", "2026-01-27", "12-31", "2025-Q4", "2026-05-01", "2026-05-31"),
    ("en", "Pricing may timeline differently for each customer", "2026-01-27", "12-31", "2025-Q4", None, None),
    # "for N more years" is a window from the statement; a bare "for N years" may be time already spent
    ("en", "We will have access to OpenAI models for seven more years", "2025-11-12", "06-30", None, "2025-11-12", "2032-11-12"),
    ("en", "The agreement runs for a further 3 years", "2025-11-12", "12-31", None, "2025-11-12", "2028-11-12"),
    ("en", "We have made these products for 20 years", "2025-11-12", "12-31", None, None, None),
    # an apostrophe year as the subject of a verb
    ("en", "'26 will be a transition year for Lee", "2025-10-29", "12-31", "2025-Q3", "2026-01-01", "2026-12-31"),
]


def _period(label, fye, ref=None):
    p = parse_period(label, fye, ref)
    return Period(start=p[0], end=p[1], label=p[2]) if p else None


@pytest.mark.parametrize("lang,text,ref,fye,period,start,end", ROWS, ids=[r[1][:30] for r in ROWS])
def test_horizon_table(lang, text, ref, fye, period, start, end):
    result = normalise(text, D(ref), fiscal_year_end=fye, period=_period(period, fye, D(ref)), lang=lang)
    h = result.horizon
    if start is None:
        assert h is None, h
        return
    assert h is not None, [e.text for e in result.expressions]
    assert (h.start, h.end) == (D(start), D(end)), h
    assert h.start <= h.end
    assert h.text and h.text in text


def test_horizon_table_is_large_and_covers_both_languages_and_fiscal_year_ends():
    assert len(ROWS) >= 150
    assert {r[0] for r in ROWS} == {"zh", "en"}
    assert {r[3] for r in ROWS} >= {"03-31", "06-30", "09-30", "12-31"}


@pytest.mark.parametrize("text,lang", [
    ("去年收入增長了20%", "zh"), ("上個月銷量創新高", "zh"), ("前年虧損嚴重", "zh"), ("兩年前我們開始轉型", "zh"),
    ("過去三年收入翻倍", "zh"), ("今年以來股價上漲", "zh"), ("從今年下半年起,AI服務器普遍缺貨", "zh"),
    ("Last year revenue grew 20%.", "en"), ("Last quarter was a record.", "en"), ("Two years ago we started.", "en"),
    ("Over the past three years revenue doubled.", "en"), ("Since the second half, supply has been tight.", "en"),
    ("In 2023 we restructured.", "en"), ("Year to date, sales are up 5%.", "en"),
])
def test_horizon_past_expressions_are_flagged_and_never_govern(text, lang):
    result = normalise(text, D(R), fiscal_year_end="12-31", period=_period("2025-Q3", "12-31"), lang=lang)
    assert result.horizon is None
    assert result.expressions and all(e.past for e in result.expressions)


def test_horizon_without_ref_finds_expressions_but_no_dates():
    result = normalise("預計未來三年內AI資源仍將供不應求,明年上半年見頂", None)
    assert result.horizon is None
    assert [e.text for e in result.expressions] == ["未來三年內", "明年上半年"]
    assert all(e.horizon is None for e in result.expressions)


@pytest.mark.parametrize("text", ["預計未來三年內AI資源仍將供不應求", "预计未来三年内AI资源仍将供不应求",
                                  "預計未来三年內AI资源仍將供不應求", "預計未來３年內，AI資源仍將供不應求"])
def test_horizon_offsets_point_into_the_original_script(text):
    exprs = find_expressions(text, D(R))
    assert len(exprs) == 1
    e = exprs[0]
    assert text[e.start:e.end] == e.text
    assert e.horizon.end == D("2028-11-25")


def test_horizon_fiscal_quarters_follow_the_fiscal_year_end():
    got = {fye: normalise("Q3 FY26 revenue will grow.", D("2025-05-15"), fiscal_year_end=fye).horizon
           for fye in ("03-31", "06-30", "09-30", "12-31")}
    assert {k: (str(v.start), str(v.end)) for k, v in got.items()} == {
        "03-31": ("2025-10-01", "2025-12-31"), "06-30": ("2026-01-01", "2026-03-31"),
        "09-30": ("2026-04-01", "2026-06-30"), "12-31": ("2026-07-01", "2026-09-30")}


def test_horizon_kind_and_granularity_describe_the_expression():
    cases = {"三年內": ("within", "year"), "三年後": ("in", "year"), "兩到三年": ("range", "year"),
             "到2030年": ("by", "year"), "明年": ("period", "year"), "下個季度": ("period", "quarter")}
    for text, (kind, gran) in cases.items():
        h = normalise(text, D(R), period=_period("2025-Q3", "12-31")).horizon
        assert (h.kind, h.granularity) == (kind, gran), text


def test_horizon_fiscal_flag_overrides_what_the_text_says():
    ref = D("2025-11-25")
    cal = normalise("Margins improve in the second half.", ref, fiscal_year_end="06-30").horizon
    fis = normalise("Margins improve in the second half.", ref, fiscal_year_end="06-30", fiscal=True).horizon
    assert (str(cal.start), str(cal.end)) == ("2025-07-01", "2025-12-31")
    assert (str(fis.start), str(fis.end)) == ("2026-01-01", "2026-06-30")


@pytest.mark.parametrize("period", [Period(start=D("2025-07-01"), end=D("2025-09-30")),
                                    {"start": "2025-07-01", "end": "2025-09-30"},
                                    (D("2025-07-01"), D("2025-09-30"))])
def test_horizon_reported_quarter_may_be_given_in_several_shapes(period):
    h = normalise("下個季度收入將增長", D(R), period=period).horizon
    assert (str(h.start), str(h.end)) == ("2025-10-01", "2025-12-31")


@pytest.mark.parametrize("text,lang,start,end", [
    ("下个月15号召开发布会", "zh", "2025-12-15", "2025-12-15"),
    ("下下周公布方案", "zh", "2025-12-08", "2025-12-14"),
    ("周五公布结果", "zh", "2025-11-28", "2025-11-28"),
    ("2026自然年資本開支將超過千億", "zh", "2026-01-01", "2026-12-31"),
    ("未來三個財年累計投入三千億", "zh", "2026-01-01", "2028-12-31"),
    ("We expect margins to expand over the next couple of quarters.", "en", "2026-01-01", "2026-06-30"),
    ("星期天發布新品", "zh", "2025-11-30", "2025-11-30"),
    ("24小時內給出答覆", "zh", "2025-11-25", "2025-11-26"),
    ("We will respond within 48 hours.", "en", "2025-11-25", "2025-11-27"),
    ("2027年前後實現盈利", "zh", "2027-01-01", "2027-12-31"),
    ("明年夏季推出新款", "zh", "2026-06-01", "2026-08-31"),
    ("在接下來的兩年裡完成轉型", "zh", "2025-11-25", "2027-11-25"),
    ("We expect to finish in a year or two.", "en", "2026-11-25", "2027-11-25"),
    ("For the remainder of fiscal 2026 we expect flat sales.", "en", "2025-11-25", "2026-12-31"),
    ("The launch is planned for this winter.", "en", "2025-12-01", "2026-02-28"),
    ("Earnings will be reported on 2026-01-28.", "en", "2026-01-28", "2026-01-28"),
])
def test_horizon_more_phrasings(text, lang, start, end):
    h = normalise(text, D(R), lang=lang).horizon
    assert h is not None and (str(h.start), str(h.end)) == (start, end), h


@pytest.mark.parametrize("text", ["Revenue will fall next year.", "We may see growth in 2026.", "截至今年9月底,收入增長兩成"])
def test_horizon_words_that_only_look_like_time_are_ignored(text):
    exprs = find_expressions(text, D(R))
    assert all(e.text.lower() not in ("fall", "may") for e in exprs)


@pytest.mark.parametrize("text, governs", [
    ("The weakness we saw in the back half of the year is behind us.", None),
    ("The backlog will be completed in the back half of the year.", "the back half of the year"),
    ("Growth was the fastest pace in eight quarters.", None),
    ("We expect to break even in eight quarters.", "in eight quarters"),
    ("Since the new team joined in March, churn has halved.", None),
    ("We expect to launch in March 2026.", "March 2026"),
    ("我們預計要到下一財年，才會看到明顯貢獻", "下一財年"),
    ("到下一財年完成整合", "到下一財年"),
])
def test_context_decides_whether_a_time_is_past_or_a_deadline(text, governs):
    """Past-tense verbs ("we saw in"), superlatives ("the fastest pace in eight quarters") and
    since-clauses look back; an auxiliary ("will be completed in") or 才 after 到X does not."""
    h = normalise(text, dt.date(2025, 11, 20), fiscal_year_end="12-31").horizon
    assert (h.text if h else None) == governs


def test_an_english_punctuation_separator_is_itself_not_any_spacing():
    """A range separator that is only a mark ("-") must be there: "last year's Golden Week" is not
    a range from last year to this Golden Week."""
    from claims.horizon.lexicon import lex

    sep = re.compile(lex("en").alt("RANGE_SEP"))
    assert sep.fullmatch("-") and sep.fullmatch("to") and not sep.fullmatch(" ")
    h = normalise("During last year's Golden Week, bookings rose 30%.", dt.date(2025, 2, 20)).horizon
    assert h is None


@pytest.mark.parametrize("text, lang, start, end", [
    ("我們相信在Q3跟Q4會持續成長", "zh", "2026-07-01", "2026-12-31"),
    ("预计将在 2027 年和 2028 年成为大客户", "zh", "2027-01-01", "2028-12-31"),
    ("Margins should improve in Q3 and Q4.", "en", "2026-07-01", "2026-12-31"),
    # a list of three is one time too
    ("We target a mid-teens return in 2027, 2028 and 2029.", "en", "2027-01-01", "2029-12-31"),
    ("预计2027年、2028年和2029年都会增长", "zh", "2027-01-01", "2029-12-31"),
    # a stretch up to a time joins the periods after it: from now until the last ends
    ("We expect growth for the rest of the year and into 2027.", "en", "2026-08-01", "2027-12-31"),
    ("Awards are likely to be decided later this year into early 2027.", "en", "2026-08-01", "2027-03-31"),
    ("预计年底前及明年都会增长", "zh", "2026-08-01", "2027-12-31"),
    # a later period that is not joined to the first one stays apart
    ("Revenue grew in Q2 and will grow in Q4.", "en", "2026-10-01", "2026-12-31"),
    ("Q3營收會成長，Q4則持平", "zh", "2026-07-01", "2026-09-30"),
])
def test_horizon_two_joined_periods_govern_together_until_the_later_ends(text, lang, start, end):
    h = normalise(text, dt.date(2026, 8, 1), fiscal_year_end="12-31", lang=lang).horizon
    assert (str(h.start), str(h.end)) == (start, end)


def _window(text: str, ref: dt.date, lang: str, fiscal_year_end: str = "12-31") -> tuple[str, str] | None:
    """(start, end) of the horizon the normaliser gives `text` said on `ref` (None: no horizon)."""
    h = normalise(text, ref, fiscal_year_end=fiscal_year_end, lang=lang).horizon
    return (str(h.start), str(h.end)) if h else None


@pytest.mark.parametrize("text, start, end", [
    # months or years listed under one 月 / 年 are one time, from the first to the last
    ("我觉得得 2028、2029 年吧", "2028-01-01", "2029-12-31"),
    ("預計 7、8 月啟動", "2026-07-01", "2026-08-31"),
    ("預計 6、9、12 月各推出一款", "2026-06-01", "2026-12-31"),
    # this year and next, with the mark between them
    ("預期今、明兩年是設備業的高峰", "2026-01-01", "2027-12-31"),
])
def test_horizon_of_listed_months_or_years_runs_from_the_first_to_the_last(text, start, end):
    assert _window(text, dt.date(2026, 5, 1), "zh") == (start, end)


@pytest.mark.parametrize("text, lang, start, end", [
    # a space before a Latin word: the second half, not "half a year" ending on the space
    ("持續看好下半年 AI 伺服器的成長動能", "zh", "2026-07-01", "2026-12-31"),
    ("明年 Q3 的營收會成長", "zh", "2027-07-01", "2027-09-30"),
])
def test_a_space_after_a_time_does_not_choose_its_reading(text, lang, start, end):
    assert _window(text, dt.date(2026, 5, 1), lang) == (start, end)


@pytest.mark.parametrize("text", ["營收年增速衝上 23%，創下四年多來新高", "股价创下三年新高"])
def test_a_record_set_over_years_is_no_next_years(text):
    # 创下 is "set (a record)": its 下 does not make "四年" the next four years
    assert _window(text, dt.date(2026, 5, 14), "zh") is None


def test_the_next_years_are_still_read_after_other_verbs():
    assert _window("下两年的投资会增加", dt.date(2026, 5, 14), "zh") == ("2026-05-14", "2028-05-14")


@pytest.mark.parametrize("text, dated", [
    ("On the first question, the expected outcome is a margin of 20%.", False),
    ("So on the second point, I don't think you'll see any change.", False),
    ("We will launch the new plan on the first.", True),
])
def test_an_ordinal_before_a_noun_is_no_day_of_the_month(text, dated):
    assert (_window(text, dt.date(2025, 2, 11), "en") is not None) is dated


@pytest.mark.parametrize("text, start, end", [
    # years as speech-to-text writes them
    ("deployments that we believe will begin in two thousand and nineteen", "2019-01-01", "2019-12-31"),
    ("we believe we can more than double it by twenty twenty five", "2017-08-23", "2025-12-31"),
    ("capital additions are planned to be about two hundred million in fiscal eighteen", "2017-11-01", "2018-10-31"),
    ("we raise the low end of our fiscal year 'twenty six guidance", "2025-11-01", "2026-10-31"),
])
def test_a_spoken_year_is_read_as_its_digits_would_be(text, start, end):
    assert _window(text, dt.date(2017, 8, 23), "en", "10-31") == (start, end)


@pytest.mark.parametrize("text", ["margins of twenty twenty five percent over time", "we will hire two thousand people"])
def test_a_spoken_amount_is_no_year(text):
    assert _window(text, dt.date(2017, 8, 23), "en", "10-31") is None


@pytest.mark.parametrize("text, start, end", [
    ("Over the next couple years as we localize, we'll see more opportunity.", "2021-04-29", "2023-04-29"),
    ("Over the next couple of years we'll see more opportunity.", "2021-04-29", "2023-04-29"),
])
def test_the_next_couple_years_are_two_with_or_without_of(text, start, end):
    assert _window(text, dt.date(2021, 4, 29), "en") == (start, end)


@pytest.mark.parametrize("text, start", [
    ("但是今年终于要交付新车型", "2023-01-01"),   # 终于: "finally", not the end of the year
    ("今年終究會好轉", "2023-01-01"),
    ("预计今年年终会交付", "2023-09-01"),
])
def test_finally_is_no_year_end(text, start):
    assert _window(text, dt.date(2023, 5, 16), "zh") == (start, "2023-12-31")


def test_claims_take_the_joined_horizon():
    from claims.core.meta import DocMeta
    from claims.extract import extract_text

    res = extract_text("林總：我們相信在Q3跟Q4營收都會持續成長。\n", DocMeta(lang="zh", date=dt.date(2026, 8, 1)))
    assert [(str(m.horizon.start), str(m.horizon.end)) for m in res.claims] == [("2026-07-01", "2026-12-31")]
