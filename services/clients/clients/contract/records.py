"""HUD records written through the API: which records an enrollment carries, what the service fills in
for every record it writes, and HUD's rules within one record (hud/fy2026/rules.py, as for an import).

Plain Python: the schemas (request and answer shapes), the domain and the gateway's routes all read the
same table of record kinds, so a new kind is one line here.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timezone

from hmis_kit.errors import ValidationFailed
from hud.fy2026 import rules
from hud.fy2026.spec import FILES, LISTS, MISSING

# Records entered through the API come from no export; HUD requires an ExportID on every row.
API_EXPORT_ID = "harbor-api"


@dataclass(frozen=True)
class Kind:
    """One kind of record an enrollment carries."""

    name: str    # the audit action for recording one, and the key of its records in an enrollment's answer
    path: str    # POST /enrollments/{id}/<path>
    file: str    # the HUD file
    dated: str   # the date that must fall within the enrollment
    part: str    # the part of a client's record (a consent's scope) it belongs to
    once: bool = False  # at most one per enrollment (the exit)
    # Columns that, with the data-collection stage, make records of the same stage distinct (HUD keeps
    # one project-start record of each disability type).
    distinct_by: tuple[str, ...] = ()
    # Records that belong to one record of this kind, sent inside it: (body key, HUD file).
    children: tuple[tuple[str, str], ...] = ()

    @property
    def staged(self) -> bool:
        """Collected at data-collection stages (project start, update, exit, annual assessment)."""
        return "DataCollectionStage" in FILES[self.file].by_name


KINDS = (
    Kind("exit", "exit", "Exit", "exit_date", "enrollments", once=True),
    Kind("service", "services", "Services", "date_provided", "services"),
    Kind("income_benefits", "income-benefits", "IncomeBenefits", "information_date", "enrollments"),
    Kind("health_and_dv", "health-and-dv", "HealthAndDV", "information_date", "health"),
    Kind("employment_education", "employment-education", "EmploymentEducation", "information_date", "enrollments"),
    Kind("disability", "disabilities", "Disabilities", "information_date", "health",
         distinct_by=("disability_type",)),
    Kind("current_living_situation", "current-living-situations", "CurrentLivingSituation", "information_date",
         "enrollments"),
    # HUD 4.19: a CE assessment with its questions and results, recorded together.
    Kind("assessment", "assessments", "Assessment", "assessment_date", "assessments",
         children=(("questions", "AssessmentQuestions"), ("results", "AssessmentResults"))),
    # HUD 4.20: CE events (referrals, diversion) belong with the CE assessments.
    Kind("event", "events", "Event", "event_date", "assessments"),
    Kind("youth_education_status", "youth-education-status", "YouthEducationStatus", "information_date",
         "enrollments"),
)
KIND = {kind.name: kind for kind in KINDS}


def answer_key(kind: Kind) -> str:
    """The key of a kind's records in an enrollment's answer (`income_benefits`, `exit`)."""
    return kind.path.replace("-", "_")


def defaulted(file: str) -> frozenset[str]:
    """Coded columns HUD requires whose list has 99: a caller may leave them out, and they are 99."""
    return frozenset(column.db_name for column in FILES[file].columns
                     if column.required and column.list_name and MISSING in LISTS[column.list_name])


def with_not_collected(file: str, data: dict) -> dict:
    """A record with HUD's 99 (data not collected) for each required coded answer nobody gave."""
    return {**data, **{name: MISSING for name in defaulted(file) if data.get(name) is None}}


def check(file: str, record: dict) -> None:
    problems = rules.api_problems(file, record)
    if problems:
        raise ValidationFailed(f"the {file} record breaks HUD's rules named in fields", problems)


def bookkeeping(user_id: uuid.UUID) -> dict:
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    return {"date_created": now, "date_updated": now, "user_id": user_id.hex, "export_id": API_EXPORT_ID}


@dataclass(frozen=True)
class Descriptor:
    """One project descriptor file (HUD 2.01-2.09)."""

    name: str               # its records' key in its parent's answer, and (dashed) its path
    file: str
    parent: str | None      # the file it belongs to
    period: tuple[str, str] | None = None  # (start, end) columns

    @property
    def path(self) -> str:
        return self.name.replace("_", "-")

    @property
    def key(self) -> str:
        return FILES[self.file].key.db_name

    @property
    def parent_descriptor(self) -> Descriptor | None:
        """The descriptor its records belong to (an organization's: none)."""
        return next((descriptor for descriptor in DESCRIPTORS.values() if descriptor.file == self.parent), None)

    @property
    def children(self) -> list[Descriptor]:
        """The descriptors whose records belong to its records."""
        return [descriptor for descriptor in DESCRIPTORS.values() if descriptor.parent == self.file]


DESCRIPTORS = {descriptor.name: descriptor for descriptor in (
    Descriptor("organizations", "Organization", None),
    Descriptor("projects", "Project", "Organization", ("operating_start_date", "operating_end_date")),
    Descriptor("funders", "Funder", "Project", ("start_date", "end_date")),
    Descriptor("cocs", "ProjectCoC", "Project"),
    Descriptor("inventory", "Inventory", "Project", ("inventory_start_date", "inventory_end_date")),
    Descriptor("affiliations", "Affiliation", "Project"),
    Descriptor("hmis_participation", "HMISParticipation", "Project",
               ("hmis_participation_status_start_date", "hmis_participation_status_end_date")),
    Descriptor("ce_participation", "CEParticipation", "Project",
               ("ce_participation_status_start_date", "ce_participation_status_end_date")),
)}
