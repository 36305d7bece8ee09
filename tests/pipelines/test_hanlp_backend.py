"""The HanLP backend: mapping HanLP Documents onto our offsets, and failing clearly without weights.

No HanLP weights can be downloaded here, so the mapping is tested on `Document`s built by hand (the
shape HanLP's multi-task models return) and the tokenizer on a stand-in annotator; loading is tested
for its errors, against an empty HANLP_HOME.
"""
from __future__ import annotations

import functools
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

pytest.importorskip("hanlp")
from hanlp_common.document import Document  # noqa: E402
import spacy  # noqa: E402
from typer.testing import CliRunner  # noqa: E402

from pipelines import build_nlp  # noqa: E402
from pipelines.backends import hanlp as hb  # noqa: E402
from pipelines.constants import EXT_NORM_TEXT  # noqa: E402
from claims.core.errors import PipelineError
from claims.core.script import to_simplified

SMALL_MTL = "CLOSE_TOK_POS_NER_SRL_DEP_SDP_CON_ELECTRA_SMALL_ZH"


@functools.lru_cache(maxsize=1)
def zh_vocab():
    """A Chinese vocab, so that unset `norm_` falls back to the text as in a real pipeline."""
    return spacy.blank("zh").vocab


@pytest.fixture
def empty_home(tmp_path, monkeypatch):
    home = tmp_path / "hanlp_home"
    home.mkdir()
    monkeypatch.setenv("HANLP_HOME", str(home))
    monkeypatch.delenv(hb.MODEL_ENV, raising=False)
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")  # what load_model would set, undone after the test
    hb.load_model.cache_clear()
    yield home
    hb.load_model.cache_clear()


def ents(doc):
    return [(e.text, e.label_, e.start_char, e.end_char) for e in doc.ents]


# --- document_to_doc ---------------------------------------------------------------------------

def test_document_to_doc_traditional_input_keeps_original_characters():
    text = "騰訊預計明年雲業務會增長"
    document = Document(
        tok=[["腾讯", "预计", "明年", "云", "业务", "会", "增长"]],
        pos=[["NR", "VV", "NT", "NN", "NN", "VV", "VV"]],
        ner=[[["腾讯", "ORGANIZATION", 0, 1], ["明年", "DATE", 2, 3]]],
    )
    doc = hb.document_to_doc(zh_vocab(), text, document)
    assert doc.text == text
    assert [t.text for t in doc] == ["騰訊", "預計", "明年", "雲", "業務", "會", "增長"]
    assert [t.norm_ for t in doc] == ["腾讯", "预计", "明年", "云", "业务", "会", "增长"]
    assert [t.tag_ for t in doc] == ["NR", "VV", "NT", "NN", "NN", "VV", "VV"]
    assert ents(doc) == [("騰訊", "ORG", 0, 2), ("明年", "DATE", 4, 6)]
    assert doc._.get(EXT_NORM_TEXT) == to_simplified(text)


def test_document_to_doc_whitespace_dropped_by_hanlp_becomes_own_tokens():
    text = "京東 CEO 許冉說：  2026年 收入增長10%\n"
    document = Document({
        "tok/fine": [["京东", "CEO", "许冉", "说", ":", "2026年", "收入", "增长", "10%"]],
        "pos/ctb": [["NR", "NN", "NR", "VV", "PU", "NT", "NN", "VV", "CD"]],
        "ner/msra": [[["许冉", "PERSON", 2, 3], ["2026年", "DATE", 5, 6], ["10%", "PERCENT", 8, 9]]],
    })
    doc = hb.document_to_doc(zh_vocab(), text, document)
    assert doc.text == text
    assert [t.text for t in doc if not t.is_space] == ["京東", "CEO", "許冉", "說", "：", "2026年", "收入", "增長", "10%"]
    assert all(t.tag_ == hb.SPACE_TAG for t in doc if t.is_space)
    for label_text, label, start, end in ents(doc):
        assert text[start:end] == label_text
    assert [e[:2] for e in ents(doc)] == [("許冉", "PERSON"), ("2026年", "DATE"), ("10%", "PERCENT")]


