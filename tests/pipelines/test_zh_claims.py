"""zh_claims + claim_horizon: which clauses are claims, with kind, negation, confidence and horizon.

Our own sentences (carmaker, bank, game company), simplified and traditional."""
import datetime as dt

import pytest

REF = dt.date(2025, 11, 20)


def _claims(nlp, text):
    doc = nlp.make_doc(text)
    doc._.meta = {"lang": "zh", "date": REF, "company": None, "company_aliases": [], "fiscal_year_end": "12-31", "period": None}
    return nlp(doc)._.claim_candidates


@pytest.mark.parametrize("text,expected", [
    ("李斌：我們預計明年交付量將增長五成。\n", "我們預計明年交付量將增長五成"),
    ("李斌：我们预计明年交付量将增长五成。\n", "我们预计明年交付量将增长五成"),
    ("王良：我們力爭在三年內把不良率降到1%以下。\n", "我們力爭在三年內把不良率降到1%以下"),
    ("丁磊：新游戏可能会推迟到明年上线。\n", "新游戏可能会推迟到明年上线"),
])
def test_claims_forward_statements_found(nlp_zh, text, expected):
    assert [c["text"] for c in _claims(nlp_zh, text)] == [expected]


@pytest.mark.parametrize("text", [
    "問：你們是否預計明年價格戰會加劇？\n",
    "李斌：上季度交付量同比增長了30%。\n",
    "記者了解到,該公司明年將推出新車。\n",
    "李斌：如果需求不足,\n",
    "王良：你們作為分析師也可能注意到這一點。\n",
    "王良：那下半年的需求會不會有影響\n",            # an A-not-A question without its question mark
    "王良：目前不知道明年會不會有一些限制。\n",      # an open whether
    "王良：市場普遍預期明年毛利率將回升至三成。\n",   # the market's view, in anyone's words
    "有消息稱藍山汽車明年將推出五款新車。\n",         # a rumour
    "王良：接下來我會迅速地回顧一下明年的三大計劃。\n",  # the speaker's own agenda on the call
    "王良：好，那我們接下來會進入第四題。\n",            # the call's next question, by number
    "投資者擔心，過去三年被壓抑的需求集中釋放後，增長將逐漸放緩。\n",  # a third party's view, every clause
    "不過部分分析師認為，明年行業需求將明顯下滑，價格戰也會持續。\n",
    "导语：市场担忧，价格战将持续到明年。\n",
])
def test_claims_questions_past_narration_rejected(nlp_zh, text):
    assert _claims(nlp_zh, text) == []


def test_claims_the_company_saying_what_analysts_think_is_still_its_claim(nlp_zh):
    got = [c["text"] for c in _claims(nlp_zh, "王良：我們認為分析師低估了明年的需求，明年交付量將增長五成。\n")]
    assert any("明年交付量將增長五成" in t for t in got), got


def test_claims_one_sentence_several_claims_with_own_horizons(nlp_zh):
    text = "丁磊：新工作室需要兩到三年才能成熟,未來三年海外收入仍將快速增長,我認為,手遊市場一年內不會萎縮。\n"
    cl = _claims(nlp_zh, text)
    assert len(cl) == 3, [c["text"] for c in cl]
    ends = [c["horizon"]["end"] if c["horizon"] else None for c in cl]
    assert ends == ["2028-11-20", "2028-11-20", "2026-11-20"]
    assert [c["negated"] for c in cl] == [False, False, True]


@pytest.mark.parametrize("text,kind", [
    ("王良：我們的目標是明年把成本收入比控制在30%以內。\n", "target"),
    ("王良：我行下個季度的營收預計會增長5%。\n", "guidance"),
    ("李斌：我們會進一步加大研發投入。\n", "plan"),
    ("李斌：電池價格將繼續下降。\n", "prediction"),
])
def test_claims_kind(rules_zh, text, kind):
    """The kind the rules give (the learned gate may re-read it: tests/pipelines/test_claim_gate.py)."""
    cl = _claims(rules_zh, text)
    assert cl and cl[0]["kind"] == kind, cl


