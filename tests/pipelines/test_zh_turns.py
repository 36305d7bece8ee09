"""zh_turns: Q&A turns, reported speech, anaphora and titles, on our own texts."""
import pytest

from pipelines.constants import TURNS


def _labels(nlp, text, company=None):
    doc = nlp.make_doc(text)
    doc._.meta = {"lang": "zh", "date": None, "company": company, "company_aliases": [], "fiscal_year_end": "12-31", "period": None}
    doc = nlp(doc)
    return doc, [(s.label_, s.text) for s in doc.spans[TURNS]]


@pytest.mark.parametrize("text,speaker,content", [
    ("問：明年銷量怎麼看？\n答：我們預計明年銷量會增長兩成。\n", "ANALYST", "明年銷量怎麼看"),
    ("分析师 王磊（华信证券）：请问毛利率会改善吗？\n", "ANALYST", "毛利率会改善吗"),
    ("主持人：下面进入问答环节。\n", "HOST", "下面进入问答环节"),
])
def test_turns_question_and_host_prefixes(nlp_zh, text, speaker, content):
    _, labels = _labels(nlp_zh, text)
    assert any(lab == speaker and content in t for lab, t in labels), labels


def test_turns_named_turn_continues_over_paragraphs(nlp_zh):
    text = "比亞迪董事長王傳福表示,公司將加大出口。\n王傳福：我們明年會推出五款新車。\n海外工廠也會在年底投產。\n提問：價格戰何時結束？\n"
    doc, labels = _labels(nlp_zh, text)
    assert ("王傳福", "我們明年會推出五款新車。\n海外工廠也會在年底投產。\n") in labels or \
        any(lab == "王傳福" and "海外工廠也會在年底投產" in t for lab, t in labels), labels
    sp = {s["name"]: s for s in doc._.speakers}
    assert sp["王傳福"]["role"] == "Chairman"
    assert "王传福" in sp["王傳福"]["aliases"]


def test_turns_reported_speech_and_pronoun(nlp_zh):
    text = "招商银行行长王良表示,明年净息差将企稳。他提到,资产质量会保持稳定。记者注意到,该行股价下跌。"
    _, labels = _labels(nlp_zh, text)
    assert any(lab == "王良" and "净息差将企稳" in t for lab, t in labels), labels
    assert any(lab == "王良" and "资产质量会保持稳定" in t for lab, t in labels), labels
    assert any(lab == "NARRATOR" and "股价下跌" in t for lab, t in labels), labels


def test_turns_quotation_runs_past_full_stops(nlp_zh):
    text = '李斌指出,"明年交付量會翻倍。毛利率也會改善。"記者了解到,公司仍在虧損。'
    _, labels = _labels(nlp_zh, text)
    assert any(lab == "李斌" and "毛利率也會改善" in t for lab, t in labels), labels


@pytest.mark.parametrize("text,speaker", [
    ("Toby Xu：我們預計下季度利潤率會改善。\n", "Toby Xu"),
    ("吳嘉敏（投資者關係總監）：我們明年會增加派息。\n", "吳嘉敏"),
    ("答（星河汽車CEO周明遠）：明年交付量會翻倍。\n", "周明遠"),
])
def test_turns_prefix_forms_name_the_speaker(nlp_zh, text, speaker):
    _, labels = _labels(nlp_zh, text)
    assert labels and labels[0][0] == speaker, labels


def test_turns_broker_affiliation_marks_an_analyst(nlp_zh):
    _, labels = _labels(nlp_zh, "張浩然（恒昇證券）：明年毛利率會改善嗎？\n陳兆康：我們預計明年毛利率會改善。\n")
    assert labels[0][0] == "ANALYST" and labels[1][0] == "陳兆康", labels


@pytest.mark.parametrize("header", ["時間：2026年11月12日 下午2:00", "时间：2026年3月5日", "日期：2026年11月12日",
                                    "地點：台北市信義區 本公司會議室"])
