"""HUD's data elements as the HMIS Data Standards collect them: which columns of a record make up each element,
whom it is collected for (each element's "Data Collected About") and at which data-collection stages (its
"Collection Point").

Source: HUD, FY 2024 HMIS Data Dictionary, version 1.6 (June 2024), each element's table ("Data Collected About",
"Collection Point") and its "Required Collection Points" summary; FY 2026 keeps these elements, and the FY 2026
HMIS CSV Format Specifications v1.0 (October 2025) put them in the same files and columns (its "Revisions for
FY 2026" change none of them). HUD's FY 2026 Data Dictionary itself could not be consulted: docs/hud.md, "Data
elements: whom and when", says what was checked where.

A record of the CSV holds several elements (IncomeBenefits holds 4.02 income, 4.03 non-cash benefits and 4.04 health
insurance), collected for different members of a household: a child who is not the head of household is asked
about health insurance, not income. The forms (forms.py) carry each field's element, so a front end asks each member
only what HUD collects for them, at the stage it records. The API refuses none of it: HUD says what to ask, and an
answer given anyway is kept.

A column named by no element here is asked of everyone at any stage the record is kept (the record's own dates and
stage, and elements of federal partners' programs not listed).
"""
from __future__ import annotations

from dataclasses import dataclass

from hud.fy2026.spec import FILES

ALL_CLIENTS = "all_clients"
HEAD_AND_ADULTS = "head_and_adults"  # the head of household and every member 18 or older
# HUD: an adult is 18 or older. A member becomes one on their 18th birthday, mid-stay too: "Updates are required for
# persons aging into adulthood ... enter an update as of the participant's 18th birthday" (Data Dictionary, 4.02 and
# 4.03, System Logic), so a record asks by the member's age on its information date, not at project start.
ADULT_AGE = 18
# Data-collection stages (HUD list DataCollectionStage; 6 post-exit is no collection point of these elements)
START, UPDATE, EXIT, ANNUAL = 1, 2, 3, 5
AT_EACH_ASSESSMENT = (START, UPDATE, ANNUAL, EXIT)


@dataclass(frozen=True)
class Element:
    number: str                 # as the Data Standards number it: 4.02, R7
    name: str
    file: str                   # the CSV record holding it
    columns: tuple[str, ...]    # its columns in that record, as HUD names them
    collected_for: str          # ALL_CLIENTS or HEAD_AND_ADULTS
    stages: tuple[int, ...]     # its collection points

    def as_dict(self) -> dict:
        return {"number": self.number, "name": self.name, "collected_for": self.collected_for,
                "adult_age": ADULT_AGE, "stages": list(self.stages)}


def _income_columns() -> tuple[str, ...]:
    """4.02: whether any income, the total, each source with its amount."""
    names = [column.name for column in FILES["IncomeBenefits"].columns]
    return tuple(names[names.index("IncomeFromAnySource"):names.index("OtherIncomeSourceIdentify") + 1])