@pytest.mark.parametrize("text,negated", [
    ("李斌：價格戰不會持續到明年。\n", True),
    ("李斌：這並非公司將要調整的方向。\n", True),
    ("李斌：需求不太可能在明年放緩。\n", True),
    ("李斌：新車型將不斷推出。\n", False),
])
def test_claims_negation(nlp_zh, text, negated):
    cl = _claims(nlp_zh, text)
    assert cl and cl[0]["negated"] is negated, cl


def test_claims_confidence_follows_hedges_and_boosters(nlp_zh):
    sure = _claims(nlp_zh, "李斌：明年銷量肯定會增長。\n")[0]["confidence"]
    plain = _claims(nlp_zh, "李斌：明年銷量會增長。\n")[0]["confidence"]
    hedged = _claims(nlp_zh, "李斌：明年銷量可能會增長。\n")[0]["confidence"]
    assert sure > plain > hedged


def test_claims_belief_frame_carries_horizon(nlp_zh):
    cl = _claims(nlp_zh, "王良：我們認為在未來兩年,資產質量仍然是穩定的。\n")
    assert len(cl) == 1 and cl[0]["horizon"]["end"] == "2027-11-20"


def test_claims_since_frame_is_not_a_horizon(nlp_zh):
    cl = _claims(nlp_zh, "李斌：從今年下半年起,芯片普遍缺貨,明年產能將會翻倍。\n")
    assert [c["text"] for c in cl] == ["明年產能將會翻倍"]


def test_claims_a_since_frames_statement_is_a_claim_only_with_its_own_future_word(nlp_zh):
    # the state a "since" frame leads is no forecast, and the learned gate may not add it either
    assert _claims(nlp_zh, "李斌：從去年起,原材料價格持續上漲。\n") == []
    assert [c["text"] for c in _claims(nlp_zh, "李斌：從明年起,我們將每季派息一次。\n")] == ["我們將每季派息一次"]


def test_claims_bounds_are_not_negations(nlp_zh):
    cl = _claims(nlp_zh, "王良：未來三年每年的派息比例將不低於淨利潤的30%。\n")
    assert len(cl) == 1 and cl[0]["negated"] is False


def test_claims_listed_figures_share_the_forecast_time(nlp_zh):
    cl = _claims(nlp_zh, "周蔓：我們預計下個季度營收在61億至64億元之間,毛利率維持在65%左右。\n")
    assert [c["text"] for c in cl] == ["我們預計下個季度營收在61億至64億元之間", "毛利率維持在65%左右"]
    assert cl[0]["horizon"]["end"] == cl[1]["horizon"]["end"] == "2026-03-31"  # no reported quarter: after Q4
    assert [c["kind"] for c in cl] == ["guidance", "guidance"]


@pytest.mark.parametrize("text,expected", [
    ("王良：我們的判斷是,明年淨息差降幅會收窄。\n", ["明年淨息差降幅會收窄"]),
    ("王良：全年指引方面,我們維持年初的判斷:今年全年貸款增速在8%左右。\n", ["今年全年貸款增速在8%左右"]),
    ("李斌：我們的目標是到2030年,海外銷量佔比達到三成。\n", ["海外銷量佔比達到三成"]),
])
def test_claims_lead_ins_hand_over_to_the_statement(nlp_zh, text, expected):
    assert [c["text"] for c in _claims(nlp_zh, text)] == expected


def test_claims_lead_in_target_sets_kind_and_horizon(nlp_zh):
    cl = _claims(nlp_zh, "李斌：我們的目標是到2030年,海外銷量佔比達到三成。\n")
    assert cl[0]["kind"] == "target" and cl[0]["horizon"]["end"] == "2030-12-31"


def test_claims_safe_harbour_and_results_rejected(nlp_zh):
    text = ("吳嘉敏：今日會議內容可能包含前瞻性陳述,實際結果可能存在重大差異。\n"
            "陳兆康：第二財季收入同比增長27%,好於預期。\n")
    assert _claims(nlp_zh, text) == []


