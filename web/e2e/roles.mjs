// End to end in Debian's Chromium against a running gateway, one signed-in browser context per role: the HMIS lead,
// an agency administrator, a case worker, a compliance officer and a report viewer walk their screens (issue 15,
// items 4-9), and the compliance officer sets up an authenticator app and signs out everywhere. On every screen: a
// screenshot, and axe-core finds no serious or critical WCAG 2.1 AA violation.
// Environment: HMIS_WEB_URL; HMIS_WEB_PEOPLE, JSON {role: {username, password, totp?}} for lead, admin, worker,
// compliance, reporter; HMIS_WEB_FACTS, JSON {pending_user, client_id, worker_name, agency_name,
// organization_name, project_name, unlinked_organization_name}; CHROMIUM; HMIS_WEB_SCREENSHOTS.
import { Checker, expect, launch, signIn as signInAt, totpCode } from "./walk.mjs";

const url = process.env.HMIS_WEB_URL;
const people = JSON.parse(process.env.HMIS_WEB_PEOPLE ?? "{}");
const facts = JSON.parse(process.env.HMIS_WEB_FACTS ?? "{}");
const screenshots = process.env.HMIS_WEB_SCREENSHOTS ?? "e2e-output/screenshots";
if (!url || !people.lead) throw new Error("set HMIS_WEB_URL and HMIS_WEB_PEOPLE");
// The Privacy & Security quiz's answer key in the demo catalogue (training migration 0003); question 9 is worth 11 points.
const PRIVACY_ANSWERS = [1, 1, 2, 1, 2, 1, 1, 1, 1, 1];
const checker = new Checker(screenshots);
const browser = await launch();
const signIn = (role) => signInAt(browser, url, people[role]);
const check = (page, name) => checker.check(page, name);

// Open a screen from the nav (by keyboard: focus the link, Enter), wait for its heading, check it, screenshot it.
async function open(page, role, title, heading = title) {
  const link = page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: title, exact: true });
  await link.focus();
  await page.keyboard.press("Enter");
  await page.getByRole("heading", { level: 1, name: heading }).waitFor();
  await check(page, `${role}-${title}`);
}

async function navTitles(page) {
  return page.getByRole("navigation", { name: "Main" }).getByRole("link").allInnerTexts();
}