def test_document_to_doc_mixed_script_and_fullwidth_align():
    text = "阿里巴巴預計淘寶收入增長１０％，阿里云會更好。"
    norm = to_simplified(text)
    document = Document(
        tok=[["阿里巴巴", "预计", "淘宝", "收入", "增长", "10%", ",", "阿里云", "会", "更", "好", "。"]],
        ner=[[["阿里巴巴", "ORGANIZATION", 0, 1], ["10%", "PERCENT", 5, 6], ["阿里云", "ORGANIZATION", 7, 8]]],
    )
    doc = hb.document_to_doc(zh_vocab(), text, document)
    assert [t.text for t in doc][5] == "１０％"
    assert doc[5].norm_ == "10%"
    assert ents(doc) == [("阿里巴巴", "ORG", 0, 4), ("１０％", "PERCENT", 12, 15), ("阿里云", "ORG", 16, 19)]
    assert doc._.get(EXT_NORM_TEXT) == norm


def test_document_to_doc_tokens_hanlp_normalised_still_cover_text():
    # HanLP may change case or variants of what it was given; the characters it covered still count
    text = "Apple的iphone銷量"
    document = Document(tok=[["apple", "的", "iPhone", "销量"]], pos=[["NR", "DEG", "NN", "NN"]])
    doc = hb.document_to_doc(zh_vocab(), text, document)
    assert [t.text for t in doc] == ["Apple", "的", "iphone", "銷量"]
    assert [t.tag_ for t in doc] == ["NR", "DEG", "NN", "NN"]


def test_document_to_doc_tokens_with_spans_placed_by_offsets():
    # HanLP's tokenizers with `output_spans` give [text, start, end] relative to each sentence
    text = "我們 看好。明年 ＡＩ業務"
    document = Document({
        "tok/fine": [[["我们", 0, 2], ["看好", 3, 5], ["。", 5, 6]], [["明年", 0, 2], ["ai", 3, 5], ["业务", 5, 7]]],
        "ner/msra": [[], [["明年", "DATE", 0, 1]]],
    })
    doc = hb.document_to_doc(zh_vocab(), text, document, starts=[0, 6])
    assert [t.text for t in doc] == ["我們", " ", "看好", "。", "明年", " ", "ＡＩ", "業務"]
    assert ents(doc) == [("明年", "DATE", 6, 8)]


@pytest.mark.parametrize("document, expected", [
    # several NER keys: the first in hanlp_keys.yaml wins on overlap, others fill in
    (Document({"tok/fine": [["小米", "发布", "小米", "汽车"]],
               "ner/msra": [[["小米", "ORGANIZATION", 0, 1]]],
               "ner/ontonotes": [[["小米", "ORG", 0, 1], ["小米汽车", "PRODUCT", 2, 4]]]}),
     [("小米", "ORG", 0, 2), ("小米汽车", "PRODUCT", 4, 8)]),
    # labels we do not use are dropped
    (Document({"tok/fine": [["小米", "发布", "三", "款"]],
               "ner/msra": [[["三", "INTEGER", 2, 3], ["小米", "ORGANIZATION", 0, 1]]]}),
     [("小米", "ORG", 0, 2)]),
    # PKU tag set
    (Document({"tok": [["雷军", "在", "北京"]], "ner/pku": [[["雷军", "nr", 0, 1], ["北京", "ns", 2, 3]]]}),
     [("雷军", "PERSON", 0, 2), ("北京", "GPE", 3, 5)]),
])
def test_document_to_doc_ner_keys_merge_by_priority(document, expected):
    text = "".join(document[next(k for k in document if k.startswith("tok"))][0])
    assert ents(hb.document_to_doc(zh_vocab(), text, document)) == expected


