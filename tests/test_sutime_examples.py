"""The rows converted from SUTime's English test examples (scripts/sutime_examples.py) parse, and
every row has a valid reference date and an inclusive interval. A measurement, not a score floor."""
import datetime as dt
import importlib.util
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ROWS = ROOT / "tests" / "data" / "horizons_sutime_en.jsonl"


def _converter():
    spec = importlib.util.spec_from_file_location("sutime_examples", ROOT / "scripts" / "sutime_examples.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_sutime_rows_parse_with_a_reference_date_and_an_interval():
    rows = [json.loads(line) for line in ROWS.open(encoding="utf-8") if line.strip()]
    assert len(rows) > 400
    for r in rows:
        assert r["lang"] == "en" and r["text"].strip() and r["section"].startswith("test") and r["sutime"]
        assert r["fiscal_year_end"] == "12-31" and r["period"] is None
        dt.date.fromisoformat(r["ref"])
        start, end = dt.date.fromisoformat(r["start"]), dt.date.fromisoformat(r["end"])
        assert start <= end, r
        assert r.get("convention") in (None, "rolling-window", "n-units-later", "within-n-units",
                                       "month-without-year", "by-x", "vague", "next-n-quarters",
                                       "weekday-of-named-week", "weekday-next-to-come"), r
        assert r["tol_days"] in (0, 1)


def test_sutime_values_become_inclusive_intervals():
    c = _converter()
    D = dt.date
    assert c.value_interval("2011-W22-WE")[:2] == (D(2011, 6, 4), D(2011, 6, 5))
    assert c.value_interval("2010-WI")[:2] == (D(2010, 12, 1), D(2011, 2, 28))
    assert c.value_interval("201X")[:2] == (D(2010, 1, 1), D(2019, 12, 31))
    assert c.value_interval("2011-Q1")[:2] == (D(2011, 1, 1), D(2011, 3, 31))
    assert c.value_interval("2011-05-20/2011-06-03")[:2] == (D(2011, 5, 20), D(2011, 6, 3))
    assert isinstance(c.value_interval("XXXX-WXX-2"), str) and isinstance(c.value_interval("-0566"), str)


def test_sutime_converter_reads_a_small_test_class():
    java = '''
  public void testSUTimeDate() throws IOException {
    Iterator<Timex> expectedTimexesResolved =
      Arrays.asList(Timex.fromXml("<TIMEX3 tid=\\"t1\\" value=\\"1999-W51\\" type=\\"DATE\\">last week</TIMEX3>"),
//                  Timex.fromXml("<TIMEX3 tid=\\"t2\\" value=\\"1999-12-25\\" type=\\"DATE\\">Saturday</TIMEX3>"),
                    Timex.fromXml("<TIMEX3 tid=\\"t3\\" value=\\"P3Y\\" type=\\"DURATION\\">3 years</TIMEX3>")).iterator();
    Annotation documentWithRefTime = createDocument(testText, "1999-12-30");
  }
'''
    rows, skipped = _converter().convert(java)
    assert [(r["text"], r["ref"], r["start"], r["end"]) for r in rows] == [
        ("last week", "1999-12-30", "1999-12-20", "1999-12-26")]
    assert skipped == {"duration without anchor (DURATION)": 1}
