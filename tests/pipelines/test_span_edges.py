"""helpers.span_edges: where a claim's span may start and end."""
import pytest

from pipelines.helpers.span_edges import word_edges


@pytest.mark.parametrize("text, inner", [
    ("**特斯拉有望在明年量产**", "特斯拉有望在明年量产"),
    ("### OpenAI will preview the model", "OpenAI will preview the model"),
    (", The company also plans to open 35 restaurants", "The company also plans to open 35 restaurants"),
    ("We expect growth (", "We expect growth"),
    ("预计 **9 月 29 日**亮相", "预计 **9 月 29 日**亮相"),   # markup inside stays: offsets are the user's
    ("#1 priority is growth", "#1 priority is growth"),       # a hash that is no heading mark
])
def test_markup_and_stray_punctuation_leave_the_edges_only(text, inner):
    s, e = word_edges(text, 0, len(text))
    assert text[s:e] == inner


def test_a_span_of_nothing_but_markup_is_left_as_it_was():
    assert word_edges("a ** b", 2, 4) == (2, 4)


def test_offsets_stay_in_the_surrounding_text():
    text = "前文。**明年將推出新車**後文"
    start = text.index("**")
    s, e = word_edges(text, start, text.index("後"))
    assert text[s:e] == "明年將推出新車"
