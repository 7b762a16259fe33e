"""An import's report entries gathered apart (the stager's, for the findings it prepared) and absorbed into a
file's report read as if added there."""
from clients.csv.report import LISTED_PER_FILE, FileReport
from hud.fy2026 import catalogue

RULE = next(rule for rule in catalogue.RULES if not rule.structural)
FIELD = "Sex"


def test_absorbed_entries_follow_the_reports_own_with_their_counts():
    report, gathered = FileReport(), FileReport()
    report.add(2, "NameDataQuality", "not in list", "left_out", record_id="A", rule_id="structural.list", value="7")
    for line in range(3, 3 + LISTED_PER_FILE + 5):
        gathered.add(line, FIELD, RULE.message, "flagged", record_id=f"R{line}", rule_id=RULE.id, value="99")
    report.absorb(gathered)

    entries = list(report.entries())
    assert [entry[0] for entry in entries] == [str(line) for line in [2, *range(3, 3 + LISTED_PER_FILE + 5)]]
    assert entries[1][1:] == ["R3", FIELD, RULE.id, "99", RULE.message, "flagged"]
    assert report.counts[(RULE.id, "flagged")] == LISTED_PER_FILE + 5
    assert report.counts[("structural.list", "left_out")] == 1
    assert len(report.listed) == LISTED_PER_FILE and report.listed[1]["record_id"] == "R3"
    report.close()


def test_entries_absorbed_into_an_empty_report_are_its_entries():
    report, gathered = FileReport(), FileReport()
    gathered.add(5, FIELD, RULE.message, "flagged", record_id="R5", rule_id=RULE.id)
    report.absorb(gathered)
    report.add(6, FIELD, RULE.message, "flagged", record_id="R6", rule_id=RULE.id)  # added after, written after
    assert [entry[:2] for entry in report.entries()] == [["5", "R5"], ["6", "R6"]]
    assert report.as_dict()["flagged"] == 2
    report.close()
