"""The APR's questions as the catalogue lists them: ids unique and in the shells' order, every shaded cell
inside its table, the SQL (and a table of a row per thing's row SQL) naming only the run's parameters."""
import re

from reports.catalogue import REPORTS

PARAMETERS = {"start", "end", "sources"}


def test_ids_are_unique():
    ids = [question.id for question in REPORTS["apr"]]
    assert len(ids) == len(set(ids))


def test_shaded_cells_are_inside_their_tables():
    for question in REPORTS["apr"]:
        assert bool(question.rows) != bool(question.rows_sql) and len(question.columns) >= 2, question.id
        for row_no, column_no in question.shaded:
            assert 1 <= row_no <= len(question.rows) and 1 <= column_no < len(question.columns), question.id


def test_sql_reads_only_the_runs_parameters():
    for question in REPORTS["apr"]:
        for sql in (question.sql, question.rows_sql or ""):
            assert set(re.findall(r"%\((\w+)\)s", sql)) <= PARAMETERS, question.id
            assert "%" not in re.sub(r"%\(\w+\)s", "", sql), question.id