def test_turns_header_labels_are_not_speakers(nlp_zh, header):
    """時 is a family name, so 時間 looks like a name; a header label never speaks."""
    doc, labels = _labels(nlp_zh, header + "\n陳兆康：我們預計明年毛利率會改善。\n")
    names = {s["name"] for s in doc._.speakers}
    assert not names & {"時間", "时间", "日期", "地點"}, names
    assert all(lab not in ("時間", "时间", "日期", "地點") for lab, _ in labels), labels


def test_turns_a_bold_headline_naming_a_person_ends_at_the_next_item(nlp_zh):
    text = ("<p><strong>星河科技CEO韓思遠：明年銷量將翻倍</strong></p>\n<p>日前，韓思遠在會上表示，明年銷量將翻倍。</p>\n"
            "<p><strong>藍海外賣：對商家實行佣金減免</strong></p>\n<p>本輪融資將主要用於產品線拓展。</p>\n")
    _, labels = _labels(nlp_zh, text)
    assert not any(lab == "韓思遠" and "本輪融資" in t for lab, t in labels), labels
    assert any(lab == "韓思遠" and "翻倍" in t for lab, t in labels), labels


def test_turns_a_name_stops_where_a_dictionary_word_begins(nlp_zh):
    _, labels = _labels(nlp_zh, "日前,星河科技CEO趙明最新表示,明年折疊屏手機市場將增長10倍。\n")
    assert any(lab == "趙明" and "增長10倍" in t for lab, t in labels), labels


def test_turns_a_headline_restating_the_item_holds_no_claim(nlp_zh):
    from tests.pipelines.test_zh_claims import _claims

    text = ("星河科技CEO韓思遠：明年銷量將翻倍\n日前，韓思遠在會上表示，星河科技明年銷量將翻倍。\n")
    found = _claims(nlp_zh, text)
    assert found and all(c["start"] > text.index("\n") for c in found), found


def test_turns_a_paragraph_that_only_opens_in_bold_keeps_its_attributions(nlp_zh):
    text = ("星河科技公布財報。\n\n**韓思遠表示，公司最早推出的兩款車型將在下一季度停產。**韓思遠直言，公司正在轉型。\n")
    _, labels = _labels(nlp_zh, text)
    assert any(lab == "韓思遠" and "停產" in t for lab, t in labels), labels


def test_turns_a_line_bold_from_start_to_end_is_still_a_headline(nlp_zh):
    text = "**韓思遠：明年銷量將翻倍**\n日前，韓思遠在會上表示，明年銷量將翻倍。\n"
    _, labels = _labels(nlp_zh, text)
    assert not any(lab == "韓思遠" and t.startswith("**") for lab, t in labels), labels


_CALL = "理想汽车首席执行官李想出席了电话会。\n{q}今年销量会怎样？\n{a}我们预计明年销量会增长两成。\n"


@pytest.mark.parametrize("q, a, speaker", [
    ("【提问】", "【李想】", "李想"),          # bracketed labels
    ("提问\n", "李想\n", "李想"),              # labels alone on their lines (the name already introduced)
    ("分析師：", "財務長：", "SPEAKER"),       # a role-only label nobody was named to: an unnamed executive
    ("分析師：", "執行長：", "李想"),          # a role the text gave to one named person is that person
])
def test_turns_bracketed_lone_and_role_only_labels_open_turns(nlp_zh, q, a, speaker):
    _, labels = _labels(nlp_zh, _CALL.format(q=q, a=a))
    assert any(lab == "ANALYST" and "今年销量会怎样" in t for lab, t in labels), labels
    assert any(lab == speaker and "明年销量会增长两成" in t for lab, t in labels), labels


def test_turns_a_lone_line_of_other_words_is_no_label(nlp_zh):
    _, labels = _labels(nlp_zh, "提问：今年销量会怎样？\n业绩展望\n我们预计明年销量会增长两成。\n")
    assert not any(lab not in ("ANALYST",) and "明年销量" in t for lab, t in labels), labels