def test_document_to_doc_flat_single_sentence_and_starts():
    text = "我們看好。  明年的增長"
    flat = Document(tok=["我们", "看好", "。", "明年", "的", "增长"], ner=[["明年", "DATE", 3, 4]])
    doc = hb.document_to_doc(zh_vocab(), text, flat)
    assert ents(doc) == [("明年", "DATE", 7, 9)]
    nested = Document(tok=[["我们", "看好", "。"], ["明年", "的", "增长"]], ner=[[], [["明年", "DATE", 0, 1]]])
    doc2 = hb.document_to_doc(zh_vocab(), text, nested, starts=[0, 7])
    assert [t.text for t in doc2] == [t.text for t in doc]
    assert ents(doc2) == ents(doc)


def test_document_to_doc_fine_tokens_preferred_over_coarse():
    text = "云计算业务"
    document = Document({"tok/coarse": [["云计算", "业务"]], "tok/fine": [["云", "计算", "业务"]],
                         "pos/ctb": [["NN", "NN", "NN"]]})
    doc = hb.document_to_doc(zh_vocab(), text, document)
    assert [t.text for t in doc] == ["云", "计算", "业务"]


def test_document_to_doc_sentence_count_mismatch_is_error():
    with pytest.raises(PipelineError, match="sentences"):
        hb.document_to_doc(zh_vocab(), "你好。再见", Document(tok=[["你好", "。"]]), starts=[0, 3])


def test_document_to_doc_empty_text():
    doc = hb.document_to_doc(zh_vocab(), "", Document(tok=[]))
    assert len(doc) == 0 and doc._.get(EXT_NORM_TEXT) == ""


# --- chunks and the tokenizer ------------------------------------------------------------------

@pytest.mark.parametrize("text, max_chars", [
    ("我们预计。 明年增长！\n\n“好的。”最后一句", 200),
    ("没有标点的很长一句话" * 30, 50),
    ("一，二，三，四，五，六，七，八，九，十，" * 10, 25),
    ("  \n ", 200),
])
def test_split_chunks_cover_text_within_limit(text, max_chars):
    chunks = hb.split_chunks(text, max_chars)
    for start, chunk in chunks:
        assert text[start:start + len(chunk)] == chunk
        assert chunk == chunk.strip() and 0 < len(chunk) <= max_chars
    covered = "".join(c for _, c in chunks)
    assert "".join(covered.split()) == "".join(text.split())


class CharPairModel:
    """Stands in for a HanLP model: two-character tokens, spaces dropped, a DATE on '明年'."""

    def __init__(self):
        self.calls: list[list[str]] = []

    def __call__(self, sentences):
        self.calls.append(list(sentences))
        toks, ner = [], []
        for s in sentences:
            chars = s.replace(" ", "")
            sent = [chars[i:i + 2] for i in range(0, len(chars), 2)]
            toks.append(sent)
            ner.append([[t, "DATE", i, i + 1] for i, t in enumerate(sent) if t == "明年"])
        return Document({"tok/fine": toks, "ner/msra": ner})


def test_hanlp_tokenizer_feeds_simplified_chunks_and_maps_back():
    model = CharPairModel()
    tok = hb.HanLPTokenizer(zh_vocab(), model, max_chars=8)
    text = "我們預計：明年 營收增長。管理層說會繼續投資"
    doc = tok(text)
    assert doc.text == text
    assert all("們" not in s and "營" not in s for call in model.calls for s in call)
    assert all(len(s) <= 8 for call in model.calls for s in call)
    assert ents(doc) == [("明年", "DATE", 5, 7)]
    assert doc[0].text == "我們" and doc[0].norm_ == "我们"


