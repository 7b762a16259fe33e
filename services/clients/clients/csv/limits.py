"""What an import reads at most, from the environment (docs/operations.md lists them), read when an export is
opened. Each is checked before the work it would bound: a zip's sizes from its central directory when the
export is opened, lines and their number as the bytes are read (`source.ExportSource.raw`), so that memory
stays bounded whatever the file."""
from __future__ import annotations

import os
from dataclasses import dataclass

# Below this, a member's ratio is not checked: a small file of repeated rows compresses very well and costs nothing.
RATIO_FROM_BYTES = 1 << 20


@dataclass(frozen=True)
class Limits:
    uncompressed_bytes: int = 20 << 30  # all the members of a zip together, as declared
    ratio: int = 200  # a member's declared size over its compressed size: more is a zip bomb
    members: int = 1000  # an export has about 30 files
    line_bytes: int = 1 << 20  # HUD records are well under 10 KB
    lines_per_file: int = 50_000_000

    @classmethod
    def from_env(cls) -> Limits:
        names = {"uncompressed_bytes": "HMIS_IMPORT_MAX_UNCOMPRESSED_BYTES", "ratio": "HMIS_IMPORT_MAX_RATIO",
                 "members": "HMIS_IMPORT_MAX_MEMBERS", "line_bytes": "HMIS_IMPORT_MAX_LINE_BYTES",
                 "lines_per_file": "HMIS_IMPORT_MAX_LINES_PER_FILE"}
        defaults = cls()
        return cls(**{field: _positive(env, getattr(defaults, field)) for field, env in names.items()})


def _positive(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    if not value.isdigit() or int(value) <= 0:
        raise ValueError(f"{name} must be a positive whole number, not {value!r}")
    return int(value)
