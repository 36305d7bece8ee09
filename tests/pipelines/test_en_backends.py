"""English backends: the statistical model when installed, rules otherwise, same components."""
from __future__ import annotations

import pytest

from pipelines import build_nlp, get_nlp
from pipelines.backends import en_model
from claims.core.errors import PipelineError

RULE_COMPONENTS = ["en_layout", "en_reported_speech", "en_sentences", "en_quantities", "en_entities", "en_claims", "claim_gate", "en_claim_split",
                   "en_candidates", "outcome_detector"]


def test_en_backends_rules_pipeline_has_only_registered_rule_components():
    nlp = get_nlp("en", "rules")
    assert nlp.pipe_names == RULE_COMPONENTS
    assert nlp.get_pipe_config("en_sentences")["punct"] is True


def test_en_backends_default_follows_what_is_installed(monkeypatch):
    monkeypatch.setattr(en_model, "installed_model", lambda: None)
    assert en_model.choose_default() == "rules"
    assert build_nlp("en").pipe_names == RULE_COMPONENTS


def test_en_backends_model_missing_names_the_extra(monkeypatch):
    monkeypatch.setattr(en_model, "installed_model", lambda: None)
    with pytest.raises(PipelineError, match=r"claims-tracker\[en-model\]"):
        build_nlp("en", "model")


def test_en_backends_unknown_backend_lists_the_english_ones():
    with pytest.raises(PipelineError, match="model.*rules|rules.*model"):
        build_nlp("en", "nonesuch")


@pytest.fixture(scope="session")
def nlp_model():
    if en_model.installed_model() is None:
        pytest.skip("en_core_web_sm (extra en-model) not installed")
    return get_nlp("en", "model")


def test_en_backends_model_sources_statistical_components_before_rules(nlp_model):
    names = nlp_model.pipe_names
    assert names[:3] == ["en_layout", "en_reported_speech", "en_sentences"]
    assert names[3:9] == list(en_model.MODEL_COMPONENTS)
    assert names[9:] == RULE_COMPONENTS[3:]
    assert nlp_model.get_pipe_config("en_sentences")["punct"] is False


def test_en_backends_model_parses_like_the_bare_model(nlp_model):
    import importlib

    bare = importlib.import_module(en_model.installed_model()).load()
    text = "We expect revenue to grow 8% next year, and we will open 40 stores in Ohio."
    a, b = bare(text), nlp_model(text)
    assert [t.tag_ for t in a] == [t.tag_ for t in b]
    assert [(e.text, e.label_) for e in a.ents] == [(e.text, e.label_) for e in b.ents]


def test_en_backends_model_keeps_speaker_lines_out_of_sentences(nlp_model):
    doc = nlp_model("Jane Roe -- Chief Executive Officer\nThank you. We will grow.\n")
    starts = [s.text.strip() for s in doc.sents if s.text.strip()]
    assert starts[0] == "Jane Roe -- Chief Executive Officer"


def test_en_backends_one_cached_pipeline_per_resolved_backend(monkeypatch):
    # the default is whichever backend is installed: asking for it by name or not gives one pipeline
    monkeypatch.setattr(en_model, "installed_model", lambda: None)
    assert get_nlp("en") is get_nlp("en", None) is get_nlp("en", "default") is get_nlp("en", "rules")