def test_document_to_doc_characters_hanlp_dropped_become_own_tokens():
    text = "收入增長🚀明年\u200b再看"
    document = Document(tok=[["收入", "增长", "明年", "再", "看"]], ner=[[["明年", "DATE", 2, 3]]])
    doc = hb.document_to_doc(zh_vocab(), text, document)
    assert [t.text for t in doc] == ["收入", "增長", "🚀", "明年", "\u200b", "再", "看"]
    assert ents(doc) == [("明年", "DATE", 5, 7)]


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet="我們预計明年營收增长云業務。，！ 　\n１２%ABc", max_size=120), st.integers(4, 30))
def test_hanlp_tokenizer_keeps_text_and_offsets_on_any_input(text, max_chars):
    doc = hb.HanLPTokenizer(zh_vocab(), CharPairModel(), max_chars=max_chars)(text)
    assert doc.text == text
    assert len(doc._.get(EXT_NORM_TEXT)) == len(text)
    for e in doc.ents:
        # HanLP drops whitespace, so an entity may span whitespace the original text had inside it
        assert e.label_ == "DATE" and "".join(to_simplified(e.text).split()) == "明年"


def test_annotator_for_runs_only_wanted_tasks():
    class FakeMTL:
        tasks = {"tok/fine": 1, "tok/coarse": 1, "pos/ctb": 1, "ner/msra": 1, "dep": 1}

        def __call__(self, sentences, tasks=None):
            self.asked = tasks
            return Document({"tok/fine": [list(s) for s in sentences]})

    mtl = FakeMTL()
    hb.annotator_for(mtl)(["你好"])
    assert sorted(mtl.asked) == ["ner/msra", "pos/ctb", "tok/fine"]
    plain = hb.annotator_for(lambda sents: [list(s) for s in sents])
    assert plain(["你好"]) == {"tok": [["你", "好"]]}


# --- data --------------------------------------------------------------------------------------

def test_hanlp_label_map_targets_only_our_labels():
    ours = {"PERSON", "ORG", "GPE", "PRODUCT", "DATE", "MONEY", "PERCENT"}
    mapping = hb.label_map()
    assert set(mapping.values()) <= ours
    assert mapping["ORGANIZATION"] == "ORG" and mapping["nr"] == "PERSON"


# --- loading without weights -------------------------------------------------------------------

def test_missing_model_names_model_and_hanlp_home_fast(empty_home):
    t0 = time.monotonic()
    with pytest.raises(PipelineError) as info:
        hb.load_model(SMALL_MTL)
    assert time.monotonic() - t0 < 5
    msg = str(info.value)
    assert SMALL_MTL in msg and f"HANLP_HOME={empty_home}" in msg
    assert not any(empty_home.iterdir())  # nothing half-downloaded left behind


@pytest.mark.parametrize("model, match", [
    ("NO_SUCH_HANLP_MODEL", "neither a HanLP identifier nor an existing path"),
    ("", "no HanLP model"),
])
def test_resolve_model_rejects_unknown_names(empty_home, model, match):
    with pytest.raises(PipelineError, match=match):
        hb.resolve_model(model)


def test_resolve_model_finds_model_unpacked_under_hanlp_home(empty_home):
    import hanlp

    url = hanlp.pretrained.ALL[SMALL_MTL]
    folder = empty_home / "mtl" / url.rsplit("/", 1)[1].removesuffix(".zip")
    folder.mkdir(parents=True)
    assert hb.resolve_model(SMALL_MTL) == str(folder)


def test_broken_local_model_is_pipeline_error(tmp_path, empty_home):
    (tmp_path / "config.json").write_text("{}", encoding="utf-8")
    with pytest.raises(PipelineError, match="could not be loaded") as info:
        hb.load_model(str(tmp_path))
    # HanLP got as far as reading the directory: an ImportError here means `hanlp.load` itself is
    # broken (e.g. hanlp 2.1.7 forced over hanlp-common 0.0.23, which lacks `trusted_classpaths`)
    assert not isinstance(info.value.__cause__, ImportError), info.value


