"""A seeded synthetic CoC as FY2026 HMIS CSV: same seed and size, same files, byte for byte.

Every id starts with the seed (`S11-C1`, `S11-H3S0M0`) and Export.csv names a source of the seed's own
(ImplementationID `harbor-synthetic-11`): exports of two seeds are two systems, whose records never
share an id, as HUD's ids are unique only within the system that made them.

Organizations run projects of every common type; households (one head, sometimes a partner and
children) have one to three stays across projects (returns included), most of them exited to a
destination, each with entry and exit income and health records, disabilities, bed nights in
night-by-night shelters, services, outreach contacts and coordinated entry assessments and events.
Rows are written as they are made, so memory stays flat whatever the size.

`Problems` sets how often the data-quality problems a CoC's data has are made (missing answers,
data-quality codes that disagree with the value, duplicate stage records, households without a head or
with two, overlapping stays, late data entry, dependent answers nobody asked for); its defaults resemble
a CoC's data and `CLEAN` makes none. Each problem is a row an HMIS must keep and report, never a
structural break: every value fits its column's type, length and list, and every id and key resolves.
The problems draw from a random stream of their own, so the clean data under them is the same, row for
row, whatever the rates (`CLEAN` gives the files this generator wrote before it made problems).
"""
from __future__ import annotations

import csv
import random
from contextlib import ExitStack
from dataclasses import dataclass, fields, replace
from datetime import date, datetime, timedelta
from pathlib import Path

from hud.fy2026.rules import DEPENDENTS, REASONS_MISSING
from hud.fy2026.spec import CSV_VERSION, FILES, LISTS

FIRST_NAMES = ("Maria", "James", "Rosa", "John", "Aisha", "Michael", "Linda", "David", "Mei", "Robert", "Ana",
               "William", "Fatima", "Joseph", "Grace", "Carlos", "Keisha", "Daniel", "Sofia", "Tyrone", "Emily",
               "Luis", "Hannah", "Andre", "Nguyen", "Olivia", "Samuel", "Priya", "Marcus", "Elena")
LAST_NAMES = ("Garcia", "Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Rodriguez",
              "Martinez", "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore",
              "Jackson", "Martin", "Lee", "Perez", "Thompson", "White", "Harris", "Sanchez", "Clark", "Tran",
              "Lewis", "Robinson", "Walker", "Young", "Allen", "King", "Wright", "Scott", "Torres", "Hill")
# Project types and how many of each a CoC of 10k clients runs (scaled with size).
PROJECT_MIX = ((0, 4), (1, 2), (2, 3), (3, 3), (4, 2), (6, 1), (13, 3), (14, 1), (12, 1))
EXIT_DESTINATIONS = (410, 435, 422, 423, 101, 116, 302, 314, 207, 312, 313, 17, 30, 99)
COC = "CA-601"
PERIOD_START, PERIOD_END = date(2023, 10, 1), date(2025, 9, 30)


# The coded answers that go missing (8, 9, 99 or blank instead of an answer), as in a CoC's data: the
# universal and common program-specific elements a project collects at entry and exit.
ANSWERS_THAT_GO_MISSING = {
    "Client": ("Sex", "VeteranStatus"),
    "Enrollment": ("DisablingCondition", "LivingSituation", "LengthOfStay"),
    "Exit": ("Destination",),
    "IncomeBenefits": ("IncomeFromAnySource", "BenefitsFromAnySource", "InsuranceFromAnySource"),
    "HealthAndDV": ("DomesticViolenceSurvivor",),
    "Disabilities": ("DisabilityResponse",),
    "EmploymentEducation": ("Employed", "LastGradeCompleted"),
    "YouthEducationStatus": ("CurrentSchoolAttend",),
}
LATE_ENTRY_DAYS = (11, 120)  # HUD's timeliness counts (APR Q6e) start their last band at 11 days