def test_claims_the_sentence_after_a_safe_harbour_notice_is_part_of_it(nlp_zh):
    text = ("张三：今天的讨论可能包含前瞻性陈述。该等陈述是基于管理层当前的预期，受各种风险和不确定因素的影响，"
            "实际结果可能与预期存在重大差异。我们预计明年收入将增长20%。\n")
    assert [c["text"] for c in _claims(nlp_zh, text)] == ["我们预计明年收入将增长20%"]


def test_claims_headline_and_journalist_lines_are_not_turns(nlp_zh):
    text = ("韓思遠：新作明年上線\n11月14日訊（記者 許文瀾）啟明遊戲公布業績,公司預計明年收入增長兩成。\n"
            "問：明年的產品周期？\n答（董事長韓思遠）：明年我們會推出三款新遊戲。\n"
            "記者注意到,業內人士認為明年板塊估值將修復。\n")
    cl = _claims(nlp_zh, text)
    # the headline is no turn of 韓思遠 (the learned gate may still take its words, unattributed)
    assert [c["text"] for c in cl if c["speaker"]] == ["明年我們會推出三款新遊戲"]
    assert next(c for c in cl if c["speaker"])["speaker"]["name"] == "韓思遠"
    assert not [c for c in cl if "估值" in c["text"]]  # 業內人士認為: a third party's view


def test_claims_comparison_base_is_not_a_horizon(nlp_zh):
    assert _claims(nlp_zh, "趙慧琳：降幅比二季度收窄4個基點。\n") == []


def test_claims_figure_alone_is_a_statement_not_a_frame(nlp_zh):
    cl = _claims(nlp_zh, "王良：明年降幅會收窄,預計在10個基點左右。\n")
    assert [c["text"] for c in cl] == ["明年降幅會收窄", "預計在10個基點左右"]


def test_claims_journalist_paragraph_inside_qa_goes_to_named_person(nlp_zh):
    text = ("招商銀行行長王良：明年淨息差會企穩。\n副行長彭家文：零售AUM明年會突破15萬億元。\n"
            "此外,王良還指出,該行明年將新增科技人員2000名。\n")
    cl = _claims(nlp_zh, text)
    last = next(c for c in cl if "科技人員" in c["text"])
    assert last["speaker"]["name"] == "王良"


@pytest.mark.parametrize("text,expected,deadline", [
    # a bare stance or an aside is not a claim; the stance frames the next clause
    ("王良：我有信心，未來兩年零售貸款可以佔到一半。\n", "未來兩年零售貸款可以佔到一半", "2027-11-20"),
    ("王良：说实话，明年净息差应该还会收窄。\n", "明年净息差应该还会收窄", "2026-12-31"),
    ("丁磊：我自己是比较有把握的，新游戏明年会上线。\n", "新游戏明年会上线", "2026-12-31"),
    # a time-only clause with a numeric range governs the next clause, it is not a claim itself
    ("王良：未來12到18個月內，資本充足率希望回到12%以上。\n", "資本充足率希望回到12%以上", "2027-05-20"),
    ("李斌：講到未來，我們明年會推出三款新車。\n", "我們明年會推出三款新車", "2026-12-31"),
])
def test_claims_asides_stances_and_time_frames_pass_on_to_the_statement(nlp_zh, text, expected, deadline):
    got = _claims(nlp_zh, text)
    assert [c["text"] for c in got] == [expected]
    assert got[0]["horizon"]["end"] == deadline


def test_claims_unlabelled_speech_fails_open_with_no_speaker(nlp_zh):
    # a speech-to-text call: timestamps, no turn labels, no reported speech, no dateline
    text = "(10:01.840) 我們預計明年營收會成長兩成\n(10:05.120) 第三季毛利率應該會維持在高檔\n"
    claims = _claims(nlp_zh, text)
    assert len(claims) == 2
    assert all(c["speaker"] is None for c in claims)


def test_turns_under_a_dateline_are_the_narrators(nlp_zh):
    # the same words under a dateline are the journalist's narration: the rules take nothing from it
    # (only the learned gate may, when it is confident the company speaks)
    text = "本報記者 北京11月3日電\n我們預計明年營收會成長兩成。\n"
    doc = nlp_zh.make_doc(text)
    doc._.meta = {"lang": "zh", "date": REF, "company": None, "company_aliases": [], "fiscal_year_end": "12-31", "period": None}
    doc = nlp_zh(doc)
    assert {t.label_ for t in doc.spans["turns"]} == {"NARRATOR"}


