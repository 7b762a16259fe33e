// For the casework screens' tests: HUD forms as GET /api/v1/hud/forms/<record> answers them, cut down to the fields
// the screens ask, with the data elements (whom HUD collects each for, and when) and rules the tests rely on. Labels
// are the field names in words ("income from any source").
type Field = Record<string, unknown>;
const START_UPDATE_ANNUAL_EXIT = [1, 2, 5, 3];
const element = (number: string, name: string, collected_for: string, stages: number[]) =>
  ({ number, name, collected_for, adult_age: 18, stages });
const INCOME = element("4.02", "Income and Sources", "head_and_adults", START_UPDATE_ANNUAL_EXIT);
const BENEFITS = element("4.03", "Non-Cash Benefits", "head_and_adults", START_UPDATE_ANNUAL_EXIT);
const INSURANCE = element("4.04", "Health Insurance", "all_clients", START_UPDATE_ANNUAL_EXIT);
const DV = element("4.11", "Domestic Violence", "head_and_adults", [1, 2]);
const GENERAL_HEALTH = element("R7", "General Health Status", "head_and_adults", [1, 3]);
const DISABILITIES = element("4.05-4.10", "Disabilities", "all_clients", [1, 2, 3]);
const EMPLOYMENT = element("R6", "Employment Status", "head_and_adults", [1, 3]);
const NO_YES = [{ code: 0, label: "No" }, { code: 1, label: "Yes" }, { code: 99, label: "Data not collected" }];

function field(name: string, kind: string, extra: Field = {}): Field {
  return { name, hud_name: name, label: name.replace(/_/g, " "), kind, required: false, not_future: false, rules: [],
    element: null, ...(kind === "choice" ? { options: NO_YES } : {}), ...extra };
}

export const FORMS: Record<string, { record: string; fields: Field[] }> = {
  IncomeBenefits: { record: "IncomeBenefits", fields: [
    field("information_date", "date", { required: true }),
    ...["income_from_any_source", "earned", "unemployment", "ssi", "ssdi"].map((name) => field(name, "choice", { element: INCOME })),
    ...["earned_amount", "unemployment_amount", "ssi_amount", "ssdi_amount", "total_monthly_income"].map((name) => field(name, "money", { element: INCOME })),
    ...["benefits_from_any_source", "snap", "wic"].map((name) => field(name, "choice", { element: BENEFITS })),
    ...["insurance_from_any_source", "medicaid", "no_medicaid_reason", "medicare", "no_medicare_reason"].map((name) => field(name, "choice", { element: INSURANCE })),
  ] },
  HealthAndDV: { record: "HealthAndDV", fields: [
    field("information_date", "date", { required: true }),
    ...["domestic_violence_survivor", "when_occurred", "currently_fleeing"].map((name) => field(name, "choice", { element: DV })),
    field("general_health_status", "choice", { element: GENERAL_HEALTH }),
    ...["dental_health_status", "mental_health_status"].map((name) => field(name, "choice", { element: { ...GENERAL_HEALTH, number: "R8" } })),
    field("pregnancy_status", "choice", { element: { ...DV, number: "R10", name: "Pregnancy Status" } }),
    field("due_date", "date", { element: { ...DV, number: "R10", name: "Pregnancy Status" } }),
  ] },
  Disabilities: { record: "Disabilities", fields: [
    field("information_date", "date", { required: true }),
    field("disability_type", "choice", { required: true, element: DISABILITIES,
      options: [{ code: 5, label: "Physical disability" }, { code: 10, label: "Substance use disorder" }] }),
    field("disability_response", "choice", { element: DISABILITIES,
      options: [{ code: 0, label: "No" }, { code: 1, label: "Alcohol use disorder" }, { code: 2, label: "Drug use disorder" }, { code: 99, label: "Data not collected" }],
      rules: [{ kind: "options", parents: ["disability_type"], answers: [5, 6, 7, 8, 9], message: "No/Yes", rule_id: "dq.answer_list", options: NO_YES }] }),
    field("indefinite_and_impairs", "choice", { element: DISABILITIES }),
    field("t_cell_count_available", "choice", { element: element("W4", "T-Cell (CD4) and Viral Load", "all_clients", START_UPDATE_ANNUAL_EXIT),
      rules: [{ kind: "only", parents: ["disability_type"], answers: [8], message: "HIV/AIDS", rule_id: "dq.dependent" }] }),
    field("data_collection_stage", "choice", { required: true,
      options: [{ code: 1, label: "Project entry" }, { code: 2, label: "Update" }, { code: 3, label: "Project exit" }, { code: 5, label: "Annual assessment" }] }),
  ] },
  EmploymentEducation: { record: "EmploymentEducation", fields: [
    field("information_date", "date", { required: true }),
    field("last_grade_completed", "choice", { element: { ...EMPLOYMENT, number: "R4", name: "Last Grade Completed" } }),
    ...["employed", "employment_type"].map((name) => field(name, "choice", { element: EMPLOYMENT })),
    field("data_collection_stage", "choice", { required: true }),
  ] },
  // HUD's C3: no element in the catalogue, so asked of every member at every stage
  YouthEducationStatus: { record: "YouthEducationStatus", fields: [
    field("information_date", "date", { required: true }),
    field("current_school_attend", "choice"),
    field("data_collection_stage", "choice", { required: true }),
  ] },
  Exit: { record: "Exit", fields: [
    field("exit_date", "date", { required: true, element: element("3.11", "Project Exit Date", "all_clients", [3]) }),
    ...["destination", "destination_subsidy_type"].map((name) => field(name, "choice", { element: element("3.12", "Destination", "all_clients", [3]),
      options: [{ code: 410, label: "Rental by client, no ongoing subsidy" }, { code: 99, label: "Data not collected" }] })),
    field("other_destination", "text", { element: element("3.12", "Destination", "all_clients", [3]) }),
    field("project_completion_status", "choice"),
  ] },
};

/** The fake gateway's routes answering every form. */
export const FORM_ROUTES = Object.fromEntries(Object.entries(FORMS).map(([record, form]) => [`GET /api/v1/hud/forms/${record}`, () => form]));
