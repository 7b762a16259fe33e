"""Facts of HUD's FY2026 HMIS CSV specification, checked against public sources (docs/clients.md,
"Conformance to the FY2026 CSV spec"), pinned so a change to hud/fy2026_*.csv that breaks them fails.

Sources (GitHub, read 2026):
- [GR-OUT] greenriver/hmis-warehouse drivers/hud_twenty_twenty_four_to_twenty_twenty_six/spec/fixtures/out/*.csv
  (FY2024 -> FY2026 converter output) and its client/rename_columns.rb (HispanicLatinaeo -> HispanicLatinao),
  custom_enrollment_fy_26_deprecation/ (SexualOrientation*, TranslationNeeded, PreferredLanguage* leave
  Enrollment.csv), csv_transformer.rb (Exit.csv and IncomeBenefits.csv are unchanged from FY2024).
- [GR-LISTS] greenriver/hmis-warehouse lib/util/concerns/hud_lists_2026.rb (generated from HUD's FY2026 lists).
- [GR-STRUCT] greenriver/hmis-warehouse app/models/concerns/hmis_structure/*.rb (column types and lengths).
- [EVA] abtassociates/eva public-resources/columns.csv (FY2024 column order of the unchanged files).
"""
from hud.fy2026 import spec

META = ["DateCreated", "DateUpdated", "UserID", "DateDeleted", "ExportID"]


def test_client_header():  # [GR-OUT] Client.csv, with HispanicLatinao per rename_columns.rb
    assert spec.FILES["Client"].header == [
        "PersonalID", "FirstName", "MiddleName", "LastName", "NameSuffix", "NameDataQuality", "SSN",
        "SSNDataQuality", "DOB", "DOBDataQuality", "Sex", "AmIndAKNative", "Asian", "BlackAfAmerican",
        "HispanicLatinao", "MidEastNAfrican", "NativeHIPacific", "White", "RaceNone", "AdditionalRaceEthnicity",
        "VeteranStatus", "YearEnteredService", "YearSeparated", "WorldWarII", "KoreanWar", "VietnamWar",
        "DesertStorm", "AfghanistanOEF", "IraqOIF", "IraqOND", "OtherTheater", "MilitaryBranch", "DischargeStatus",
        *META]


def test_enrollment_header():  # [GR-OUT] Enrollment.csv less the FY2026 deprecations
    assert spec.FILES["Enrollment"].header == [
        "EnrollmentID", "PersonalID", "ProjectID", "EntryDate", "HouseholdID", "RelationshipToHoH", "EnrollmentCoC",
        "LivingSituation", "RentalSubsidyType", "LengthOfStay", "LOSUnderThreshold", "PreviousStreetESSH",
        "DateToStreetESSH", "TimesHomelessPastThreeYears", "MonthsHomelessPastThreeYears", "DisablingCondition",
        "DateOfEngagement", "MoveInDate", "DateOfPATHStatus", "ClientEnrolledInPATH", "ReasonNotEnrolled",
        "PercentAMI", "ReferralSource", "CountOutreachReferralApproaches", "DateOfBCPStatus", "EligibleForRHY",
        "ReasonNoServices", "RunawayYouth", "FormerWardChildWelfare", "ChildWelfareYears", "ChildWelfareMonths",
        "FormerWardJuvenileJustice", "JuvenileJusticeYears", "JuvenileJusticeMonths", "UnemploymentFam",
        "MentalHealthDisorderFam", "PhysicalDisabilityFam", "AlcoholDrugUseDisorderFam", "InsufficientIncome",
        "IncarceratedParent", "VAMCStation", "TargetScreenReqd", "TimeToHousingLoss", "AnnualPercentAMI",
        "LiteralHomelessHistory", "ClientLeaseholder", "HOHLeaseholder", "SubsidyAtRisk", "EvictionHistory",
        "CriminalRecord", "IncarceratedAdult", "PrisonDischarge", "SexOffender", "DisabledHoH", "CurrentPregnant",
        "SingleParent", "DependentUnder6", "HH5Plus", "CoCPrioritized", "HPScreeningScore", "ThresholdScore",
        "MentalHealthConsultation", *META]


def test_exit_header():  # [EVA] Exit rows (unchanged in FY2026 per [GR-OUT] csv_transformer.rb)
    assert spec.FILES["Exit"].header == [
        "ExitID", "EnrollmentID", "PersonalID", "ExitDate", "Destination", "DestinationSubsidyType",
        "OtherDestination", "HousingAssessment", "SubsidyInformation", "ProjectCompletionStatus", "EarlyExitReason",
        "ExchangeForSex", "ExchangeForSexPastThreeMonths", "CountOfExchangeForSex", "AskedOrForcedToExchangeForSex",
        "AskedOrForcedToExchangeForSexPastThreeMonths", "WorkplaceViolenceThreats", "WorkplacePromiseDifference",
        "CoercedToContinueWork", "LaborExploitPastThreeMonths", "CounselingReceived", "IndividualCounseling",
        "FamilyCounseling", "GroupCounseling", "SessionCountAtExit", "PostExitCounselingPlan", "SessionsInPlan",
        "DestinationSafeClient", "DestinationSafeWorker", "PosAdultConnections", "PosPeerConnections",
        "PosCommunityConnections", "AftercareDate", "AftercareProvided", "EmailSocialMedia", "Telephone",
        "InPersonIndividual", "InPersonGroup", "CMExitReason", *META]