def test_turns_an_html_transcripts_label_lines_open_turns(nlp_zh):
    # label, then timestamp, then the speech paragraph (tags may reach the pipeline blanked)
    block = ('<p class="title"><span><strong>{who}</strong></span><br><span><i>00:0{n}:25</i></span></p>\n'
             "<p>{say}</p>\n")
    text = ("<p>参会：MINIMAX CEO 严俊杰</p>\n"
            + block.format(who="MINIMAX CEO 严俊杰", n=1, say="公司预计未来模型发布周期将显著缩短。")
            + block.format(who="高盛发言人", n=2, say="请问明年毛利率会提升吗？")
            + block.format(who="MINIMAX管理层", n=3, say="我们预计明年毛利率会继续提升。"))
    _, labels = _labels(nlp_zh, text, company="MiniMax")
    assert any(lab == "严俊杰" and "发布周期将显著缩短" in t for lab, t in labels), labels
    assert any(lab == "ANALYST" and "毛利率会提升吗" in t for lab, t in labels), labels
    assert any(lab == "SPEAKER" and "继续提升" in t for lab, t in labels), labels


def test_turns_a_subtitle_line_is_never_a_label_line(nlp_zh):
    text = "(00:01.000) 王董\n(00:02.000) 我們預計明年營收會成長\n"
    _, labels = _labels(nlp_zh, text)
    assert not any(lab == "王董" for lab, _ in labels), labels


def test_turns_markdown_heading_labels_with_titles_and_topics_name_the_speaker(nlp_zh):
    text = ("## 管理层陈述\n\n### 吴俊峰（资深副总裁、财务负责人）——财务汇报\n\n> 三季度收入预计环比增长 8%。\n\n"
            "### Q1：毛利率\n\n**分析师提问：**\n明年毛利率会改善吗？\n\n**赵海军回答：**\n\n> 明年毛利率会继续提高。\n")
    _, labels = _labels(nlp_zh, text)
    assert any(lab == "吴俊峰" and "收入预计环比增长" in t for lab, t in labels), labels
    assert any(lab == "ANALYST" and "明年毛利率会改善吗" in t for lab, t in labels), labels
    assert any(lab == "赵海军" and "明年毛利率会继续提高" in t for lab, t in labels), labels


@pytest.mark.parametrize("text,name", [
    ("联合首席执行官赵海军博士表示，明年产能会继续扩充。\n", "赵海军"),  # a title closes a three-character name
    ("近年陆续新增的资本开支会使折旧增长。\n", None),  # a word opening on a family name is no name
])
def test_turns_names_end_at_titles_and_common_words_are_no_names(nlp_zh, text, name):
    doc, _ = _labels(nlp_zh, text)
    assert [s["name"] for s in doc._.speakers] == ([name] if name else [])


def test_turns_a_speakers_own_sub_headings_keep_the_turn_but_a_new_section_ends_it(nlp_zh):
    text = ("## 第二部分：CEO发言\n\n**吴泳铭**：各位好。\n\n### 云业务\n\n云收入明年会继续加速。\n\n"
            "**第一，AI收入会持续高速增长。** 本季度收入增长45%。\n\n## 第三部分：附录\n\n公司今年将完成回购。\n")
    _, labels = _labels(nlp_zh, text)
    assert any(lab == "吴泳铭" and "云收入明年会继续加速" in t for lab, t in labels), labels
    assert any(lab == "吴泳铭" and "本季度收入增长45%" in t for lab, t in labels), labels
    assert not any(lab == "吴泳铭" and "完成回购" in t for lab, t in labels), labels


def test_turns_a_registry_name_is_written_as_the_text_writes_it(nlp_zh):
    doc, labels = _labels(nlp_zh, "吴泳铭：明年云收入会继续加速。\n", company="阿里巴巴")
    assert any(lab == "吴泳铭" for lab, _ in labels), labels


def test_turns_a_bold_name_with_its_role_in_brackets_after_the_bold_is_a_label(nlp_zh):
    text = ("**王宁**：今年收入会增长。\n\n**司德**（回答北美驱动力）：\n北美市场明年还会继续高速增长。\n")
    _, labels = _labels(nlp_zh, text)
    assert any(lab == "司德" and "北美市场明年" in t for lab, t in labels), labels


