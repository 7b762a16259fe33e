"""The clients service's own settings, from the environment (docs/operations.md lists them): the HUD CoC
code(s) of this HMIS implementation, which an export of its own records states in Export.csv."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from hmis_kit.config import InvalidSetting, env

# HUD's CoC code: two letters, a dash, three digits (CSV spec, Export.csv SourceID and ProjectCoC CoCCode).
COC_CODE = re.compile(r"^[A-Za-z]{2}-[0-9]{3}$")


@dataclass(frozen=True)
class Settings:
    # `CA-601`, or several separated by semicolons (`XX-501;XX-502`) as Export.csv's SourceID lists them.
    coc_code: str = field(default_factory=lambda: env("HMIS_COC_CODE", "").strip())

    def __post_init__(self) -> None:
        broken = [code for code in self.coc_code.split(";") if not COC_CODE.match(code)] if self.coc_code else []
        if broken:
            raise InvalidSetting(f"HMIS_COC_CODE must be CoC codes like CA-601, separated by semicolons, "
                                 f"not {', '.join(map(repr, broken))}")


def load() -> Settings:
    return Settings()
