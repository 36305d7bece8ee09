"""The pkuseg backend: the default tokenizer segmenting with pkuseg, and a clear error without its model.

spacy-pkuseg's model is a download; the test trains a toy one in a temporary PKUSEG_HOME (a fraction
of a second) so the whole path, from backend to tokens, runs for real.
"""
from __future__ import annotations

import time

import pytest

spacy_pkuseg = pytest.importorskip("spacy_pkuseg")
from typer.testing import CliRunner  # noqa: E402

from pipelines import build_nlp  # noqa: E402
from pipelines.backends import pkuseg as pb  # noqa: E402
from pipelines.constants import EXT_NORM_TEXT  # noqa: E402
from claims.core.errors import PipelineError
from pipelines.lang import zh  # noqa: E402

TRAIN = ["我们 预计 明年 收入 增长 。", "公司 将 继续 投资 云 业务 。", "管理层 表示 利润 会 改善 。",
         "银行 计划 下 季度 扩大 贷款 。"]


@pytest.fixture(scope="module")
def toy_model(tmp_path_factory):
    """A pkuseg model trained on a few lines: weights.npz and features.msgpack, like the real one."""
    root = tmp_path_factory.mktemp("pkuseg_train")
    data = root / "train.txt"
    data.write_text("\n".join(TRAIN * 10) + "\n", encoding="utf-8")
    out = root / "model"
    spacy_pkuseg.train(str(data), str(data), str(out), train_iter=1)
    return out


@pytest.fixture
def pkuseg_home(tmp_path, monkeypatch):
    home = tmp_path / "pkuseg_home"
    home.mkdir()
    monkeypatch.setenv("PKUSEG_HOME", str(home))
    monkeypatch.setattr(spacy_pkuseg.config, "pkuseg_home", spacy_pkuseg.config.pkuseg_home)  # restored after
    zh.pkuseg_cutter.cache_clear()
    yield home
    zh.pkuseg_cutter.cache_clear()


def install(model_dir, home):
    import shutil

    shutil.copytree(model_dir, home / pb.MODEL)
    (home / f"{pb.MODEL}.zip").write_bytes(b"")  # pkuseg only checks the archive is there


def test_pkuseg_missing_model_names_model_and_home_fast(pkuseg_home):
    t0 = time.monotonic()
    with pytest.raises(PipelineError) as info:
        build_nlp("zh", backend="pkuseg")
    assert time.monotonic() - t0 < 5
    msg = str(info.value)
    assert pb.MODEL in msg and f"PKUSEG_HOME={pkuseg_home}" in msg
    assert not any(pkuseg_home.iterdir())


def test_pkuseg_archive_without_unpacked_model_is_error(pkuseg_home):
    (pkuseg_home / f"{pb.MODEL}.zip").write_bytes(b"")
    with pytest.raises(PipelineError, match="weights.npz"):
        pb.check_pkuseg_model()


def test_pkuseg_backend_segments_with_pkuseg_on_original_text(pkuseg_home, toy_model):
    install(toy_model, pkuseg_home)
    nlp = build_nlp("zh", backend="pkuseg")
    assert nlp.tokenizer.segmenter == "pkuseg"
    text = "管理層預計明年利潤會改善"
    doc = nlp(text)
    assert doc.text == text
    assert doc._.get(EXT_NORM_TEXT) == "管理层预计明年利润会改善"
    assert "".join(t.norm_ for t in doc) == doc._.get(EXT_NORM_TEXT)
    assert [t.text for t in doc] == ["管理層", "預計", "明年", "利潤", "會", "改善"]


def test_pkuseg_backend_without_package_gives_install_hint(monkeypatch):
    monkeypatch.setitem(__import__("sys").modules, "spacy_pkuseg", None)
    with pytest.raises(PipelineError, match=r"claims-tracker\[pkuseg\]"):
        build_nlp("zh", backend="pkuseg")


def test_cli_extract_backend_pkuseg_missing_model_one_error_line(pkuseg_home, tmp_path):
    from claims.cli import app

    src = tmp_path / "call.txt"
    src.write_text("行長：我們計劃明年擴大貸款。\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["extract", str(src), "--lang", "zh", "--backend", "pkuseg"])
    assert result.exit_code == 1
    lines = [ln for ln in result.output.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("Error: ") and "PKUSEG_HOME" in lines[0]