@dataclass(frozen=True)
class Problems:
    """How often each data-quality problem is made: the chance, for each record it can happen to, that
    it does. The defaults resemble a CoC's data (HUD's FY2026 sample export where it has the problem;
    docs/benchmarks.md says which)."""
    missing_answer: float = 0.03  # each answered cell of ANSWERS_THAT_GO_MISSING: 8, 9, 99 or blank instead
    ssn_disagrees: float = 0.015  # each client: SSNDataQuality 1 with an SSN SSA never issues, or 8/9/99 with one
    dob_disagrees: float = 0.002  # each client: DOBDataQuality 8, 9 or 99 with the DOB present
    duplicate_stage: float = 0.01  # each entry or exit: a second IncomeBenefits or HealthAndDV of that stage
    no_head: float = 0.005  # each household's stay: no member's RelationshipToHoH is 1
    two_heads: float = 0.005  # each stay of a household of two or more: a second member's is 1 too
    overlapping_stay: float = 0.01  # each household's stay: another in the same project starting during it
    late_entry: float = 0.15  # each enrollment: DateCreated 11 to 120 days after EntryDate
    dependent_answer: float = 0.01  # each record whose parent answer rules its dependents out: one answered

    def __post_init__(self):
        for field in fields(self):
            if not 0 <= getattr(self, field.name) <= 1:
                raise ValueError(f"{field.name}: a rate is a chance between 0 and 1, not {getattr(self, field.name)}")

    def __str__(self) -> str:
        return " ".join(f"{field.name}={getattr(self, field.name):g}" for field in fields(self))

    def with_rates(self, settings: list[str]) -> Problems:
        """These rates with some set from `NAME=RATE` (the CLI's and the bench's --rate); ValueError names
        what is wrong."""
        names = [field.name for field in fields(self)]
        changes = {}
        for setting in settings:
            name, _, rate = setting.partition("=")
            if name not in names:
                raise ValueError(f"{setting!r}: the rates are {', '.join(names)} (NAME=RATE)")
            try:
                changes[name] = float(rate)
            except ValueError:
                raise ValueError(f"{setting!r}: {name}'s rate is a number between 0 and 1") from None
        return replace(self, **changes)


CLEAN = Problems(**{field.name: 0.0 for field in fields(Problems)})


class _Maker:
    """Makes the problems `rates` asks for, drawing from a stream of its own (see the module's doc)."""

    def __init__(self, rates: Problems, seed: int):
        self.rates = rates
        self.rng = random.Random(f"problems-{seed}")

    def happens(self, rate: float) -> bool:
        return rate > 0 and self.rng.random() < rate

    def in_row(self, file: str, values: dict) -> None:
        """The problems that lie within one record: missing answers, identifiers whose data-quality code
        disagrees, a dependent answer nobody asked for."""
        for name in ANSWERS_THAT_GO_MISSING.get(file, ()):
            if values.get(name) is not None and _dependents_blank(file, name, values) \
                    and self.happens(self.rates.missing_answer):
                values[name] = self.rng.choice([*sorted(LISTS[FILES[file].by_name[name].list_name].keys()
                                                        & REASONS_MISSING), None])
        if file == "Client":
            if self.happens(self.rates.ssn_disagrees):
                values["SSN"] = _unissued_ssn(self.rng) if values.get("SSN") else _ssn(self.rng)
            if self.happens(self.rates.dob_disagrees):
                values["DOBDataQuality"] = self.rng.choice(sorted(REASONS_MISSING))
        ruled_out = [dependent for parent, answers, dependents, answerable in _DEPENDENTS_BY_FILE.get(file, ())
                     if values.get(parent) is not None and int(values[parent]) not in answers
                     and all(values.get(dependent) is None for dependent in dependents)
                     for dependent in answerable]
        if ruled_out and self.happens(self.rates.dependent_answer):
            dependent = self.rng.choice(ruled_out)
            values[dependent] = _an_answer(self.rng, FILES[file].by_name[dependent])