def test_turns_a_bold_figure_heading_inside_a_turn_is_no_speaker(nlp_zh):
    """毛 is a family name and jieba tags 毛利 as a name, but "**毛利：**" heads a figure."""
    text = ("**王宁**：先看本季度。\n\n**毛利：** 同比增长13%。\n\n明年毛利率会继续提高。\n")
    doc, labels = _labels(nlp_zh, text)
    assert "毛利" not in [s["name"] for s in doc._.speakers]
    assert any(lab == "王宁" and "明年毛利率会继续提高" in t for lab, t in labels), labels


def test_a_paraphrase_runs_over_the_paragraphs_sentences_until_the_reporter_speaks(nlp_zh):
    text = ("蓝山科技发布第二季度业绩。\n"
            "谈及接下来的战略，蓝山科技CEO周明远介绍，首先公司将研发更适配业务的模型。其次，未来公司将进一步升级产品。"
            "财报显示，二季度营收增长了两成。\n"
            "下半年行业仍有不确定性。\n")
    _, labels = _labels(nlp_zh, text)
    assert any(lab == "周明远" and "未来公司将进一步升级产品" in t for lab, t in labels), labels
    assert any(lab == "NARRATOR" and "财报显示" in t for lab, t in labels), labels
    assert any(lab == "NARRATOR" and "下半年行业仍有不确定性" in t for lab, t in labels), labels


def test_who_is_told_is_not_who_says_and_an_outsiders_view_is_no_companys(nlp_zh):
    text = "投资人张琳向蓝山网表示，蓝山科技明年的规模会翻倍。\n"
    doc, labels = _labels(nlp_zh, text)
    assert any(lab == "ANALYST" and "明年的规模会翻倍" in t for lab, t in labels), labels
    assert "蓝山" not in {s["name"] for s in doc._.speakers}


def test_a_dictionary_word_opening_with_a_family_names_character_is_no_speaker(nlp_zh):
    text = "蓝山科技发布业绩。\n海豚君在过去几个季度的点评中一直提及，蓝山科技的投入会在明年见效。\n"
    doc, labels = _labels(nlp_zh, text)
    assert "季度" not in {s["name"] for s in doc._.speakers}
    assert not any(lab == "季度" for lab, _ in labels), labels


_INTERVIEW = (
    "**《周刊》**：明年的重点是什么？\n\n**老船长**：我们明年会推出三款新车。\n\n"
    "**《周刊》**：价格战会持续吗？\n\n**老船长**：我觉得价格战还会持续一年。\n\n"
    "**《周刊》**：海外市场怎么看？\n\n**老船长**：海外工厂会在年底投产。\n"
)


def test_turns_a_recurring_label_no_table_knows_opens_turns(nlp_zh):
    # a nickname is no name the tables know, yet a label opening a line three times is a voice
    _, labels = _labels(nlp_zh, _INTERVIEW)
    assert any(lab == "老船长" and "推出三款新车" in t for lab, t in labels), labels
    assert any(lab == "老船长" and "年底投产" in t for lab, t in labels), labels


def test_turns_a_recurring_label_that_mostly_asks_is_the_interviewer(nlp_zh):
    # set in bold from start to end, the interviewer's lines would otherwise be headlines
    _, labels = _labels(nlp_zh, _INTERVIEW)
    assert any(lab == "ANALYST" and "价格战会持续吗" in t for lab, t in labels), labels


def test_turns_a_list_key_opening_lines_is_no_voice(nlp_zh):
    text = "为何重要：销量是核心指标。\n\n为何重要：毛利率会回升。\n\n为何重要：公司将扩产。\n"
    _, labels = _labels(nlp_zh, text)
    assert not any(lab == "为何重要" for lab, _ in labels), labels


def test_turns_a_page_setting_every_paragraph_as_a_heading_keeps_its_turns(nlp_zh):
    # "##### " before every paragraph: a heading of several sentences is a paragraph of the turn
    turn = "##### **主持人甲：** 你怎么看明年？\n\n##### **王建国：** 我先说结论。\n\n##### 我们明年会推出三款新车。海外工厂会在年底投产。\n\n"
    _, labels = _labels(nlp_zh, turn * 3)
    assert any(lab == "王建国" and "推出三款新车" in t for lab, t in labels), labels


