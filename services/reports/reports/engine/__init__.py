"""The report engine: a HUD report run as a job over the warehouse, its stored results (the universe and every
cell with the members behind it), its outputs (the Sage upload zip, the client-detail zip, the XLSX workbook) and
the drill-down from a cell to its members.

question.py   the Question every report is made of (the contract with the question writers)
tables.py     where a run's results are stored (report_questions, report_universe, report_cells)
runs.py       a run: its parameters, the job that computes it, its progress and outcome
results.py    a run's stored results read back: questions, cells, a cell's members a page at a time
outputs.py    the files made from the stored results
sources.py    what the engine reads of the warehouse's sources (the default of a run, a drill-down's scope)
"""