def _answerable(column) -> bool:
    """Dependents this generator can answer plausibly: coded ones, text, amounts."""
    return column.list_name is not None or column.kind in ("string", "money")


# Per file: (parent, the parent's answers that call for the dependents, dependents, those of them answerable)
_DEPENDENTS_BY_FILE: dict[str, list[tuple[str, frozenset[int], tuple[str, ...], tuple[str, ...]]]] = {}
for _file, _parent, _answers, _dependents in DEPENDENTS:
    _DEPENDENTS_BY_FILE.setdefault(_file, []).append((_parent, _answers, _dependents, tuple(
        dependent for dependent in _dependents if _answerable(FILES[_file].by_name[dependent]))))


def _dependents_blank(file: str, parent: str, values: dict) -> bool:
    """Whether the answers depending on `parent` are all blank: an answer with dependents does not go
    missing (that would be a dependent answer nobody asked for, a problem of its own)."""
    return all(values.get(dependent) is None for candidate, _, dependents, _ in _DEPENDENTS_BY_FILE.get(file, ())
               if candidate == parent for dependent in dependents)


def _an_answer(rng: random.Random, column):
    if column.list_name:
        return rng.choice(sorted(LISTS[column.list_name].keys() - REASONS_MISSING))
    if column.kind == "money":
        return f"{rng.randint(10, 900)}.00"
    return "Other"[:column.max_length]


def _stamp(day: date) -> str:
    return datetime(day.year, day.month, day.day, 9, 30, 0).strftime("%Y-%m-%d %H:%M:%S")


class _Writer:
    """One open CSV writer per file; rows go in as dicts keyed by HUD column name."""

    def __init__(self, out_dir: Path, stack: ExitStack, seed: int, problems: Problems):
        self.prefix = f"S{seed}-"
        self.problems = _Maker(problems, seed)
        self.export_id, self.user_id = self.id("export"), self.id("generator")
        self.writers = {}
        self.counts = dict.fromkeys(FILES, 0)
        for name, spec in FILES.items():
            handle = stack.enter_context(open(out_dir / spec.filename, "w", newline="", encoding="utf-8"))
            writer = csv.writer(handle, lineterminator="\r\n")
            writer.writerow(spec.header)
            self.writers[name] = (writer, spec.header)

    def id(self, local: str) -> str:
        """A record's id: the seed's prefix, then its own."""
        return self.prefix + local

    def row(self, file: str, day: date, **values) -> None:
        writer, header = self.writers[file]
        stamp = _stamp(day)
        values = {"DateCreated": stamp, "DateUpdated": stamp, "UserID": self.user_id, "ExportID": self.export_id,
                  **values}
        self.problems.in_row(file, values)
        writer.writerow(["" if values.get(name) is None else values[name] for name in header])
        self.counts[file] += 1


def _ssn(rng: random.Random) -> str:
    return f"{rng.randint(1, 665):03d}{rng.randint(1, 99):02d}{rng.randint(1, 9999):04d}"


def _unissued_ssn(rng: random.Random) -> str:
    """Nine digits SSA never issues (hud.fy2026.rules.valid_ssn), as typed into an HMIS for a client
    who gave none: an area of 000, 666 or 9xx, a group of 00, a serial of 0000, or a made-up run."""
    area, group, serial = f"{rng.randint(1, 665):03d}", f"{rng.randint(1, 99):02d}", f"{rng.randint(1, 9999):04d}"
    return rng.choice((f"000{group}{serial}", f"666{group}{serial}", f"9{rng.randint(0, 99):02d}{group}{serial}",
                       f"{area}00{serial}", f"{area}{group}0000", "123456789", "999999999", "111111111"))