def test_turns_a_quarter_with_its_year_on_a_slide_is_no_question_label(nlp_zh):
    # "Q3 2025" is a time on a capacity slide; read as "Q3:" asking, its turn swallowed the deck
    _, labels = _labels(nlp_zh, "產能規劃\nQ3 2025\n600K shts/mon\n我們預計明年產能將提升三成\n")
    assert not any(lab == "ANALYST" for lab, _ in labels), labels


def test_turns_a_decks_own_disclaimer_does_not_make_it_a_report(nlp_zh):
    # with no turn, no dateline and no reporter's word, the deck's words are the company's unnamed voice
    text = "免責聲明\n本簡報可能包括前瞻性預估。\n\n永續報告\n以2023年為基準年，2030年達成減碳30%\n"
    _, labels = _labels(nlp_zh, text)
    assert any(lab == "SPEAKER" and "2030年達成減碳" in t for lab, t in labels), labels


def test_turns_a_quotation_followed_by_a_bare_he_said_is_the_person_last_named(nlp_zh):
    """A profile: "X會長張明談展望" then quotations each closed by "他說": the quotation is his, even
    before anyone was heard saying anything."""
    text = "集團會長張明談記憶體展望\n\n「明年的記憶體需求會翻倍。」他說。\n\n記者注意到，公司股價下跌。\n"
    _, labels = _labels(nlp_zh, text)
    assert any(lab == "張明" and "需求會翻倍" in t for lab, t in labels), labels
    assert any(lab == "NARRATOR" and "股價下跌" in t for lab, t in labels), labels


def test_turns_a_pronoun_in_running_narration_names_no_one_new(nlp_zh):
    """"他法說…" (a typo for 它) with content after it: no attribution is guessed, and the text stays
    the unlabelled company voice whose claims count."""
    text = "第三家是群聯，他法說完全站在另一個層面，它不是在談供應。\n公司預計明年營收成長兩成。\n"
    _, labels = _labels(nlp_zh, text)
    assert not any(lab not in ("NARRATOR", "SPEAKER") for lab, _ in labels), labels
    assert any(lab == "SPEAKER" and "明年營收成長兩成" in t for lab, t in labels), labels


def test_turns_a_name_under_a_picture_is_its_caption_not_a_turn_label(nlp_zh):
    """A news page prints the CEO's photo and her name under it; the paragraphs after are the
    reporter's, not a turn of hers."""
    text = ("“我们明年会继续开店。”百胜中国首席执行官屈翠容表示。\n\n"
            "![图片](https://example.com/a.jpg)\n\n屈翠容\n\n"
            "财报显示，第四季度收入同比增长4%，分析师预计明年增速放缓。\n")
    _, labels = _labels(nlp_zh, text)
    assert not any(lab == "屈翠容" and "分析师预计" in t for lab, t in labels), labels


def test_turns_a_family_name_before_a_preposition_is_no_speaker(nlp_zh):
    """"欧莱雅曾于10月份表示": 曾于 is "once, in", not a Mr Zeng."""
    text = "此前，欧莱雅曾于10月份表示，第四季度的销售额增长将与上一季度持平。\n"
    _, labels = _labels(nlp_zh, text)
    assert not any(lab == "曾于" for lab, _ in labels), labels


def test_turns_the_company_named_as_saying_is_its_own_unnamed_voice(nlp_zh):
    """"欧莱雅表示，…": the company speaks (speaker null, the claim counts), no person, and its voice
    alone does not make the text a report whose other lines are the reporter's."""
    doc = nlp_zh.make_doc("欧莱雅表示，将持续加码投资中国市场。\n集团预计明年销售额增长5%。\n")
    doc._.meta = {"lang": "zh", "date": None, "company": "欧莱雅集团", "company_aliases": ["欧莱雅"],
                  "fiscal_year_end": "12-31", "period": None}
    labels = [(s.label_, s.text) for s in nlp_zh(doc).spans[TURNS]]
    assert any(lab == "SPEAKER" and "加码投资" in t for lab, t in labels), labels
    assert any(lab == "SPEAKER" and "明年销售额" in t for lab, t in labels), labels
    assert not any(lab == "欧莱雅" for lab, _ in labels), labels


