"""The HUD reporting benchmark's printout (bench/reports_bench.py): every figure measured is printed, beside its
target, and the tables a report is compared with are warehouse tables it names."""
from datetime import date

from bench_support import bench_module
from reports.warehouse.tables import WAREHOUSE_TABLES, data_quality_findings

reports_bench = bench_module("reports_bench")

RESULT = {
    "clients": 100000, "problems": "missing_answer=0.03", "generated_s": 91, "prepared_s": 123,
    "period": {"start": date(2024, 10, 1), "end": date(2025, 9, 30)},
    "rebuild": {"raw_rows": 2629049, "raw_per_s": 411111, "rows": 2790432, "rebuild_s": 98.7,
                "rebuild_per_s": 28272, "ratio": 0.07, "by_file": {"Client": (100000, 4.44), "findings": (161427, 5.55)}},
    "largest": {"project_id": "S2026-P17", "enrollments": 4321},
    "reports": [
        {"report": "apr", "label": "APR, largest project", "projects": ["S2026-P17"], "target_s": None,
         "scan": {"tables": 12, "rows": 2222222, "seconds": 0.456}, "status": "succeeded", "error": None,
         "seconds": 6.78, "questions": 67, "universe": 3333},
        {"report": "apr", "label": "APR, all projects", "projects": [], "target_s": 10.0,
         "scan": {"tables": 12, "rows": 2222223, "seconds": 0.5}, "status": "succeeded", "error": None,
         "seconds": 12.34, "questions": 67, "universe": 42025},
        {"report": "data-quality", "label": "Data Quality, CoC-wide", "projects": [], "target_s": 10.0,
         "scan": {"tables": 11, "rows": 1999999, "seconds": 0.25}, "status": "failed",
         "error": "question Q3 failed (QueryCanceled); nothing was stored", "seconds": 1.0, "questions": None,
         "universe": None}],
    "engine": {"people": 100000, "questions": 60, "status": "succeeded", "seconds": 7.77},
    "lag": {"clients": 1000, "rows": 26592, "client_lag_s": 1.87, "all_lag_s": None, "target_s": 2.0},
}


def test_every_figure_is_printed_beside_its_target():
    printed = reports_bench.report(RESULT)
    for figure in ("100000 clients", "missing_answer=0.03", "91 s", "123 s", "411111 rows/s", "2629049 rows",
                   "28272 rows/s", "2790432 rows", "98.7 s", "0.07", "4.44 s", "findings", "5.55 s",
                   "2024-10-01 to 2025-09-30", "S2026-P17, 4321 enrollments", "6.78 s", "3333 people",
                   "2222222 rows", "0.456 s", "15x the scan", "12.34 s, target <= 10 s: OVER", "42025 people",
                   "25x the scan", "question Q3 failed (QueryCanceled)", "7.77 s", "26592 rows", "after 1.87 s",
                   "target <= 2 s: within target", "after None s"):
        assert figure in printed, figure


def test_a_report_is_compared_with_warehouse_tables_it_reads():
    names = {table.name for table in WAREHOUSE_TABLES.values()} | {data_quality_findings.name}
    for report in ("apr", "data-quality"):
        read = reports_bench.tables_read(report)
        assert set(read) <= names, set(read) - names
        assert {"hud_enrollment", "hud_exit", "hud_client", "hud_project"} <= set(read)
    assert "data_quality_findings" in reports_bench.tables_read("data-quality")