def generate(out_dir: str | Path, clients: int, seed: int = 1, problems: Problems = Problems()) -> dict[str, int]:
    """Write the 24 files for about `clients` people into `out_dir`, with data-quality problems at the
    rates of `problems` (CLEAN for none); returns rows per file."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    with ExitStack() as stack:
        out = _Writer(out_dir, stack, seed, problems)
        out.row("Export", PERIOD_END, ExportID=out.export_id, SourceType=1, SourceID=COC,
                SourceName=f"Synthetic CoC (seed {seed})",
                ExportDate=_stamp(PERIOD_END), ExportStartDate=PERIOD_START.isoformat(),
                ExportEndDate=PERIOD_END.isoformat(), SoftwareName="Harbor HMIS", CSVVersion=CSV_VERSION,
                ExportPeriodType=3, ExportDirective=2, HashStatus=1, ImplementationID=f"harbor-synthetic-{seed}",
                DateCreated=None, DateUpdated=None, UserID=None)
        out.row("User", PERIOD_START, UserID=out.user_id, UserFirstName="Data", UserLastName="Generator")
        projects = _projects(out, rng, clients)
        _people(out, rng, clients, projects)
    return out.counts


def _projects(out: _Writer, rng: random.Random, clients: int) -> list[tuple[str, int]]:
    scale = max(1, clients // 10_000)
    projects: list[tuple[str, int]] = []
    organizations = max(3, 3 * scale)
    for number in range(1, organizations + 1):
        out.row("Organization", PERIOD_START, OrganizationID=out.id(f"O{number}"),
                OrganizationName=f"Provider {number}", VictimServiceProvider=0)
    opened = date(2015, 1, 1)
    for project_type, count in PROJECT_MIX:
        for _ in range(count * scale):
            project_id = out.id(f"P{len(projects) + 1}")
            projects.append((project_id, project_type))
            residential = project_type in (0, 1, 2, 3, 8, 9, 10, 13)
            out.row("Project", opened, ProjectID=project_id, OrganizationID=out.id(f"O{rng.randint(1, organizations)}"),
                    ProjectName=f"Project {len(projects)}", OperatingStartDate=opened.isoformat(), ContinuumProject=1,
                    ProjectType=project_type, HousingType=1 if residential else None,
                    RRHSubType=2 if project_type == 13 else None, TargetPopulation=4)
            out.row("ProjectCoC", opened, ProjectCoCID=f"{project_id}C", ProjectID=project_id, CoCCode=COC,
                    Geocode="069073", GeographyType=1)
            out.row("Funder", opened, FunderID=f"{project_id}F", ProjectID=project_id, Funder=2 if project_type == 3 else 8,
                    GrantID=f"G-{project_id}", StartDate=opened.isoformat())
            out.row("HMISParticipation", opened, HMISParticipationID=f"{project_id}H", ProjectID=project_id,
                    HMISParticipationType=1, HMISParticipationStatusStartDate=opened.isoformat())
            if residential:
                out.row("Inventory", opened, InventoryID=f"{project_id}I", ProjectID=project_id, CoCCode=COC,
                        HouseholdType=1, Availability=1 if project_type in (0, 1) else None,
                        UnitInventory=40, BedInventory=50, OtherBedInventory=50,
                        ESBedType=1 if project_type in (0, 1) else None, InventoryStartDate=opened.isoformat())
            if project_type == 14:
                out.row("CEParticipation", opened, CEParticipationID=f"{project_id}E", ProjectID=project_id,
                        AccessPoint=1, CrisisAssessment=1, HousingAssessment=1, ReceivesReferrals=0,
                        CEParticipationStatusStartDate=opened.isoformat())
    services_only = [project_id for project_id, kind in projects if kind == 6]
    residential_ids = [project_id for project_id, kind in projects if kind in (2, 3)]
    out.row("Affiliation", opened, AffiliationID=out.id("A1"), ProjectID=services_only[0],
            ResProjectID=residential_ids[0])
    return projects


def _people(out: _Writer, rng: random.Random, clients: int, projects: list[tuple[str, int]]) -> None:
    made = 0
    household_number = 0
    while made < clients:
        household_number += 1
        size = min(clients - made, rng.choice((1, 1, 1, 1, 2, 3, 4)))
        members = [_client(out, rng, out.id(f"C{made + i + 1}"), adult=i < (2 if size > 2 else size), head=i == 0)
                   for i in range(size)]
        made += size
        day = PERIOD_START - timedelta(days=rng.randint(0, 200))
        for stay in range(rng.choice((1, 1, 2, 3))):
            project_id, project_type = rng.choice(projects)
            stay_id, entry = out.id(f"H{household_number}S{stay}"), day
            day = _stay(out, rng, stay_id, members, project_id, project_type, entry)
            if out.problems.happens(out.problems.rates.overlapping_stay):
                _overlapping_stay(out, stay_id, members, project_id, project_type, entry, day)
            if day is None or day >= PERIOD_END:
                break
            day += timedelta(days=rng.randint(5, 240))  # a return after time away
            if day >= PERIOD_END:
                break


def _overlapping_stay(out: _Writer, stay_id: str, members, project_id: str, project_type: int, entry: date,
                      exit_day: date | None) -> None:
    """The household entered again into the same project while its stay there still ran (a second
    enrollment made for the same stay): starting on the entry day or a day before the exit."""
    rng = out.problems.rng
    last_day = (exit_day - timedelta(days=1)) if exit_day else min(entry + timedelta(days=60), PERIOD_END)
    start = entry + timedelta(days=rng.randint(0, max(0, (last_day - entry).days)))
    _stay(out, rng, f"{stay_id}O", members, project_id, project_type, start)


def _client(out: _Writer, rng: random.Random, personal_id: str, adult: bool, head: bool) -> tuple[str, bool]:
    age = rng.randint(18, 75) if adult else rng.randint(0, 17)
    dob = date(PERIOD_START.year - age, rng.randint(1, 12), rng.randint(1, 28))
    has_ssn = rng.random() < 0.8
    veteran = adult and rng.random() < 0.08
    races = {column: 0 for column in ("AmIndAKNative", "Asian", "BlackAfAmerican", "HispanicLatinao",
                                       "MidEastNAfrican", "NativeHIPacific", "White")}
    races[rng.choice(list(races))] = 1
    out.row("Client", PERIOD_START - timedelta(days=rng.randint(0, 300)), PersonalID=personal_id,
            FirstName=rng.choice(FIRST_NAMES), LastName=rng.choice(LAST_NAMES), NameDataQuality=1,
            SSN=_ssn(rng) if has_ssn else None, SSNDataQuality=1 if has_ssn else rng.choice((8, 9, 99)),
            DOB=dob.isoformat(), DOBDataQuality=1, Sex=rng.choice((0, 1, 0, 1, 99)), **races,
            VeteranStatus=1 if veteran else 0, MilitaryBranch=1 if veteran else None,
            DischargeStatus=1 if veteran else None)
    return personal_id, adult


def _stay(out: _Writer, rng: random.Random, stay_id: str, members, project_id: str, project_type: int,
          entry: date) -> date | None:
    """One household's stay in one project; returns the exit date (None when still enrolled)."""
    length = rng.randint(1, 120) if project_type in (0, 1, 4, 14) else rng.randint(30, 400)
    exit_day = entry + timedelta(days=length)
    exited = exit_day <= PERIOD_END and rng.random() < 0.85
    destination = rng.choice(EXIT_DESTINATIONS)
    problems = out.problems
    no_head = problems.happens(problems.rates.no_head)
    second_head = len(members) > 1 and not no_head and problems.happens(problems.rates.two_heads)
    for index, (personal_id, adult) in enumerate(members):
        enrollment_id = f"{stay_id}M{index}"
        living = rng.choice((116, 101, 335, 336, 410, 435))
        relationship = 1 if index == 0 else rng.choice((2, 3))
        if index == 0 and no_head:
            relationship = problems.rng.choice((2, 3, 4, 5))
        elif index == 1 and second_head:
            relationship = 1
        created = entry
        if problems.happens(problems.rates.late_entry):
            created = min(entry + timedelta(days=problems.rng.randint(*LATE_ENTRY_DAYS)), PERIOD_END)
        out.row("Enrollment", created, EnrollmentID=enrollment_id, PersonalID=personal_id, ProjectID=project_id,
                EntryDate=entry.isoformat(), HouseholdID=stay_id, RelationshipToHoH=relationship,
                EnrollmentCoC=COC if index == 0 else None, LivingSituation=living if adult else None,
                RentalSubsidyType=rng.choice((419, 431, 433)) if adult and living == 435 else None,
                LengthOfStay=rng.choice((2, 3, 4, 10, 11)) if adult else None,
                DisablingCondition=rng.choice((0, 0, 1, 99)),
                MoveInDate=(entry + timedelta(days=rng.randint(0, 30))).isoformat()
                if project_type in (3, 13) and index == 0 and rng.random() < 0.7 else None)
        _records_at(out, rng, f"{enrollment_id}a", enrollment_id, personal_id, entry, stage=1, adult=adult)
        if project_type == 1:
            for night in range(0, min(length, 60), rng.randint(1, 3)):
                day = entry + timedelta(days=night)
                if day > PERIOD_END:
                    break
                out.row("Services", day, ServicesID=f"{enrollment_id}N{night}", EnrollmentID=enrollment_id,
                        PersonalID=personal_id, DateProvided=day.isoformat(), RecordType=200, TypeProvided=200)
        elif project_type in (12, 13) and index == 0:
            for visit in range(rng.randint(1, 4)):
                day = min(entry + timedelta(days=7 * visit), PERIOD_END)
                out.row("Services", day, ServicesID=f"{enrollment_id}V{visit}", EnrollmentID=enrollment_id,
                        PersonalID=personal_id, DateProvided=day.isoformat(), RecordType=144,
                        TypeProvided=rng.randint(1, 9))
        if project_type == 4 and adult:
            for contact in range(rng.randint(1, 3)):  # within the stay: a contact after it is a finding no rate made
                day = min(entry + timedelta(days=5 * contact), exit_day if exited else PERIOD_END)
                out.row("CurrentLivingSituation", day, CurrentLivingSitID=f"{enrollment_id}L{contact}",
                        EnrollmentID=enrollment_id, PersonalID=personal_id, InformationDate=day.isoformat(),
                        CurrentLivingSituation=116)
        if project_type == 14 and index == 0:
            assessment_id = f"{enrollment_id}A"
            out.row("Assessment", entry, AssessmentID=assessment_id, EnrollmentID=enrollment_id,
                    PersonalID=personal_id, AssessmentDate=entry.isoformat(), AssessmentLocation="Access point",
                    AssessmentType=3, AssessmentLevel=2, PrioritizationStatus=1)
            out.row("AssessmentQuestions", entry, AssessmentQuestionID=f"{assessment_id}Q", AssessmentID=assessment_id,
                    EnrollmentID=enrollment_id, PersonalID=personal_id, AssessmentQuestionOrder=1,
                    AssessmentQuestion="Nights homeless in past year", AssessmentAnswer=str(rng.randint(0, 365)))
            out.row("AssessmentResults", entry, AssessmentResultID=f"{assessment_id}R", AssessmentID=assessment_id,
                    EnrollmentID=enrollment_id, PersonalID=personal_id, AssessmentResultType="Priority score",
                    AssessmentResult=str(rng.randint(1, 20)))
            event = rng.choice((2, 10, 13, 14))
            out.row("Event", entry, EventID=f"{enrollment_id}V", EnrollmentID=enrollment_id, PersonalID=personal_id,
                    EventDate=entry.isoformat(), Event=event, ProbSolDivRRResult=rng.choice((0, 1)) if event == 2 else None,
                    ReferralResult=rng.choice((1, 2, 3)) if event != 2 else None,
                    ResultDate=entry.isoformat() if event != 2 else None)
        if exited:
            out.row("Exit", exit_day, ExitID=f"{enrollment_id}X", EnrollmentID=enrollment_id, PersonalID=personal_id,
                    ExitDate=exit_day.isoformat(), Destination=destination,
                    DestinationSubsidyType=rng.choice((419, 431, 439)) if destination == 435 else None,
                    OtherDestination="Moved away" if destination == 17 else None)
            _records_at(out, rng, f"{enrollment_id}z", enrollment_id, personal_id, exit_day, stage=3, adult=adult)
    return exit_day if exited else None