def test_turns_a_quotation_after_a_clause_naming_someone_already_heard_is_theirs(nlp_zh):
    text = ("首席执行官张明表示，公司将继续开店。\n"
            "对于2025年，张明仍然充满期待，“我们预计明年销售额将增长一成。”\n")
    _, labels = _labels(nlp_zh, text)
    assert any(lab == "张明" and "明年销售额将增长一成" in t for lab, t in labels), labels


@pytest.mark.parametrize("name", ["藤原宪太郎", "博万尚"])
def test_turns_a_name_no_family_name_table_knows_is_read_between_a_title_and_the_verb(nlp_zh, name):
    text = f"在业绩会上，公司CEO{name}分析称：“我们将在中长期进行严格的库存管理。”\n"
    _, labels = _labels(nlp_zh, text)
    assert any(lab == name and "库存管理" in t for lab, t in labels), labels


def test_turns_a_quotation_closed_by_he_said_in_its_own_sentence_is_the_last_named_speakers(nlp_zh):
    """"“…，”他说。": the quotation and its "he said" are one sentence; the quotation is the person the
    paragraph before named as saying."""
    text = ("首席执行官张明表示，公司正在加快新车型的生产。\n\n"
            "“这些新车型将使用下一代平台，”他说。“我们将能够在现有生产线上生产。”\n")
    _, labels = _labels(nlp_zh, text)
    assert any(lab == "张明" and "下一代平台" in t for lab, t in labels), labels
    assert any(lab == "张明" and "现有生产线" in t for lab, t in labels), labels


def test_turns_a_latin_name_after_a_title_speaks_before_a_place_and_the_reporting_verb(nlp_zh):
    text = "特斯拉首席财务官Vaibhav Taneja在季度电话会议上表示，裁员带来的节省预计每年将超过10亿美元。\n"
    _, labels = _labels(nlp_zh, text)
    assert any(lab == "Vaibhav Taneja" and "节省预计" in t for lab, t in labels), labels


def test_turns_a_forecast_verb_after_the_companys_name_stays_with_what_it_forecasts(nlp_zh):
    """"中芯国际预计2025年第一季度收入环比增长6%-8%": 预计 is part of the forecast (cut off, the figure
    reads as a result)."""
    doc = nlp_zh.make_doc("财报中，公司也给出了业绩指引。中芯国际预计2025年第一季度收入环比增长6%-8%。\n")
    doc._.meta = {"lang": "zh", "date": None, "company": "中芯国际", "company_aliases": ["中芯国际"],
                  "fiscal_year_end": "12-31", "period": None}
    labels = [(s.label_, s.text) for s in nlp_zh(doc).spans[TURNS]]
    assert any(lab == "SPEAKER" and t.startswith("预计2025年") for lab, t in labels), labels


@pytest.mark.parametrize("heading", ["投资者关系活动\n类别", "投資者關係活動類別", "分析师提问环节"])
def test_turns_a_heading_that_starts_with_a_questioners_word_opens_no_question(nlp_zh, heading):
    # an A-share investor-relations record's form heading: the company's answers below it stay claimable
    text = f"蓝山科技投资者关系活动记录表\n{heading}\n□业绩说明会\n1、明年怎么看？\n公司预计明年收入将增长两成。\n"
    _, labels = _labels(nlp_zh, text)
    assert not any(lab == "ANALYST" and "明年收入将增长两成" in t for lab, t in labels), labels


@pytest.mark.parametrize("label", ["机构投资者Ali", "分析师王磊"])
def test_turns_a_questioners_word_with_who_it_is_opens_a_question(nlp_zh, label):
    _, labels = _labels(nlp_zh, f"{label}\n请问明年毛利率会改善吗？\n")
    assert any(lab == "ANALYST" and "毛利率会改善" in t for lab, t in labels), labels


_RECORD = ("蓝山科技投资者关系活动记录表\n"
           "{item}\n"
           "您好，公司预计明年资本开支与今年基本持平，谢谢。\n")


