"""Every data file under pipelines/data/ loads through its pydantic loader, with unique ids and
allowed labels. Parametrised over the files on disk, so files other helpers add are covered."""
from __future__ import annotations

import re

import pytest

from pipelines.data import DATA_DIR, load_lexicon, load_patterns
from claims.core.registry import load_companies

ENTITY_LABELS = {"PERSON", "ORG", "PRODUCT", "MONEY", "PERCENT", "DATE", "GPE", "LOC", "NORP", "EVENT",
                 "CARDINAL", "QUANTITY", "TIME", "FAC", "WORK_OF_ART", "LAW", "LANGUAGE", "ORDINAL"}
LABEL_RE = re.compile(r"^[A-Z][A-Z0-9_\-]*$")

YAML_FILES = sorted(DATA_DIR.rglob("*.yaml"))
JSONL_FILES = sorted(DATA_DIR.rglob("*.jsonl"))


@pytest.mark.parametrize("path", YAML_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_lexicon_file_loads_with_schema(path):
    lex = load_lexicon(path.parent.name, path.name)
    assert lex, f"{path} is empty"
    for key, forms in lex.items():
        assert forms and all(f.strip() for f in forms), key


@pytest.mark.parametrize("path", JSONL_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_pattern_file_has_unique_ids_and_allowed_labels(path):
    pats = load_patterns(path.parent.name, path.name)
    ids = [p.id for p in pats]
    assert len(ids) == len(set(ids))
    for p in pats:
        assert LABEL_RE.match(p.label), p.label
        if "entit" in path.name:
            assert p.label in ENTITY_LABELS, p.label


def test_company_registry_loads_and_names_are_unique():
    companies = load_companies()
    names = [c.name for c in companies]
    assert len(names) == len(set(names))
    for c in companies:
        for person in c.people:
            assert person.get("name"), c.name


@pytest.mark.parametrize("name", ["cues.yaml", "speakers.yaml", "topics.yaml", "numbers.yaml", "stopwords.yaml", "synonyms.yaml"])
def test_zh_lexicon_has_no_form_in_two_synonym_groups(name):
    lex = load_lexicon("zh", name)
    if name != "synonyms.yaml":
        assert lex
        return
    seen: dict[str, str] = {}
    for key, forms in lex.items():
        for f in forms:
            assert f not in seen, f"{f} in {seen.get(f)} and {key}"
            seen[f] = key
