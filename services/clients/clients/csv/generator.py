"""A seeded synthetic CoC as FY2026 HMIS CSV: same seed and size, same files, byte for byte.

Every id starts with the seed (`S11-C1`, `S11-H3S0M0`) and Export.csv names a source of the seed's own
(ImplementationID `harbor-synthetic-11`): exports of two seeds are two systems, whose records never
share an id, as HUD's ids are unique only within the system that made them.

Organizations run projects of every common type; households (one head, sometimes a partner and
children) have one to three stays across projects (returns included), most of them exited to a
destination, each with entry and exit income and health records, disabilities, bed nights in
night-by-night shelters, services, outreach contacts and coordinated entry assessments and events.
Rows are written as they are made, so memory stays flat whatever the size.
"""
from __future__ import annotations

import csv
import random
from contextlib import ExitStack
from datetime import date, datetime, timedelta
from pathlib import Path

from hud.fy2026.spec import CSV_VERSION, FILES

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


def _stamp(day: date) -> str:
    return datetime(day.year, day.month, day.day, 9, 30, 0).strftime("%Y-%m-%d %H:%M:%S")


class _Writer:
    """One open CSV writer per file; rows go in as dicts keyed by HUD column name."""

    def __init__(self, out_dir: Path, stack: ExitStack, seed: int):
        self.prefix = f"S{seed}-"
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
        writer.writerow(["" if values.get(name) is None else values[name] for name in header])
        self.counts[file] += 1


def _ssn(rng: random.Random) -> str:
    return f"{rng.randint(1, 665):03d}{rng.randint(1, 99):02d}{rng.randint(1, 9999):04d}"


def generate(out_dir: str | Path, clients: int, seed: int = 1) -> dict[str, int]:
    """Write the 24 files for about `clients` people into `out_dir`; returns rows per file."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    with ExitStack() as stack:
        out = _Writer(out_dir, stack, seed)
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
            day = _stay(out, rng, out.id(f"H{household_number}S{stay}"), members, project_id, project_type, day)
            if day is None or day >= PERIOD_END:
                break
            day += timedelta(days=rng.randint(5, 240))  # a return after time away
            if day >= PERIOD_END:
                break


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
    for index, (personal_id, adult) in enumerate(members):
        enrollment_id = f"{stay_id}M{index}"
        living = rng.choice((116, 101, 335, 336, 410, 435))
        out.row("Enrollment", entry, EnrollmentID=enrollment_id, PersonalID=personal_id, ProjectID=project_id,
                EntryDate=entry.isoformat(), HouseholdID=stay_id, RelationshipToHoH=1 if index == 0 else rng.choice((2, 3)),
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
            for contact in range(rng.randint(1, 3)):
                day = min(entry + timedelta(days=5 * contact), PERIOD_END)
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
    out.row("IncomeBenefits", day, IncomeBenefitsID=f"{prefix}I", **ids, IncomeFromAnySource=income,
            TotalMonthlyIncome=f"{rng.randint(200, 2400)}.00" if earned else None,
            **({"Earned": 1, "EarnedAmount": f"{rng.randint(200, 2400)}.00", "Unemployment": 0, "SSI": 0, "SSDI": 0,
                "VADisabilityService": 0, "VADisabilityNonService": 0, "PrivateDisability": 0, "WorkersComp": 0,
                "TANF": 0, "GA": 0, "SocSecRetirement": 0, "Pension": 0, "ChildSupport": 0, "Alimony": 0,
                "OtherIncomeSource": 0} if earned else {}),
            BenefitsFromAnySource=rng.choice((0, 1, 99)), InsuranceFromAnySource=rng.choice((0, 1, 99)))
    survivor = rng.choice((0, 0, 0, 1, 99)) if adult else None
    out.row("HealthAndDV", day, HealthAndDVID=f"{prefix}H", **ids, DomesticViolenceSurvivor=survivor,
            WhenOccurred=rng.choice((1, 2, 3, 4)) if survivor == 1 else None,
            CurrentlyFleeing=rng.choice((0, 1)) if survivor == 1 else None)
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