def test_offline_guard_refuses_downloads_at_once(tmp_path):
    from hanlp.utils.io_util import get_resource

    t0 = time.monotonic()
    with pytest.raises(PipelineError, match="HANLP_HOME"):
        with hb._offline("SOME_MODEL"):
            get_resource("https://file.hankcs.com/hanlp/transformers/x_20210706_125427.zip", save_dir=str(tmp_path))
    assert time.monotonic() - t0 < 5


def test_build_nlp_hanlp_missing_model_fails_clearly(empty_home, monkeypatch):
    monkeypatch.setenv(hb.MODEL_ENV, SMALL_MTL)
    with pytest.raises(PipelineError, match="HANLP_HOME"):
        build_nlp("zh", backend="hanlp")


def test_build_nlp_hanlp_uses_model_from_env(empty_home, monkeypatch, tmp_path):
    monkeypatch.setenv(hb.MODEL_ENV, str(tmp_path / "not-there"))
    with pytest.raises(PipelineError, match="not-there"):
        build_nlp("zh", backend="hanlp")


def test_build_nlp_unknown_backend_lists_available():
    with pytest.raises(PipelineError) as info:
        build_nlp("zh", backend="nope")
    assert "nope" in str(info.value) and "hanlp" in str(info.value)


def test_default_pipeline_unaffected_by_hanlp_backend(empty_home):
    from pipelines.lang.zh import ChineseScriptTokenizer

    nlp = build_nlp("zh")
    assert isinstance(nlp.tokenizer, ChineseScriptTokenizer)
    assert nlp.config["nlp"]["tokenizer"]["@tokenizers"] == "tracker.zh_tokenizer.v1"
    assert hb.load_model.cache_info().currsize == 0  # no HanLP model was even looked for
    doc = nlp("騰訊預計明年增長")
    assert doc.text == "騰訊預計明年增長" and doc._.get(EXT_NORM_TEXT) == "腾讯预计明年增长"


def test_hanlp_tokenizer_feeds_the_zh_components_like_the_default(empty_home):
    """With HanLP segmenting as jieba does, the downstream components find the same claims."""
    from pipelines.helpers.segmenters import jieba_cutter

    cut = jieba_cutter(None)

    def jieba_like(sentences):
        toks = [[w for w in cut(s) if w.strip()] for s in sentences]
        return Document({"tok/fine": toks, "pos/ctb": [["NN"] * len(t) for t in toks]})

    text = "網易首席執行官丁磊：我們預計明年遊戲收入將增長20%。\n網易財務總監表示，2026年利潤會繼續改善。"
    default = build_nlp("zh")
    swapped = build_nlp("zh")
    swapped.tokenizer = hb.HanLPTokenizer(swapped.vocab, jieba_like)
    want = [(c["start"], c["end"]) for c in default(text)._.claim_candidates or []]
    doc = swapped(text)
    got = [(c["start"], c["end"]) for c in doc._.claim_candidates or []]
    assert want, "the default pipeline should find claims here"
    assert doc.text == text and got == want
    for c in doc._.claim_candidates or []:
        assert text[c["start"]:c["end"]] == c["text"]


def test_cli_extract_backend_hanlp_missing_model_one_error_line(empty_home, tmp_path):
    from claims.cli import app

    src = tmp_path / "call.txt"
    src.write_text("首席執行官：我們預計明年收入會增長。\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["extract", str(src), "--lang", "zh", "--backend", "hanlp"])
    assert result.exit_code == 1
    lines = [ln for ln in result.output.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("Error: ") and "HANLP_HOME" in lines[0]


def test_build_nlp_hanlp_without_package_gives_install_hint(empty_home, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "hanlp", None)
    with pytest.raises(PipelineError, match=r"torch==2\.13\.0 && pip install 'claims-tracker\[hanlp\]'"):
        build_nlp("zh", backend="hanlp")