def test_claims_transliterated_name_is_one_speaker_with_its_family_name_as_alias(nlp_zh):
    text = ("英偉達CFO科萊特·克雷斯（Colette Kress）在電話會上談到了數據中心業務。\n"
            "克雷斯表示，公司預計下季度營收將達到280億美元。\n")
    claims = _claims(nlp_zh, text)
    assert claims and all((c["speaker"] or {}).get("name") == "科萊特·克雷斯" for c in claims)


def test_claims_a_fiscal_company_s_bare_quarter_is_its_fiscal_quarter(nlp_zh):
    """A report on a company whose year ends in January that names its 財年 twice: 二季度 in a clause
    without 財 is still the fiscal quarter (May to July); the same text on a calendar year is not."""
    text = ("星河科技公布2025財年第一財季業績。\n李斌：我們預計二季度營收將達到280億美元。\n"
            "李斌：2025財年的資本開支會繼續增加。\n")

    def horizon(fye):
        doc = nlp_zh.make_doc(text)
        doc._.meta = {"lang": "zh", "date": dt.date(2024, 5, 22), "company": None, "company_aliases": [],
                      "fiscal_year_end": fye, "period": None}
        c = next(c for c in nlp_zh(doc)._.claim_candidates if "二季度" in c["text"])
        return c["horizon"]["start"], c["horizon"]["end"]

    assert horizon("01-31") == ("2024-05-01", "2024-07-31")
    assert horizon("12-31") == ("2024-04-01", "2024-06-30")


def test_claims_the_call_talking_about_itself_is_no_claim(nlp_zh):
    text = "胡敏：接下来我将讨论财务业绩，发言后将进行问答环节。我们预计明年收入将增长两成。\n"
    found = [c["text"] for c in _claims(nlp_zh, text)]
    assert any("明年收入将增长两成" in t for t in found), found
    assert not any("财务业绩" in t or "问答环节" in t for t in found), found


@pytest.mark.parametrize("item", ["第三题", "第12个问题", "第十二道题"])
def test_claims_the_call_numbering_its_questions_is_no_claim_whatever_the_numeral(nlp_zh, item):
    text = f"胡敏：{item}我会简单回答一下，我们预计明年收入将增长两成。\n"
    found = [c["text"] for c in _claims(nlp_zh, text)]
    assert any("明年收入将增长两成" in t for t in found), found
    assert not any(item in t for t in found), found


def test_the_nouns_that_number_the_calls_questions_are_no_cue_forms():
    """题 alone says nothing about a claim: were it a cue form, every clause holding it would carry a
    cue feature into the claim gate."""
    from pipelines.components.zh_claims import call_item
    from pipelines.helpers.zh_text import form_index, lexicon

    nouns = lexicon("call_items.yaml")["CALL_ITEM_NOUN"]
    assert nouns and all(call_item().fullmatch("第二" + n) for n in nouns)
    assert not set(nouns) & set(form_index("cues.yaml"))


@pytest.mark.parametrize("lead,deadline", [
    ("今年，", ("2025-01-01", "2025-12-31")),      # the current year heads the sentence: it governs
    ("明年，", ("2026-01-01", "2026-12-31")),
    ("今年以来，", None),                          # a starting point looking back governs nothing
    ("去年，", None),
])
def test_a_time_heading_the_sentence_governs_a_clause_without_its_own(nlp_zh, lead, deadline):
    """A clause the rules did not frame (one the learned gate added) still takes the time that opens
    its sentence, the current year included: "今年，我们肯定会进行试点" is checked at the end of the year."""
    from pipelines.components.claim_horizon import ClaimHorizon

    text = lead + "我们肯定会进行试点。"
    doc = nlp_zh.make_doc(text)
    doc._.meta = {"lang": "zh", "date": REF, "fiscal_year_end": "12-31", "period": None}
    span = doc.char_span(len(lead), len(text) - 1, alignment_mode="expand")
    span._.claim_info = {"sentence": (0, len(text)), "frame": None}
    doc.spans["claims"] = [span]
    h = ClaimHorizon("zh", "cues.yaml")(doc).spans["claims"][0]._.claim_info["horizon"]
    assert ((h["start"], h["end"]) if h else None) == deadline


