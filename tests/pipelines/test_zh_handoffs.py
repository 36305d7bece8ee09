"""Unlabelled speech-to-text calls: the moderator's hand-offs and thanks name who speaks."""
import pytest

from pipelines.helpers.zh_handoffs import QUESTION_MAX_LINES, handoff_regions, is_subtitle, question_regions
from pipelines.helpers.zh_names import SpeakerBook
from pipelines.helpers.zh_text import to_simplified
from tests.pipelines.test_zh_claims import _claims

CALL = ("(00:10.000) 今天出席的有董事長Simon和財務長Stone\n"
        "(00:14.000) 那我們現在就有請董事長先開始\n"
        "(00:18.000) 明年的營收我們預期會有雙位數的成長\n"
        "(00:22.000) 毛利率也會持續改善\n"
        "(00:26.000) 好謝謝董事長\n"
        "(00:30.000) 接下來想請教一下費用的部分\n"
        "(00:34.000) 營業費用率大概會維持在一成左右\n"
        "(00:38.000) 謝謝李總的說明\n")


def regions(text):
    book = SpeakerBook({})
    book.add("Simon", role="Chairman")
    book.add("Stone", role="CFO")
    got = handoff_regions(to_simplified(text), book, text)
    return [(text[s:e], book.people[k]["name"] if k else "") for s, e, k in got or []]


def test_lines_after_a_hand_off_are_the_named_persons_resolved_by_role():
    got = regions(CALL)
    assert any("雙位數的成長" in t and "毛利率" in t and who == "Simon" for t, who in got), got


def test_lines_before_a_thanks_are_the_thanked_persons_as_said():
    got = regions(CALL)
    assert any("營業費用率" in t and who == "李總" for t, who in got), got


def test_the_moderators_own_lines_belong_to_no_one():
    got = dict((t.strip(), who) for t, who in regions(CALL))
    assert got["(00:26.000) 好謝謝董事長"] == ""


def test_a_text_naming_no_one_by_hand_off_gives_no_regions():
    assert handoff_regions("(00:01.000) 明年會成長\n(00:02.000) 毛利率會改善\n", SpeakerBook({})) is None


def test_subtitles_are_told_by_their_timestamps():
    assert is_subtitle(CALL)
    assert not is_subtitle("公司預計明年營收成長。\n董事長表示,毛利率會改善。\n")


def test_claims_of_an_unlabelled_call_carry_the_handed_over_speaker(nlp_zh):
    found = {c["text"]: (c["speaker"] or {}).get("name") for c in _claims(nlp_zh, CALL)}
    assert any("毛利率" in t and who == "Simon" for t, who in found.items()), found


def test_the_lines_after_an_analysts_greeting_are_the_greeted_executives():
    text = ("(00:10.000) 謝謝大家\n(00:14.000) 王董你好\n(00:18.000) 想請教明年的展望\n"
            "(00:22.000) 明年的營收應該會成長兩成\n(00:26.000) 以上\n")
    got = regions(text)
    assert any("成長兩成" in t and who == "王董" for t, who in got), got


def test_an_executive_who_says_who_they_are_owns_the_answer_even_before_a_thanks_to_another():
    text = ("(00:01.000) 出席的有執行長Jeff Lin\n(00:05.000) 有請董事長\n(00:09.000) 今年會很好\n"
            "(00:13.000) OK我是Jeff\n(00:17.000) 第一季的出貨會持續成長\n(00:21.000) 好謝謝財務長\n")
    got = regions(text)
    assert any("出貨會持續成長" in t and who == "Jeff Lin" for t, who in got), got


def test_an_analyst_introducing_themselves_marks_no_one():
    text = ("(00:01.000) 有請董事長\n(00:05.000) 明年會成長\n(00:09.000) 我是凱基證券的陳明\n"
            "(00:13.000) 想請問毛利率\n")
    got = regions(text)
    assert not any(who == "陳明" for _, who in got), got


def test_an_unlabelled_question_runs_from_its_opening_to_its_question_particle():
    nt = to_simplified("(01:00.0) 好 請問2026年有機會\n(01:02.0) 回復到四到五億的水準嗎\n"
                       "(01:05.0) 我們預期明年會回到五億\n")
    (s, e), = question_regions(nt)
    assert nt[s:e].endswith("水准吗") and "五亿\n" not in nt[s:e]


def test_a_question_without_a_particle_stops_after_a_few_lines():
    nt = "\n".join(["(01:00.0) 请问明年的资本支出"] + [f"(01:0{i}.0) 我们会继续投资" for i in range(1, 9)])
    (s, e), = question_regions(nt)
    assert nt[s:e].count("\n") == QUESTION_MAX_LINES - 1