try {
  // Administrators first: their one-time codes are good for a minute or so.
  const lead = await signIn("lead");
  const admin = await signIn("admin");
  const worker = await signIn("worker");
  const compliance = await signIn("compliance");
  const complianceElsewhere = await signIn("compliance");  // another browser of theirs, signed out everywhere below
  const reporter = await signIn("reporter");

  // The HMIS lead: the trust network, the training catalogue, the decision log, the audit trail's verification.
  await open(lead, "lead", "Trust network");
  await lead.getByRole("button", { name: `Open ${facts.agency_name}` }).click();
  await lead.getByRole("heading", { name: `Agency: ${facts.agency_name}` }).waitFor();
  await lead.getByRole("table", { name: "Status history" }).waitFor();
  await check(lead, "lead-agency");
  await open(lead, "lead", "Training catalogue", "Training catalogue and sessions");
  await lead.getByRole("table", { name: "Course catalogue" }).getByText("HMIS Privacy and Security Essentials (webinar and quiz)").waitFor();
  await open(lead, "lead", "Decision log");
  await lead.getByRole("combobox", { name: "Outcome" }).click();
  await lead.getByRole("option", { name: "refused" }).click();
  await lead.getByRole("button", { name: "Apply" }).click();
  await lead.getByRole("table", { name: "Policy decisions" }).getByText("refused").first().waitFor();
  await check(lead, "lead-decisions-refused");
  await open(lead, "lead", "Audit trail", "Audit trail verification");
  await lead.getByRole("button", { name: "Verify now" }).click();
  await lead.getByText("Every chain is intact.").waitFor({ timeout: 60_000 });
  await check(lead, "lead-audit-verified");
  await open(lead, "lead", "Organizations");
  await lead.getByRole("combobox", { name: "Agency", exact: true }).click();
  await lead.getByRole("option", { name: facts.agency_name }).click();
  await lead.getByRole("table", { name: `Organizations run by ${facts.agency_name}` }).getByRole("cell", { name: facts.organization_name, exact: true }).waitFor();
  // An organization no agency runs yet, linked to agency A: it leaves the list.
  const unlinked = lead.getByRole("table", { name: "Organizations run by no agency" });
  const unlinkedCell = unlinked.getByRole("cell", { name: facts.unlinked_organization_name, exact: true });
  await unlinkedCell.waitFor();
  await check(lead, "lead-organizations");
  await lead.getByRole("combobox", { name: `Run by: ${facts.unlinked_organization_name}` }).click();
  await lead.getByRole("option", { name: facts.agency_name }).click();
  await lead.getByRole("table", { name: `Organizations run by ${facts.agency_name}` }).getByRole("cell", { name: facts.unlinked_organization_name, exact: true }).waitFor();
  // the two lists are read again one after the other: wait for the unlinked one to drop it (it fails the walk if not)
  await unlinkedCell.waitFor({ state: "detached" });
  await open(lead, "lead", "Services' health");
  await lead.getByRole("table", { name: "Services behind the gateway" }).getByText("identity").waitFor();
  await check(lead, "lead-services-health");

  // The agency administrator: approve a requested license's fee, name a key contact, an API key, a project, duplicates.
  await open(admin, "admin", "Users");
  const approve = admin.getByRole("button", { name: `Approve license fee: ${facts.pending_user}` });
  await approve.focus();
  await admin.keyboard.press("Enter");
  await admin.getByText(`The license fee was approved for ${facts.pending_user}.`).waitFor();
  await open(admin, "admin", "Agency", `Agency: ${facts.agency_name}`);
  const contact = admin.getByRole("form", { name: "Contact: security officer" });
  await contact.getByLabel("Name").fill("Sam Security");
  await contact.getByLabel("Email").fill("security@example.org");
  await contact.getByRole("button", { name: "Save security officer" }).click();
  await contact.getByText("Saved.").waitFor();
  await open(admin, "admin", "API keys");
  await admin.getByLabel("Partner system's name").fill("Shelter CRM");
  await admin.getByRole("checkbox", { name: "clients:read" }).check();
  await admin.getByRole("button", { name: "Issue key" }).click();
  await admin.getByText(/The secret of Shelter CRM, shown this once/).waitFor();
  await check(admin, "admin-api-key-issued");
  await admin.getByRole("button", { name: "Revoke: Shelter CRM" }).click();
  await admin.getByText("Shelter CRM was revoked: its secret no longer works.").waitFor();
  // A project edited and given an inventory row, through HUD's forms; the gateway's refusal shown on its field first.
  await open(admin, "admin", "Projects");
  const organizations = admin.getByRole("combobox", { name: "Organization" });
  if (await organizations.count()) {  // agency A runs other modules' organizations too
    await organizations.click();
    await admin.getByRole("option", { name: facts.organization_name }).click();
  }
  await admin.getByRole("button", { name: new RegExp(`^${facts.project_name}: `) }).click();
  await admin.getByRole("table", { name: `The answers of ${facts.project_name}` }).waitFor();
  await admin.getByRole("button", { name: `Edit the project ${facts.project_name}` }).click();
  const projectForm = admin.getByRole("form", { name: "Save the project" });
  await projectForm.getByLabel("Project common name", { exact: true }).fill("Walk RRH");
  await check(admin, "admin-project-edit");
  await projectForm.getByRole("button", { name: "Save the project" }).click();
  await admin.getByText("The project was saved.").waitFor();
  await admin.getByRole("button", { name: "New inventory row" }).click();
  const inventory = admin.getByRole("form", { name: "Add the inventory row" });
  const cocCode = inventory.getByLabel(/^CoC code/);  // a required field's label ends with an asterisk
  await cocCode.fill("CA-600");
  await inventory.getByLabel(/^Household type/).selectOption("1");
  await inventory.getByLabel(/^Unit inventory/).fill("10");
  await inventory.getByLabel(/^Bed inventory/).fill("12");
  await inventory.getByLabel(/^Inventory start date/).fill("2025-10-01");
  await inventory.getByRole("button", { name: "Add the inventory row" }).click();
  await inventory.getByText("not a CoC of the project (add it under cocs first)").first().waitFor();
  expect(await cocCode.getAttribute("aria-invalid") === "true", "the refused CoC code is not marked on its field");
  await check(admin, "admin-inventory-refused");
  await cocCode.fill("CA-601");
  await inventory.getByRole("button", { name: "Add the inventory row" }).click();
  await admin.getByText("The inventory row was added.").waitFor();
  await admin.getByRole("table", { name: `Bed and unit inventory (2.07) of ${facts.project_name}` })
    .getByText("Households without children").waitFor();
  await check(admin, "admin-project-inventory");
  await open(admin, "admin", "Duplicate review");
  expect(!(await navTitles(admin)).includes("Trust network"), "an agency administrator sees the lead's Trust network");

  // The case worker: no administrator's screens; one reached by its address says why; own training and the quiz.
  const workerNav = await navTitles(worker);
  expect(!workerNav.includes("Users") && !workerNav.includes("Decision log"), `a case worker's nav offers ${workerNav}`);
  await worker.goto(`${url}/admin/users`);
  await worker.getByText(/You may not open this screen: your role does not allow it/).waitFor();
  await check(worker, "worker-denied-users");
  await open(worker, "worker", "My training");
  await worker.getByRole("link", { name: /Take the quiz \(90% to pass\)/ }).first().click();
  await worker.getByRole("heading", { level: 1, name: "Quiz: Privacy & Security" }).waitFor();
  const questions = worker.getByRole("radiogroup");
  await questions.first().waitFor();
  expect((await questions.count()) === PRIVACY_ANSWERS.length, "the quiz has another number of questions");
  const answer = async (answers) => {
    for (const [index, choice] of answers.entries()) {
      const radio = questions.nth(index).getByRole("radio").nth(choice);
      await radio.focus();
      await worker.keyboard.press("Space");
    }
    await worker.getByRole("button", { name: "Submit answers" }).click();
  };
  await answer(PRIVACY_ANSWERS.map((choice, index) => (index === 8 ? (choice + 1) % 4 : choice)));  // miss the 11-point one
  await worker.getByText("You scored 89% (90% to pass): not passed").waitFor();
  await answer(PRIVACY_ANSWERS);
  await worker.getByText("You scored 100% (90% to pass): passed.").waitFor();
  await check(worker, "worker-quiz-passed");

  // The compliance officer: who saw a client, a user's accesses, break-glass reads, invalid consent; CSV.
  await open(compliance, "compliance", "Who saw a client");
  await compliance.getByLabel("Client id").fill(facts.client_id);
  await compliance.getByRole("button", { name: "Show" }).click();
  await compliance.getByRole("table", { name: "Accesses to the client" }).waitFor();
  await check(compliance, "compliance-client");
  const csv = await compliance.context().request.get(`${url}/api/v1/audit/clients/${facts.client_id}?format=csv`);
  expect(csv.ok() && csv.headers()["content-type"].startsWith("text/csv"), `the client's CSV answered ${csv.status()}`);
  await open(compliance, "compliance", "A user's accesses");
  const picker = compliance.getByRole("combobox", { name: "User or partner key" });
  await picker.pressSequentially(facts.worker_name.slice(2), { delay: 30 });  // "worker.<suffix>": the one user
  await compliance.getByRole("option", { name: `${facts.worker_name} (${facts.agency_name})` }).waitFor();
  await check(compliance, "compliance-user-picker");
  await picker.press("ArrowDown");  // by keyboard: to the option, Enter picks it
  await picker.press("Enter");
  expect((await picker.inputValue()) === `${facts.worker_name} (${facts.agency_name})`, `the picker holds ${await picker.inputValue()}`);
  await compliance.getByRole("button", { name: "Show" }).click();
  await compliance.getByText(`Accesses of ${facts.worker_name} (${facts.agency_name}).`).waitFor();
  await compliance.getByRole("table", { name: "The user's accesses" }).waitFor();
  await check(compliance, "compliance-user");
  await open(compliance, "compliance", "Break-glass reads");
  await open(compliance, "compliance", "Invalid consent", "Accesses under invalid consent");
  // Whether an earlier test of the same run read under invalid consent decides which: the list, or "None.".
  await compliance.getByRole("table", { name: "Accesses under invalid consent" }).or(compliance.getByText("None.")).waitFor();
  // Their own sign-in: an authenticator app set up (the key read off the screen, the code as the app would show it),
  // then every session ended, this browser's and the other's.
  await open(compliance, "compliance", "Sign-in and security");
  const setUp = compliance.getByRole("button", { name: "Set up an authenticator app" });
  await setUp.focus();
  await compliance.keyboard.press("Enter");
  const key = (await compliance.getByLabel("Secret key").textContent()).replace(/\s/g, "");
  expect(/^[A-Z2-7]{16,}$/.test(key), `the key shown is ${key}`);
  const otpauth = await compliance.getByRole("link", { name: "open this key in your authenticator app" }).getAttribute("href");
  expect(otpauth.startsWith("otpauth://totp/") && otpauth.includes(`secret=${key}`), `the link is ${otpauth}`);
  await check(compliance, "compliance-authenticator-key");
  await compliance.getByLabel("Code from the app").fill(totpCode(key));
  await compliance.getByRole("button", { name: "Confirm" }).click();
  await compliance.getByText("Your authenticator app is set up.", { exact: false }).waitFor();
  await check(compliance, "compliance-authenticator-set-up");
  await compliance.getByRole("button", { name: "Sign out everywhere" }).click();
  await compliance.getByRole("button", { name: "Yes, sign out everywhere" }).click();
  await compliance.getByRole("heading", { name: "Sign in to Harbor HMIS" }).waitFor();
  await complianceElsewhere.reload();
  await complianceElsewhere.getByRole("heading", { name: "Sign in to Harbor HMIS" }).waitFor();

  // The report viewer: run an APR, follow it to the end, read a question, download the zip and the workbook.
  await open(reporter, "reporter", "HUD reports");
  await reporter.getByRole("button", { name: "Run", exact: true }).click();
  await reporter.getByText(/: succeeded/).waitFor({ timeout: 120_000 });
  await reporter.getByRole("table").first().waitFor();
  await check(reporter, "reporter-run");
  for (const name of ["Download the Sage upload (zip)", "Download as XLSX"]) {
    const href = await reporter.getByRole("link", { name }).getAttribute("href");
    const file = await reporter.context().request.get(`${url}${href}`);
    expect(file.ok() && (await file.body()).subarray(0, 2).toString() === "PK", `${name} answered ${file.status()}`);
  }
  // Another day: the screen loaded afresh, the run found in the list of the succeeded runs (newest first) and reopened.
  const made = new URL(reporter.url()).searchParams.get("run");
  await reporter.goto(`${url}/reports`);
  const runs = reporter.getByRole("table", { name: "Report runs" });
  await runs.waitFor();
  await reporter.getByRole("combobox", { name: "Status" }).click();
  const narrowed = reporter.waitForResponse((answer) => answer.url().includes("/api/v1/report-runs?") && answer.url().includes("status=succeeded"));
  await reporter.getByRole("option", { name: "succeeded" }).click();
  await narrowed;
  const reopen = runs.getByRole("button", { name: /^Open Annual Performance Report \(APR\)/ }).first();
  await reopen.focus();
  await reporter.keyboard.press("Enter");
  await reporter.getByRole("table", { name: /^Q\w+: / }).waitFor();
  const reopened = new URL(reporter.url()).searchParams.get("run");
  expect(made !== null && reopened === made, `the run reopened (${reopened}) is not the one run (${made})`);
  await check(reporter, "reporter-reopened-run");

  checker.assertNone();
  console.log("web roles: lead, agency administrator, case worker, compliance officer and report viewer walked their screens");
} finally {
  await browser.close();
}