@pytest.mark.parametrize("heading,deadline", [
    ("🎯第四季業績展望", ("2025-10-01", "2025-12-31")),   # a list's heading governs the figures under it
    ("管理層預計明年虧損擴大。", None),                    # a short sentence of its own is no heading
])
def test_a_lists_heading_gives_its_time_to_the_figures_under_it(nlp_zh, heading, deadline):
    from pipelines.components.claim_horizon import ClaimHorizon

    text = heading + "\n🟢營收：80～82 億美元\n🟢毛利率：80%～81%\n"
    doc = nlp_zh.make_doc(text)
    doc._.meta = {"lang": "zh", "date": REF, "fiscal_year_end": "12-31", "period": None}
    at = text.index("毛利率")
    span = doc.char_span(at, text.index("\n", at), alignment_mode="expand")
    span._.claim_info = {"frame": None}
    doc.spans["claims"] = [span]
    h = ClaimHorizon("zh", "cues.yaml")(doc).spans["claims"][0]._.claim_info["horizon"]
    assert ((h["start"], h["end"]) if h else None) == deadline


def _horizon_under(nlp_zh, text: str, claim: str, turns=()):
    """The horizon ClaimHorizon gives the line holding `claim`, with `turns` as (start, end, label)."""
    from spacy.tokens import Span

    from pipelines.components.claim_horizon import ClaimHorizon

    doc = nlp_zh.make_doc(text)
    doc._.meta = {"lang": "zh", "date": REF, "fiscal_year_end": "12-31", "period": None}
    at = text.index(claim)
    span = doc.char_span(at, at + len(claim), alignment_mode="expand")
    span._.claim_info = {"frame": None}
    doc.spans["claims"] = [span]
    doc.spans["turns"] = [Span(doc, doc.char_span(s, e, alignment_mode="expand").start,
                               doc.char_span(s, e, alignment_mode="expand").end, label=lab) for s, e, lab in turns]
    h = ClaimHorizon("zh", "cues.yaml")(doc).spans["claims"][0]._.claim_info["horizon"]
    return (h["start"], h["end"]) if h else None


@pytest.mark.parametrize("lines_up, deadline", [(1, ("2026-01-01", "2026-12-31")), (3, None)])
def test_in_a_subtitle_transcript_only_the_line_before_carries_its_time_down(nlp_zh, lines_up, deadline):
    """A subtitle's lines are pieces of one speech, none of them a heading: the line just before may
    end the clause's own sentence ("明年的話⏎應該會…"); a time three lines up belongs to other words."""
    between = ["(00:01.5) 客戶那邊", "(00:01.8) 其實大家都在看"][:lines_up - 1]
    lines = ["(00:01.0) 那明年的話", *between]
    text = "\n".join(lines + ["(00:03.0) 應該會有倍數的成長"]) + "\n"
    assert _horizon_under(nlp_zh, text, "應該會有倍數的成長") == deadline


def test_an_interviewers_question_gives_no_time_to_the_answer_under_it(nlp_zh):
    """"能不能畅想一下三年后会出现什么？" is the asker's time; the answer names none of its own."""
    q = "**记者：三年后会怎样**"
    a = "**张三：** 会有一定程度的突破"
    text = f"{q}\n\n{a}\n"
    turns = [(0, len(q), "ANALYST"), (len(q) + 2, len(text) - 1, "张三")]
    assert _horizon_under(nlp_zh, text, "会有一定程度的突破", turns) is None
    # one voice throughout (a report's paragraphs): the heading still governs its list
    turns = [(0, len(q), "NARRATOR"), (len(q) + 2, len(text) - 1, "NARRATOR")]
    assert _horizon_under(nlp_zh, text, "会有一定程度的突破", turns) == ("2028-11-20", "2028-11-20")