def test_income_benefits_vha_columns():  # [GR-OUT] IncomeBenefits.csv
    header = spec.FILES["IncomeBenefits"].header
    assert header[header.index("SCHIP"):header.index("SCHIP") + 6] == [
        "SCHIP", "NoSCHIPReason", "VHAServices", "NoVHAReason", "EmployerProvided", "NoEmployerProvidedReason"]
    assert not {"VAMedicalServices", "NoVAMedReason"} & set(header)


def test_removed_columns_are_gone():  # 3.06 Gender, R3 sexual orientation, C4 translation (FY2026)
    columns = {column for file in spec.FILES.values() for column in file.header}
    assert not {"HispanicLatinaeo", "Woman", "Man", "NonBinary", "CulturallySpecific", "Transgender", "Questioning",
                "DifferentIdentity", "GenderNone", "DifferentIdentityText", "SexualOrientation",
                "SexualOrientationOther", "TranslationNeeded", "PreferredLanguage",
                "PreferredLanguageDifferent"} & columns


def test_sex_list():  # 4.21: [GR-LISTS] has 0 Female, 1 Male; 8/9/99 from the Data Standards (domain.md)
    assert spec.LISTS["Sex"] == {0: "Female", 1: "Male", 8: "Client doesn't know",
                                 9: "Client prefers not to answer", 99: "Data not collected"}
    assert spec.column("Client", "Sex").list_name == "Sex"


def test_event_list():  # 4.20.2 [GR-LISTS]: 1-18, 16-18 new in FY2026
    assert sorted(spec.LISTS["EventType"]) == list(range(1, 19))
    assert spec.LISTS["EventType"][16] == "Referral to emergency assistance/flex fund/furniture assistance"
    assert spec.LISTS["EventType"][17] == "Referral to Emergency Housing Voucher (EHV)"
    assert spec.LISTS["EventType"][18] == "Referral to a Housing Stability Voucher"


def test_funder_list():  # 2.06.1 [GR-LISTS]; 12, 47, 48, 49 deprecated but kept for older records
    assert spec.column("Funder", "Funder").list_name == "FundingSource"
    assert sorted(spec.LISTS["FundingSource"]) == [*range(1, 28), 30, *range(32, 57)]
    assert spec.LISTS["FundingSource"][56] == "HUD: CoC Builds"
    assert all("[Deprecated]" in spec.LISTS["FundingSource"][code] for code in (12, 47, 48, 49))


def test_mental_health_consultation():  # V10 [GR-LISTS], last Enrollment column before the metadata
    assert spec.column("Enrollment", "MentalHealthConsultation").list_name == "MentalHealthConsultation"
    assert sorted(spec.LISTS["MentalHealthConsultation"]) == [1, 2, 3, 4]


def test_living_situation_lists():  # 3.917, 4.12, 3.12 [GR-LISTS]
    situations = {101, 116, 118, 204, 205, 206, 207, 215, 225, 302, 314, 329, 332, 335, 336, 410, 411, 421, 435}
    reasons = {8, 9, 99}
    assert set(spec.LISTS["LivingSituation"]) == situations | reasons
    assert set(spec.LISTS["CurrentLivingSituation"]) == situations | reasons | {17, 37}
    assert spec.column("CurrentLivingSituation", "CurrentLivingSituation").list_name == "CurrentLivingSituation"
    assert set(spec.LISTS["Destination"]) == (situations - {335, 336}) | {312, 313, 327, 422, 423, 426} | reasons | {
        17, 24, 30}


def test_hp_targeting_lists():  # V7.A, V7.C [GR-LISTS]
    assert sorted(spec.LISTS["TimeToHousingLoss"]) == [0, 1, 2, 3, 99]
    assert spec.LISTS["LiteralHomelessHistory"][0] == "Most recent episode occurred in the last year"


def test_string_lengths():  # [GR-STRUCT] export.rb, current_living_situation.rb, assessment_question.rb
    assert spec.column("Export", "SourceID").max_length == 32
    assert spec.column("CurrentLivingSituation", "VerifiedBy").max_length == 100
    assert spec.column("AssessmentQuestions", "AssessmentAnswer").max_length == 250
    assert spec.column("Client", "AdditionalRaceEthnicity").max_length == 100