def test_claims_of_an_unlabelled_call_leave_out_its_questions(nlp_zh):
    text = ("(01:00.0) 請問2026年營收有機會\n(01:02.0) 回到成長的軌道嗎\n"
            "(01:05.0) 我們預期明年營收會成長兩成\n(01:08.0) 謝謝\n")
    found = [c["text"] for c in _claims(nlp_zh, text)]
    assert any("成長兩成" in t for t in found) and not any("有機會" in t or "軌道" in t for t in found), found


def test_an_answer_after_a_question_that_never_closes_is_still_the_executives(nlp_zh):
    text = ("(00:10.000) 謝謝大家\n(00:14.000) 王董你好\n(00:18.000) 想請教明年的展望\n(00:20.000) 謝謝\n"
            "(00:22.000) 明年的營收應該會成長兩成\n(00:26.000) 以上\n")
    found = [c["text"] for c in _claims(nlp_zh, text)]
    assert any("成長兩成" in t for t in found), found


def test_a_line_ending_on_a_question_particle_is_a_question_even_without_an_opener():
    nt = "(01:00.0) 那我们可以解读成下半年会比上半年更好吗\n(01:03.0) 我们觉得下半年需求还是很强劲\n"
    (s, e), = question_regions(nt)
    assert nt[s:e].endswith("更好吗") and "强劲" not in nt[s:e]


def test_a_hand_off_to_a_full_name_and_title_names_the_person_and_the_title_thereafter():
    text = ("(40:10.000) 這一題麻煩我們洪雨仙財務長幫忙回答\n"
            "(40:14.000) 下半年的交易量會持續成長\n"
            "(40:18.000) 好謝謝財務長\n"
            "(40:22.000) 下一題麻煩張秀琪總經理回答\n"
            "(40:26.000) 我們明年會推出新的服務\n"
            "(40:30.000) 好謝謝總經理\n")
    got = regions(text)
    assert any("交易量" in t and who == "洪雨仙" for t, who in got), got
    assert any("新的服務" in t and who == "張秀琪" for t, who in got), got


def test_a_given_name_never_opens_a_title():
    got = regions("(00:10.000) 有請李總經理\n(00:14.000) 明年營收會成長\n(00:18.000) 好謝謝李總經理\n")
    assert {who for t, who in got if "營收" in t} == {"李總經理"}


def test_someone_unnamed_before_who_introduces_themselves_and_presents_owns_what_follows():
    text = ("(06:47.500) 我們是不是請執行長跟我們講一下下半年\n"
            "(06:51.740) 好 那我是Johnson\n"
            "(06:54.040) 我今天向各位先進報告一下\n"
            "(06:56.980) 下半年的營收會持續成長\n"
            "(07:01.000) 好謝謝\n")
    assert any("營收會持續成長" in t and who == "Johnson" for t, who in regions(text))


def test_someone_unnamed_before_who_introduces_themselves_and_asks_marks_no_one():
    text = ("(10:00.000) 好 那我是Alex\n"
            "(10:03.000) 想請問一下下半年的毛利率\n"
            "(10:06.000) 會不會比上半年好呢\n"
            "(10:09.000) 下半年毛利率會比較好\n")
    assert not any(who == "Alex" for _, who in regions(text))


def test_a_presenter_who_names_company_and_self_after_greeting_the_audience_owns_what_follows():
    """"各位投資先進,大家好,我是鴻準的玉凱": a company before the name, no surname needed."""
    text = ("(00:03.580) 各位投資先進,大家好,我是東岳的玉凱。\n"
            "(00:08.140) 現在就開始今天的法人說明會\n"
            "(00:12.000) 下半年的營收會持續成長\n")
    assert any("營收會持續成長" in t and who == "玉凱" for t, who in regions(text))


@pytest.mark.parametrize("intro", ["我是今天的主持人", "我是公司的一員"])
def test_a_self_introduction_naming_a_common_word_is_no_speaker_of_the_lines_after(intro):
    """The moderator's role, or a word that is no name and no title, marks no one."""
    text = (f"(00:03.000) 大家好,{intro}。\n"
            "(00:08.000) 下半年的營收會持續成長\n")
    assert not any(who for _, who in regions(text))


def test_a_self_introduction_by_title_after_the_company_names_the_role():
    text = ("(00:03.000) 大家好,我是公司的財務長。\n"
            "(00:08.000) 下半年的營收會持續成長\n")
    assert any("營收會持續成長" in t and who == "財務長" for t, who in regions(text))