def test_the_items_of_a_list_under_a_forecast_lead_are_its_claims_with_its_time(nlp_zh):
    """"…營收展望，預期：" and then "* 遊戲機：正向增長。": each item finishes the lead's forecast,
    however short, and takes the lead's period; the same list under a plain lead is no forecast."""
    items = "* **遊戲機：正向增長。**\n* **機殼：提升。**\n* **散熱模組：持平。**\n"
    lead = "公司提供 2026 年上半年的營收展望（年增率），預期：\n\n"
    led = [c for c in _claims(nlp_zh, lead + items) if c["start"] >= len(lead)]
    assert [c["text"] for c in led] == ["遊戲機：正向增長", "機殼：提升", "散熱模組：持平"], led
    assert {(c["horizon"] or {}).get("end") for c in led} == {"2026-06-30"}
    assert {c["kind"] for c in led} == {"guidance"}
    plain = _claims(nlp_zh, "公司第一季的營收比重如下：\n\n" + items)
    assert "機殼：提升" not in {c["text"] for c in plain}, plain


@pytest.mark.parametrize("heading, led", [
    ("🎯2027 年第一季業績展望", True),   # a heading that names an outlook leads its list
    ("Q1 財測", True),
    ("🎯2026 年第四季財報", False),      # the quarter's results: a list of what happened
])
def test_the_items_under_an_outlook_heading_are_its_claims(nlp_zh, heading, led):
    items = "🟢營收：2.9 億美元\n🟢毛利率：74%\n"
    text = f"星河科技公布財報。\n\n{heading}\n{items}"
    got = {c["text"] for c in _claims(nlp_zh, text) if c["start"] > text.index(heading)}
    assert ({"營收：2.9 億美元", "毛利率：74%"} <= got) == led, got


@pytest.mark.parametrize("text, found", [
    ("李想：我们今年会有两千亿的收入，去年有一千四百五十亿的收入，对吧？\n", True),   # a statement's tag
    ("[01:24:42] 我们今年会有两千亿的收入，去年有一千四百五十亿，对吧？\n[01:24:48] 对。\n", True),
    ("李想：今年会有两千亿的收入吗？\n", False),                                     # a question
])
def test_a_question_tag_does_not_make_a_statement_a_question(nlp_zh, text, found):
    got = [c["text"] for c in _claims(nlp_zh, text)]
    assert any("两千亿" in t for t in got) == found, got


@pytest.mark.parametrize("text", [
    "李斌：**我們預計明年交付量將增長五成。**\n",
    "### 明年交付量預計將增長五成\n",
    "李斌：我們預計，**明年交付量將增長五成**\n",
])
def test_a_claims_span_starts_and_ends_on_words_not_on_markup(nlp_zh, text):
    got = _claims(nlp_zh, text)
    assert got, text
    for c in got:
        assert c["text"] == text[c["start"]:c["end"]]
        assert not c["text"].startswith(("*", "#", "，")) and not c["text"].endswith("*"), c["text"]


@pytest.mark.parametrize("text,reason", [
    ("王良：那下半年的需求會不會有影響\n", "question"),
    ("王良：市場普遍預期明年毛利率將回升至三成。\n", "third_party"),
    ("投資者擔心，過去三年被壓抑的需求集中釋放後，增長將逐漸放緩。\n", "third_party"),
    ("李斌：上季度交付量同比增長了30%。\n", "past"),
    ("李斌：如果需求不足,明年交付量將下滑。\n", "condition"),
    ("王良：你們作為分析師也可能注意到這一點。\n", "second_person"),
])
def test_a_rejected_clause_records_why_the_rules_rejected_it(nlp_zh, text, reason):
    # the learned gate may overrule a reading of form (a past tense, a condition), never another's
    # view or a question: it needs the reason, not only the rejection
    from pipelines.constants import NONCLAIMS, REJECTED_FOR

    doc = nlp_zh.make_doc(text)
    doc._.meta = {"lang": "zh", "date": REF, "company": None, "company_aliases": [], "fiscal_year_end": "12-31", "period": None}
    doc = nlp_zh(doc)
    reasons = [s.label_ for s in doc.spans[NONCLAIMS]]
    assert reason in reasons and set(reasons) <= set(REJECTED_FOR)