# Each as the Data Dictionary states it: "Data Collected About" -> collected_for, "Collection Point" -> stages.
ELEMENTS: tuple[Element, ...] = (
    # All Clients; Project Exit
    Element("3.11", "Project Exit Date", "Exit", ("ExitDate",), ALL_CLIENTS, (EXIT,)),
    Element("3.12", "Destination", "Exit", ("Destination", "DestinationSubsidyType", "OtherDestination"), ALL_CLIENTS,
            (EXIT,)),
    # Head of Household and Adults; Project Start, Update, Annual Assessment, and Project Exit
    Element("4.02", "Income and Sources", "IncomeBenefits", _income_columns(), HEAD_AND_ADULTS, AT_EACH_ASSESSMENT),
    Element("4.03", "Non-Cash Benefits", "IncomeBenefits", (
        "BenefitsFromAnySource", "SNAP", "WIC", "TANFChildCare", "TANFTransportation", "OtherTANF",
        "OtherBenefitsSource", "OtherBenefitsSourceIdentify"), HEAD_AND_ADULTS, AT_EACH_ASSESSMENT),
    # All Clients; Project Start, Update, Annual Assessment, and Project Exit (the reasons are HOPWA's fields)
    Element("4.04", "Health Insurance", "IncomeBenefits", (
        "InsuranceFromAnySource", "Medicaid", "NoMedicaidReason", "Medicare", "NoMedicareReason", "SCHIP",
        "NoSCHIPReason", "VHAServices", "NoVHAReason", "EmployerProvided", "NoEmployerProvidedReason", "COBRA",
        "NoCOBRAReason", "PrivatePay", "NoPrivatePayReason", "StateHealthIns", "NoStateHealthInsReason",
        "IndianHealthServices", "NoIndianHealthServicesReason", "OtherInsurance", "OtherInsuranceIdentify"),
            ALL_CLIENTS, AT_EACH_ASSESSMENT),
    # HUD: "All Household Members with HIV/AIDS"; Project Start, Update, Project Exit (no annual assessment). Whether a
    # member has HIV/AIDS is another record's answer (4.08), which a form cannot read: every member, at those stages.
    Element("W3", "Medical Assistance", "IncomeBenefits", ("ADAP", "NoADAPReason", "RyanWhiteMedDent",
                                                            "NoRyanWhiteReason"), ALL_CLIENTS, (START, UPDATE, EXIT)),
    # Head of Household and Adults; Project Start, Update, Annual Assessment, and Exit
    Element("P4", "Connection with SOAR", "IncomeBenefits", ("ConnectionWithSOAR",), HEAD_AND_ADULTS,
            AT_EACH_ASSESSMENT),
    # 4.05 physical, 4.06 developmental, 4.07 chronic health, 4.08 HIV/AIDS, 4.09 mental health, 4.10 substance use:
    # one Disabilities record per type, the same columns; each All Clients; Project Start, Update, and Project Exit
    Element("4.05-4.10", "Disabilities", "Disabilities", ("DisabilityType", "DisabilityResponse", "IndefiniteAndImpairs"),
            ALL_CLIENTS, (START, UPDATE, EXIT)),
    # HOPWA's, on the HIV/AIDS record of a member who has it (DisabilityType 8, DisabilityResponse 1; rules.DEPENDENTS):
    # "All Household Members with HIV/AIDS".
    # W4: Project Start, Update, Annual Assessment, Project Exit; W6: Project Start, Update, Project Exit.
    Element("W4", "T-Cell (CD4) and Viral Load", "Disabilities", (
        "TCellCountAvailable", "TCellCount", "TCellSource", "ViralLoadAvailable", "ViralLoad", "ViralLoadSource"),
            ALL_CLIENTS, AT_EACH_ASSESSMENT),
    Element("W6", "Prescribed Anti-Retroviral", "Disabilities", ("AntiRetroviral",), ALL_CLIENTS, (START, UPDATE, EXIT)),
    # Head of Household and Adults; Project Start, Update
    Element("4.11", "Domestic Violence", "HealthAndDV", ("DomesticViolenceSurvivor", "WhenOccurred", "CurrentlyFleeing"),
            HEAD_AND_ADULTS, (START, UPDATE)),
    # RHY's: Head of Household and Adults; Project Start, Project Exit
    Element("R7", "General Health Status", "HealthAndDV", ("GeneralHealthStatus",), HEAD_AND_ADULTS, (START, EXIT)),
    Element("R8", "Dental Health Status", "HealthAndDV", ("DentalHealthStatus",), HEAD_AND_ADULTS, (START, EXIT)),
    Element("R9", "Mental Health Status", "HealthAndDV", ("MentalHealthStatus",), HEAD_AND_ADULTS, (START, EXIT)),
    # Head of Household and Adults; Project Start, Update
    Element("R10", "Pregnancy Status", "HealthAndDV", ("PregnancyStatus", "DueDate"), HEAD_AND_ADULTS, (START, UPDATE)),
    # RHY's (R6 also VA's and HUD-VASH's): Head of Household and Adults; Project Start, Project Exit
    Element("R4", "Last Grade Completed", "EmploymentEducation", ("LastGradeCompleted",), HEAD_AND_ADULTS,
            (START, EXIT)),
    Element("R5", "School Status", "EmploymentEducation", ("SchoolStatus",), HEAD_AND_ADULTS, (START, EXIT)),
    Element("R6", "Employment Status", "EmploymentEducation", ("Employed", "EmploymentType", "NotEmployedReason"),
            HEAD_AND_ADULTS, (START, EXIT)),
)
# (file, column) -> the element holding it
OF_COLUMN: dict[tuple[str, str], Element] = {(element.file, column): element for element in ELEMENTS
                                             for column in element.columns}