def test_a_family_name_and_title_in_a_hand_off_is_the_person_named_in_full_with_that_title():
    text = ("(00:06.000) 郭文元總經理率經營團隊出席\n"
            "(00:10.000) 接下來有請郭總經理\n"
            "(00:14.000) 明年車用的營收我們預期會有雙位數的成長\n"
            "(00:18.000) 好謝謝郭總經理\n")
    book = SpeakerBook({})
    got = handoff_regions(to_simplified(text), book, text)
    named = [(text[s:e], book.people[k]["name"]) for s, e, k in got or [] if k]
    assert any("雙位數的成長" in t and who == "郭文元" for t, who in named), named


def test_a_machine_translated_calls_english_hand_off_and_the_new_voices_thanks_name_both_speakers():
    """"I will now turn the call to Akash" / "Thank you, Cristiano": the lines after are Akash's, and
    the lines before the hand-off are those of the one the new voice thanks."""
    text = ("(02:10.000) 大家早上好\n"
            "(02:12.000) 我們預期明年的收入會增長\n"
            "(13:55.000) I will now turn the call to Akash\n"
            "(13:59.000) Thank you, Cristiano\n"
            "(14:01.000) 我們預計第三季的營收為100億美元\n"
            "(18:57.000) Thank you Akash\n")
    got = regions(text)
    assert any("明年的收入會增長" in t and who == "Cristiano" for t, who in got), got
    assert any("第三季的營收" in t and who == "Akash" for t, who in got), got


def test_the_one_handed_to_thanks_the_host_and_then_speaks():
    text = ("(00:43.420) 現在我就先把時間交給Carol\n"
            "(00:46.440) 謝謝Howard\n"
            "(00:49.260) 各位投資先進大家好\n"
            "(00:52.000) 我們預期第三季營收將季增一成\n")
    got = regions(text)
    assert any("季增一成" in t and who == "Carol" for t, who in got), got


def test_a_department_may_stand_between_i_am_and_a_latin_name():
    text = ("(01:11.140) 我是法人關係處Carol\n"
            "(01:13.160) 今天向各位報告第二季的營運\n"
            "(01:15.000) 我們預期下半年出貨會持續成長\n")
    got = regions(text)
    assert any("出貨會持續成長" in t and who == "Carol" for t, who in got), got


BILINGUAL = ("(22:45.300) These are the reports of the second quarter.\n"
             "(22:50.400) Next, we will hand over the time to the CEO of the group, Mr. Victor.\n"
             "(22:54.800) Thank you, Daniel.\n"
             "(22:56.800) Hello, everyone. I am Victor, CEO of the group.\n"
             "(23:01.800) 第三季的營收預期季對季將顯著成長\n"
             "(23:05.800) 毛利率也會持續改善\n")


def test_a_bilingual_calls_english_hand_off_greeting_and_self_introduction_name_the_speaker():
    got = regions(BILINGUAL)
    assert any("顯著成長" in t and "毛利率" in t and who == "Victor" for t, who in got), got
    assert any("reports of the second quarter" in t and who == "Daniel" for t, who in got), got


def test_an_english_self_introduction_needs_a_name_not_a_phrase():
    text = ("(00:01.000) This is Taiwan's largest market for us\n(00:02.000) 明年會成長\n"
            "(00:03.000) This is Brian on for David\n(00:04.000) 毛利率會改善\n")
    assert handoff_regions(to_simplified(text), SpeakerBook({}), text) is None


def test_an_english_question_runs_to_its_question_mark():
    text = ("(00:01.000) So my first question is on the server CPU\n(00:02.000) Can you give us some color there?\n"
            "(00:03.000) 我相信CPU的出貨會在第三季成長\n")
    got = [text[s:e] for s, e in question_regions(to_simplified(text))]
    assert len(got) == 1 and "color there?" in got[0] and "第三季" not in got[0], got


def test_an_answerers_thanks_to_the_one_who_asked_gives_them_only_the_question():
    """"…的策略嗎" / "謝謝Brian" / "我先回答…": the lines before the question are not the asker's."""
    text = ("(00:01.000) 那我們現在就有請財務長\n(00:05.000) 明年的資本支出會大幅增加\n(00:09.000) 毛利率也會持續改善\n"
            "(00:13.000) 您能幫助我們\n(00:17.000) 理解明年的策略嗎\n(00:21.000) 謝謝Brian\n(00:25.000) 我先回答策略的問題\n")
    got = regions(text)
    assert any("資本支出" in t and who == "Stone" for t, who in got), got
    assert not any("資本支出" in t and who == "Brian" for t, who in got), got
    assert any("策略嗎" in t and who == "Brian" for t, who in got), got


def test_a_thanks_with_a_comma_names_the_voice_before_it():
    text = "(00:01.000) 我們預期明年會成長\n(00:05.000) 謝謝,Sander。\n(00:09.000) 下一位\n"
    got = regions(text)
    assert any("明年會成長" in t and who == "Sander" for t, who in got), got
