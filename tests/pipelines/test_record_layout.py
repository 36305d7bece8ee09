"""Speaker fields of transcripts saved as records (JSON objects, CSV rows)."""
from __future__ import annotations

from pipelines.helpers.record_layout import csv_records, json_records


def test_json_records_give_name_title_and_where_the_speech_starts():
    text = '{"speaker": "Jane Roe", "title": "CFO", "speech": "We expect growth."},\n{"speaker": "Bo Li", "speech": "Why?"}\n'
    recs = json_records(text)
    assert [(r.name, r.title) for r in recs] == [("Jane Roe", "CFO"), ("Bo Li", "")]
    assert text[recs[0].speech:].startswith("We expect growth.")
    assert recs[1].line == text.index('{"speaker": "Bo Li"')


def test_a_speaker_field_without_speech_before_the_next_one_is_no_record():
    text = '{"speaker": "Jane Roe", "date": "2026-01-01"}\n{"speaker": "Bo Li", "speech": "Why?"}\n'
    assert [r.name for r in json_records(text)] == ["Bo Li"]


def test_csv_records_need_a_recurring_name_column_in_enough_rows():
    row = '{i},Jane Roe,"CEO, Acme","Sales, we think, will grow {i}%.",x\n'
    five = "".join(row.format(i=i) for i in range(5))
    recs = csv_records(five)
    assert len(recs) == 5 and recs[0].name == "Jane Roe" and recs[0].title == "CEO, Acme"
    assert five[recs[0].speech:].startswith("Sales, we think, will grow 0%.")
    assert five[recs[0].tail:].startswith(',x\n')
    assert csv_records("".join(row.format(i=i) for i in range(4))) == []