def _records_at(out: _Writer, rng: random.Random, prefix: str, enrollment_id: str, personal_id: str, day: date,
                stage: int, adult: bool) -> None:
    """The entry (stage 1) or exit (stage 3) records: income and benefits, health and DV, disabilities."""
    ids = {"EnrollmentID": enrollment_id, "PersonalID": personal_id, "InformationDate": day.isoformat(),
           "DataCollectionStage": stage}
    earned = adult and rng.random() < 0.3
    income = 1 if earned else rng.choice((0, 0, 99))
    income_record = dict(
        IncomeBenefitsID=f"{prefix}I", **ids, IncomeFromAnySource=income,
        TotalMonthlyIncome=f"{rng.randint(200, 2400)}.00" if earned else None,
        **({"Earned": 1, "EarnedAmount": f"{rng.randint(200, 2400)}.00", "Unemployment": 0, "SSI": 0, "SSDI": 0,
            "VADisabilityService": 0, "VADisabilityNonService": 0, "PrivateDisability": 0, "WorkersComp": 0,
            "TANF": 0, "GA": 0, "SocSecRetirement": 0, "Pension": 0, "ChildSupport": 0, "Alimony": 0,
            "OtherIncomeSource": 0} if earned else {}),
        BenefitsFromAnySource=rng.choice((0, 1, 99)), InsuranceFromAnySource=rng.choice((0, 1, 99)))
    out.row("IncomeBenefits", day, **income_record)
    survivor = rng.choice((0, 0, 0, 1, 99)) if adult else None
    health_record = dict(HealthAndDVID=f"{prefix}H", **ids, DomesticViolenceSurvivor=survivor,
                         WhenOccurred=rng.choice((1, 2, 3, 4)) if survivor == 1 else None,
                         CurrentlyFleeing=rng.choice((0, 1)) if survivor == 1 else None)
    out.row("HealthAndDV", day, **health_record)
    if out.problems.happens(out.problems.rates.duplicate_stage):
        _duplicate(out, day, out.problems.rng.choice((("IncomeBenefits", income_record),
                                                      ("HealthAndDV", health_record))))
    if stage == 1:
        for disability_type in (5, 6, 7, 8, 9, 10):
            response = rng.choice((0, 0, 0, 1)) if disability_type != 10 else rng.choice((0, 0, 1, 2, 3))
            out.row("Disabilities", day, DisabilitiesID=f"{prefix}D{disability_type}", **ids,
                    DisabilityType=disability_type, DisabilityResponse=response,
                    IndefiniteAndImpairs=rng.choice((0, 1)) if response and disability_type not in (6, 8) else None,
                    TCellCountAvailable=0 if disability_type == 8 and response else None)
        if not adult:
            out.row("YouthEducationStatus", day, YouthEducationStatusID=f"{prefix}Y", **ids,
                    CurrentSchoolAttend=rng.choice((0, 2)))
        else:
            out.row("EmploymentEducation", day, EmploymentEducationID=f"{prefix}E", **ids,
                    LastGradeCompleted=rng.choice((4, 5, 7, 10)), Employed=rng.choice((0, 1)))


def _duplicate(out: _Writer, day: date, record: tuple[str, dict]) -> None:
    """The same stage's record entered a second time, a few days later, under an id of its own."""
    file, values = record
    key = FILES[file].key.name
    entered = min(day + timedelta(days=out.problems.rng.randint(0, 14)), PERIOD_END)
    out.row(file, entered, **{**values, key: f"{values[key]}2"})
