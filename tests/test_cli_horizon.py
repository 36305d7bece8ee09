"""`claims horizon`: one text, or a JSON-lines batch whose bad lines do not stop the batch."""
from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from claims.cli import app

runner = CliRunner()


def _json(result) -> dict:
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_cli_horizon_prints_horizon_and_expressions():
    out = _json(runner.invoke(app, ["horizon", "投入在下個季度預計會顯著收縮", "--ref", "2025-11-25",
                                    "--period", "2025-Q3", "--fiscal-year-end", "03-31", "--format", "json"]))
    assert out["horizon"]["start"] == "2025-10-01" and out["horizon"]["end"] == "2025-12-31"
    assert out["horizon"]["granularity"] == "quarter"
    assert [e["text"] for e in out["expressions"]] == ["下個季度"]
    assert out["expressions"][0]["offsets"] == [3, 7]
    assert out["expressions"][0]["status"] == "horizon" and out["expressions"][0]["start"] == "2025-10-01"


def test_cli_horizon_vague_text_gives_null():
    out = _json(runner.invoke(app, ["horizon", "We remain confident in our long-term strategy.", "--ref", "2025-11-25",
                                    "--format", "json"]))
    assert out["horizon"] is None
    assert out["expressions"][0]["status"] == "vague" and out["expressions"][0]["start"] is None


@pytest.mark.parametrize("text, ref, start, end", [
    ("Sales fell over the last 2 weeks.", "2025-11-25", "2025-11-11", "2025-11-25"),
    ("上兩個月銷量下滑", "2025-11-25", "2025-09-25", "2025-11-25"),
    ("兩天前公佈了業績", "2025-11-25", "2025-11-23", "2025-11-23"),
    ("Last year revenue grew 10%.", "2025-11-25", "2024-01-01", "2024-12-31"),
])
def test_cli_horizon_batch_gives_a_past_time_its_dates(text, ref, start, end):
    """A time that looks back is no horizon, but `expressions` carries its dates (HORIZONS.md)."""
    row = {"text": text, "ref": ref, "fiscal_year_end": "12-31", "period": None, "lang": None}
    result = runner.invoke(app, ["horizon", "--batch", "-"], input=json.dumps(row, ensure_ascii=False) + "\n")
    out = json.loads(result.stdout)
    assert out["horizon"] is None
    assert [(e["start"], e["end"], e["status"]) for e in out["expressions"]] == [(start, end, "past")]


def test_cli_horizon_company_supplies_the_fiscal_year_end():
    args = ["horizon", "We expect capex to moderate in fiscal 2027.", "--ref", "2025-10-29", "--format", "json"]
    assert _json(runner.invoke(app, args + ["--company", "MSFT"]))["horizon"]["start"] == "2026-07-01"
    assert _json(runner.invoke(app, args + ["--company", "微軟"]))["horizon"]["start"] == "2026-07-01"
    assert _json(runner.invoke(app, args))["horizon"]["start"] == "2027-01-01"
    assert _json(runner.invoke(app, args + ["--company", "MSFT", "--fiscal-year-end", "03-31"]))["horizon"]["start"] == "2026-04-01"


def test_cli_horizon_fiscal_period_label():
    out = _json(runner.invoke(app, ["horizon", "下一季度預計收入增長", "--ref", "2025-11-25", "--period", "FY2026-Q2",
                                    "--company", "Alibaba", "--format", "json"]))
    assert (out["horizon"]["start"], out["horizon"]["end"]) == ("2025-10-01", "2025-12-31")


def test_cli_horizon_reads_fiscal_years_as_a_retailer_names_them():
    # FY2025-Q3 reported in December 2025 with a January year end: fiscal 2025 runs Feb 2025 - Jan 2026
    base = ["--ref", "2025-12-10", "--fiscal-year-end", "01-31", "--period", "FY2025-Q3", "--format", "json"]
    year = _json(runner.invoke(app, ["horizon", "we expect fiscal 2025 net sales of $12.5 billion", *base]))["horizon"]
    assert (year["start"], year["end"]) == ("2025-02-01", "2026-01-31")
    nxt = _json(runner.invoke(app, ["horizon", "next quarter we expect margins to expand", *base]))["horizon"]
    assert (nxt["start"], nxt["end"]) == ("2025-11-01", "2026-01-31")


@pytest.mark.parametrize("args", [
    ["horizon", "明年", "--ref", "2025-13-01"],
    ["horizon", "明年", "--ref", "yesterday"],
    ["horizon", "明年"],
    ["horizon", "明年", "--ref", "2025-01-01", "--fiscal-year-end", "3/31"],
    ["horizon", "明年", "--ref", "2025-01-01", "--period", "Q3"],
    ["horizon", "明年", "--ref", "2025-01-01", "--company", "No Such Company Ltd"],
])
def test_cli_horizon_bad_input_is_one_error_line_and_exit_1(args):
    result = runner.invoke(app, args)
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ")
    assert len(result.stderr.strip().splitlines()) == 1


def test_cli_horizon_table_format_is_for_people():
    result = runner.invoke(app, ["horizon", "到2030年實現碳中和", "--ref", "2024-03-15"])
    assert result.exit_code == 0
    assert "2030-12-31" in result.stdout


def test_cli_horizon_batch_keeps_order_and_survives_bad_lines():
    rows = [
        {"text": "到2030年实现碳中和", "ref": "2024-03-15", "fiscal_year_end": None, "period": None, "lang": None},
        "this is not json",
        {"text": "Next quarter we expect a decline.", "ref": "2025-11-25", "fiscal_year_end": "12-31",
         "period": "2025-Q3", "lang": "en"},
        {"text": "明年", "ref": "2025-99-99"},
        {"text": "明年", "ref": "2025-01-01", "period": "Q9"},
        {"text": 42, "ref": "2025-01-01"},
        ["a", "list"],
        {"text": "我们对长期发展充满信心", "ref": "2025-11-25", "lang": "zh"},
        {"text": "下一財年收入增速將回到雙位數", "ref": "2025-05-15", "company": "阿里巴巴"},
    ]
    stdin = "".join((r if isinstance(r, str) else json.dumps(r, ensure_ascii=False)) + "\n" for r in rows)
    result = runner.invoke(app, ["horizon", "--batch", "-"], input=stdin)
    assert result.exit_code == 0, result.output
    outs = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(outs) == len(rows)
    assert outs[0]["horizon"]["end"] == "2030-12-31"
    assert "error" in outs[1] and outs[1]["horizon"] is None
    assert outs[2]["horizon"]["start"] == "2025-10-01"
    for bad in (3, 4, 5, 6):
        assert outs[bad]["horizon"] is None and outs[bad]["error"], outs[bad]
    assert outs[7]["horizon"] is None and [e["status"] for e in outs[7]["expressions"]] == ["vague"]
    assert (outs[8]["horizon"]["start"], outs[8]["horizon"]["end"]) == ("2026-04-01", "2027-03-31")


def test_cli_horizon_has_help_with_an_example():
    result = runner.invoke(app, ["horizon", "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.stdout and "--batch" in result.stdout
