"""wrapped_lines: the line breaks a PDF's margin put inside Chinese sentences, and what zh_clauses does with them."""
from claims.core.script import to_simplified
from pipelines.components.zh_clauses import split_clauses
from pipelines.helpers.wrapped_lines import soft_breaks

# our own investor-relations record, cut at a 30-character margin the way a PDF extraction leaves it
_PAGE = (
    "蓝山科技股份有限公司投资者关系活动记录表\n"
    "1、请问公司如何看待明年光模块的需求？随着算力需求不断\n"
    "增长，公司的产能是否足够？\n"
    "您好，公司新产线已实现批量出货，预计未来在产品结构中的占比\n"
    "也将持续提升，明年上半年公司还会在泰国工厂增加两条生产线，\n"
    "以满足海外客户不断增长的订单需求，谢谢。\n"
    "2、公司明年的资本开支计划是怎样的？是否会继续加大对海外工\n"
    "厂的投入？\n"
    "您好，公司将根据订单情况安排资本开支，预计明年资本开支与今\n"
    "年基本持平，海外工厂的投入会根据客户的需求逐步增加，谢谢。\n"
)


def test_breaks_at_the_margin_inside_a_sentence_are_soft():
    nt = to_simplified(_PAGE)
    soft = soft_breaks(nt)
    assert nt.index("的占比\n也将") + 3 in soft
    assert nt.index("加大对海外工\n厂") + 6 in soft


def test_breaks_after_a_full_stop_or_before_a_numbered_item_stay_hard():
    soft = soft_breaks(to_simplified(_PAGE))
    assert _PAGE.index("谢谢。\n2、") + 3 not in soft
    assert _PAGE.index("是否足够？\n") + 5 not in soft
    assert _PAGE.index("记录表\n") + 3 not in soft  # a short heading line does not reach the margin


def test_unpunctuated_speech_to_text_and_subtitles_have_no_soft_breaks():
    asr = "\n".join(["那所以整个的一个市场的话就是相关于AI的这些需求"] * 12)
    subtitles = "\n".join(f"(09:{10 + i}.540) 我们看到就是说其实的确就是说整个市场上面的需求" for i in range(12))
    assert soft_breaks(asr) == frozenset()
    assert soft_breaks(subtitles) == frozenset()


def test_a_sentence_cut_at_the_margin_is_one_clause():
    nt = to_simplified(_PAGE)
    clauses = [nt[s:e] for s, e, _ in split_clauses(nt, 0, len(nt), soft_breaks(nt))]
    assert "预计未来在产品结构中的占比\n也将持续提升" in clauses
    assert not any(c == "也将持续提升" for c in clauses)


def test_a_claim_cut_at_the_margin_is_found_whole(nlp_zh):
    from tests.pipelines.test_zh_claims import _claims

    found = [c["text"] if isinstance(c, dict) else c.text for c in _claims(nlp_zh, _PAGE)]
    assert any("占比" in t and "持续提升" in t for t in found), found
