"""Script folding: same length, simplified, and 著 read as 着 where it is the particle or verb."""
import pytest

from claims.core.script import to_simplified, to_simplified_chars


@pytest.mark.parametrize("trad, simp", [
    ("隨著新產品放量", "随着新产品放量"),
    ("這意味著明年", "这意味着明年"),
    ("公司會著力推進", "公司会着力推进"),
    ("著名品牌", "著名品牌"),  # 著 as in 著名 / 著作 stays
    ("顯著改善", "显著改善"),
])
def test_zhe_is_folded_only_in_its_own_words(trad, simp):
    assert to_simplified(trad) == simp


@pytest.mark.parametrize("text", ["預計未來三年內AI資源仍將供不應求", "明年上半年", "２０２７年", "Q4 revenue"])
def test_character_folding_keeps_length_and_agrees_on_time_words(text):
    out = to_simplified_chars(text)
    assert len(out) == len(text)
    assert to_simplified_chars("未來三年內") == "未来三年内"
