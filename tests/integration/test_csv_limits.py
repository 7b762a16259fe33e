"""The import's limits (clients.csv.limits) against the real PostgreSQL: a zip bomb refused from its central
directory before anything is read, a line over the limit refused naming its file and line without ever being
held whole, a file with too many lines refused; each writes nothing and says which rule."""
import shutil
import time
import tracemalloc
import uuid
import zipfile

import pytest
import sqlalchemy as sa
from click.testing import CliRunner

from clients.csv import importer
from clients.csv.source import ExportSource, OverLimit
from clients.models import HUD_TABLES
from hmis_platform.cli import main as hmis
from hud.fy2026.spec import FILES

pytestmark = pytest.mark.integration
AGENCY = uuid.UUID("a0000000-0000-4000-8000-00000000000b")
ZEROS = 100 << 20


@pytest.fixture
def export_copy(generated, tmp_path):
    target = tmp_path / "export"
    shutil.copytree(generated, target)
    return target


def nothing_written(engine) -> bool:
    with engine.connect() as connection:
        return not any(connection.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()
                       for table in HUD_TABLES.values())


def zip_bomb(folder, path):
    """The export zipped with Enrollment.csv replaced by 100 MB of zeros (about 100 KB compressed)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for file in sorted(folder.iterdir()):
            if file.name != "Enrollment.csv":
                out.write(file, file.name)
        with out.open("Enrollment.csv", "w") as member:
            for _ in range(ZEROS >> 20):
                member.write(bytes(1 << 20))
    return path


def test_a_zip_bomb_is_refused_from_its_central_directory_before_anything_is_read(engine, generated, tmp_path):
    bomb = zip_bomb(generated, tmp_path / "bomb.zip")
    assert bomb.stat().st_size < 1 << 20
    began = time.monotonic()
    with pytest.raises(OverLimit) as refused:
        importer.import_export(engine, bomb, "reject", AGENCY)
    assert time.monotonic() - began < 2
    assert str(refused.value).startswith(f"Enrollment.csv expands from ")
    assert str(refused.value).endswith(f" to {ZEROS} bytes: a zip member may expand at most 200:1 "
                                       "(HMIS_IMPORT_MAX_RATIO); more is a zip bomb; nothing was written")
    assert nothing_written(engine)


def test_a_zip_expanding_beyond_the_total_limit_is_refused(engine, generated, tmp_path, monkeypatch):
    archive = shutil.make_archive(str(tmp_path / "export"), "zip", generated)
    monkeypatch.setenv("HMIS_IMPORT_MAX_UNCOMPRESSED_BYTES", "4096")
    with pytest.raises(OverLimit, match=r"export.zip expands to \d+ bytes: a zip may expand to at most 4096 bytes "
                                        r"\(HMIS_IMPORT_MAX_UNCOMPRESSED_BYTES\); nothing was written"):
        ExportSource(archive)


def test_a_zip_of_too_many_members_is_refused(generated, tmp_path, monkeypatch):
    archive = shutil.make_archive(str(tmp_path / "export"), "zip", generated)
    monkeypatch.setenv("HMIS_IMPORT_MAX_MEMBERS", "3")
    with pytest.raises(OverLimit, match=r"export.zip has \d+ members: a zip may have at most 3 "
                                        r"\(HMIS_IMPORT_MAX_MEMBERS\)"):
        ExportSource(archive)


def test_a_line_over_the_limit_is_refused_naming_file_and_line_and_never_held_whole(
        engine, export_copy, monkeypatch):
    client = export_copy / "Client.csv"
    header, first, *rest = client.read_bytes().split(b"\n")
    with open(client, "wb") as out:  # line 3: 20 MB without an end, written a part at a time
        out.write(header + b"\n" + first + b"\n")
        for _ in range(20):
            out.write(b"x" * (1 << 20))
        out.write(b"\n" + b"\n".join(rest))
    monkeypatch.setenv("HMIS_IMPORT_MAX_LINE_BYTES", str(64 << 10))
    tracemalloc.start()
    try:
        with pytest.raises(OverLimit) as refused:
            importer.import_export(engine, export_copy, "reject", AGENCY)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert str(refused.value) == ("Client.csv line 3: a line may be at most 65536 bytes "
                                  "(HMIS_IMPORT_MAX_LINE_BYTES); nothing was written")
    print(f"peak traced memory {peak} bytes")
    assert peak < 4 << 20, f"{peak} bytes at the peak, for a line of 20 MB"
    assert nothing_written(engine)


def test_a_file_of_too_many_lines_is_refused_naming_it(engine, export_copy, monkeypatch):
    monkeypatch.setenv("HMIS_IMPORT_MAX_LINES_PER_FILE", "10")
    with pytest.raises(OverLimit, match=r"^(\w+).csv: a file may have at most 10 lines "
                                        r"\(HMIS_IMPORT_MAX_LINES_PER_FILE\); nothing was written$"):
        importer.import_export(engine, export_copy, "reject", AGENCY)
    assert nothing_written(engine)


def test_a_file_yielding_more_than_it_declared_is_refused(export_copy):
    source = ExportSource(export_copy)
    try:
        with open(export_copy / "Client.csv", "ab") as growing:
            growing.write(b"\n" * 10)
        with pytest.raises(OverLimit, match="Client.csv holds more than the \\d+ bytes it declares"):
            with source.raw(FILES["Client"]) as stream:
                for _ in iter(lambda: stream.read(1 << 16), b""):  # read to the end, where the limit is met
                    continue
    finally:
        source.close()


def test_command_line_import_over_a_limit_fails_in_one_line(engine, export_copy, monkeypatch):
    monkeypatch.setenv("CLIENTS_DATABASE_URL", engine.url.render_as_string(hide_password=False))
    monkeypatch.setenv("HMIS_IMPORT_MAX_LINE_BYTES", "100")
    failed = CliRunner().invoke(hmis, ["csv", "import", str(export_copy)])
    assert failed.exit_code == 1
    assert ("FAILED: Export.csv line 1: a line may be at most 100 bytes (HMIS_IMPORT_MAX_LINE_BYTES); nothing was "
            "written\n") in failed.output
    assert nothing_written(engine)