def test_turns_a_numbered_item_ending_on_a_question_mark_is_the_investors(nlp_zh):
    # the statement that leads up to the question is the investor's too, not the company's forecast
    item = "3、券商预计明年行业需求将翻倍。请问公司明年的产能规划如何？"
    _, labels = _labels(nlp_zh, _RECORD.format(item=item))
    assert any(lab == "ANALYST" and "行业需求将翻倍" in t for lab, t in labels), labels
    assert not any(lab == "ANALYST" and "资本开支" in t for lab, t in labels), labels


def test_turns_a_numbered_list_without_a_question_stays_the_companys(nlp_zh):
    item = "1、公司将在明年上半年投产两条新产线。\n2、公司预计海外收入占比将继续提升。"
    _, labels = _labels(nlp_zh, _RECORD.format(item=item))
    assert not any(lab == "ANALYST" for lab, _ in labels), labels


def test_turns_an_unlabelled_answer_after_a_labelled_question_is_the_companys(nlp_zh):
    # a record that labels only its questions: the answer after the "?" line is claimable
    text = ("蓝山科技投资者关系活动记录表\n二、问答环节\n"
            "Q1：公司如何看待明年的需求？\n公司预计明年数据中心业务收入将增长三成。\n"
            "Q2：储能业务进展如何？\n储能业务明年将开始批量交付。\n")
    _, labels = _labels(nlp_zh, text)
    assert any(lab == "ANALYST" and "明年的需求" in t for lab, t in labels), labels
    assert not any(lab == "ANALYST" and ("增长三成" in t or "批量交付" in t) for lab, t in labels), labels


def test_turns_a_question_turn_ends_where_a_labelled_answer_begins_not_at_its_question_mark(nlp_zh):
    text = "问：明年需求怎么看？\n我们券商预计明年需求将翻倍。\n答：公司预计明年收入将增长三成。\n"
    _, labels = _labels(nlp_zh, text)
    assert any(lab == "ANALYST" and "翻倍" in t for lab, t in labels), labels


def test_turns_a_label_behind_a_subtitle_timestamp_reads_as_without_it(nlp_zh):
    plain = "王小明：我们预计明年收入增长两成。\n提问：毛利率会改善吗？\n王小明：毛利率明年会提高到30%。\n"
    stamped = "".join(f"[00:0{k}:12] {line}\n" for k, line in enumerate(plain.splitlines()))
    _, want = _labels(nlp_zh, plain)
    _, got = _labels(nlp_zh, stamped)
    assert [lab for lab, _ in got] == [lab for lab, _ in want]
    assert [lab for lab, _ in want][:1] == ["王小明"] and "ANALYST" in [lab for lab, _ in want]


def test_turns_reported_speech_wrapped_at_a_pages_margin_reads_as_the_whole_paragraph(nlp_zh):
    para = ("招商银行行长王良在业绩发布会上介绍了本季度的经营情况和资产质量的变化，并回答了投资者关心的问题。"
            "他表示，明年净息差将企稳回升，资产质量会保持稳定，零售业务将继续成为全行利润增长的主要来源。"
            "记者注意到，该行股价在发布会后小幅下跌，市场对银行板块的整体预期仍然较为谨慎，多家机构维持中性评级。")
    wrapped = "\n".join(para[i:i + 24] for i in range(0, len(para), 24)) + "\n"

    def speaker_of(text, words):
        _, labels = _labels(nlp_zh, text)
        return [lab for lab, t in labels if words in t.replace("\n", "")]

    assert speaker_of(wrapped, "零售业务将继续成为") == speaker_of(para, "零售业务将继续成为") == ["王良"]


def test_turns_a_pages_front_matter_is_its_metadata_not_anyones_words(nlp_zh):
    text = ("---\ntitle: '蓝山银行预计明年净息差将企稳'\ndate: 2025-10-30\nauthor: 记者\n---\n\n"
            "蓝山银行行长王良表示,明年净息差将企稳。\n")
    _, labels = _labels(nlp_zh, text)
    assert [lab for lab, t in labels if "预计明年净息差将企稳" in t] == ["HEADLINE"]
    assert any(lab == "王良" and "明年净息差将企稳" in t for lab, t in labels), labels
