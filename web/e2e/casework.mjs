// End to end in Debian's Chromium against a running gateway: the case worker's day (issue 15, item 2). Search before
// create; intake from HUD's Client form, filled by keyboard only; the client profile (its time to interactive and its
// API calls measured); a household of two enrolled with one head; each member's entry records in turn; the night's bed
// nights for the household in one request, and a night recorded twice refused; an update assessment; a member's exit, then the household's, member by member; a consent signed on screen, changed, and at the end revoked; the data-quality findings with a link to fix each; the
// idle logoff (warning, then signed out). On every screen: a screenshot, and axe-core finds no serious or critical
// WCAG 2.1 AA violation.
// Environment: HMIS_WEB_URL; HMIS_WEB_PEOPLE, JSON {worker: {username, password}}; HMIS_WEB_FACTS, JSON {last_name
// (nobody's yet), member_last_name (a client of the worker's agency), project (a project's name)}; CHROMIUM;
// HMIS_WEB_SCREENSHOTS.
import { Checker, drawSignature, expect, launch, signIn, timeToHeading } from "./walk.mjs";

const url = process.env.HMIS_WEB_URL;
const people = JSON.parse(process.env.HMIS_WEB_PEOPLE ?? "{}");
const facts = JSON.parse(process.env.HMIS_WEB_FACTS ?? "{}");
if (!url || !people.worker) throw new Error("set HMIS_WEB_URL, HMIS_WEB_PEOPLE and HMIS_WEB_FACTS");
const checker = new Checker(process.env.HMIS_WEB_SCREENSHOTS ?? "e2e-output/screenshots");
const today = new Date().toISOString().slice(0, 10);
const browser = await launch();

// Tab (never the mouse) until the element of id `id` has the focus: it is reachable by keyboard, in order.
async function tabTo(page, id, most = 40) {
  for (let presses = 0; presses < most; presses += 1) {
    if (await page.evaluate((wanted) => document.activeElement?.id === wanted, id)) return;
    await page.keyboard.press("Tab");
  }
  throw new Error(`#${id} not reached by ${most} presses of Tab`);
}

// A native select's option chosen with the arrow keys from "Not answered".
async function arrowTo(page, id, downs) {
  await tabTo(page, id);
  for (let press = 0; press < downs; press += 1) await page.keyboard.press("ArrowDown");
}

let page;
try {
  page = await signIn(browser, url, people.worker);
  const name = `Jordan ${facts.last_name}`;

  // Search before create: no match, then "Add a new client" carries what was searched.
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Find a client" }).click();
  await page.getByRole("heading", { level: 1, name: "Find a client" }).waitFor();
  expect(!(await page.getByRole("button", { name: "Add a new client" }).isVisible()), "creation offered before a search");
  await checker.check(page, "casework-search");
  const search = page.getByRole("form", { name: "Search for a client" });
  await search.getByLabel("First name").fill("Jordan");
  await search.getByLabel("Last name").fill(facts.last_name);
  await search.getByRole("button", { name: "Search" }).click();
  await page.getByText("No client of your agency matches.").waitFor();
  await checker.check(page, "casework-search-no-match");
  await page.getByRole("button", { name: "Add a new client" }).click();

  // Intake by keyboard only: HUD's universal data elements and their data-quality codes, then Enter on the button.
  await page.getByRole("heading", { level: 1, name: "New client: intake" }).waitFor();
  expect(await page.locator("#hud-last_name").inputValue() === facts.last_name, "the intake lost the searched name");
  await checker.check(page, "casework-intake");
  await page.locator("body").focus();
  await arrowTo(page, "hud-name_data_quality", 1);             // Full name reported
  await arrowTo(page, "hud-ssn_data_quality", 5);              // Data not collected
  await arrowTo(page, "hud-dob_data_quality", 1);              // Full DOB reported
  await tabTo(page, "hud-dob");
  await page.keyboard.type("03121984");                        // mm dd yyyy in the date field's parts
  await arrowTo(page, "hud-sex", 1);                           // Female
  for (const race of ["am_ind_ak_native", "asian", "black_af_american", "hispanic_latinao", "mid_east_n_african",
    "native_hi_pacific"]) await arrowTo(page, `hud-${race}`, 1);  // No
  await arrowTo(page, "hud-white", 2);                         // Yes
  await arrowTo(page, "hud-veteran_status", 1);                // No
  const save = page.getByRole("button", { name: "Save the client" });
  for (let presses = 0; !(await save.evaluate((button) => button === document.activeElement)); presses += 1) {
    expect(presses < 10, "the Save button is not reached by Tab");
    await page.keyboard.press("Tab");
  }
  await page.keyboard.press("Enter");

  // The client profile: its header (name, consent badges, alerts, flags) from one call; then loaded afresh, timed.
  await page.getByRole("heading", { level: 1, name }).waitFor();
  const profile = page.url();
  const calls = [];
  const count = (request) => {
    const path = new URL(request.url()).pathname;
    // The profile's own calls: not the session's (auth) nor the header's count of CES notices, which every screen has.
    if (path.startsWith("/api/v1/") && !path.startsWith("/api/v1/auth/") && path !== "/api/v1/ces/notices") calls.push(path);
  };
  page.on("request", count);
  const interactiveMs = await timeToHeading(page, profile, name);
  // Where the time went: when each file and API call started and finished, in ms after navigation.
  const timeline = await page.evaluate(() => performance.getEntriesByType("resource")
    .map((entry) => `${new URL(entry.name).pathname.replace(/[0-9a-f-]{36}/, "{id}")} ${Math.round(entry.startTime)}-${Math.round(entry.responseEnd)}`));
  await page.waitForLoadState("networkidle");
  page.off("request", count);
  expect(calls.length <= 2, `the client profile made ${calls.length} API calls: ${calls.join(", ")}`);
  await page.getByText("HMIS sharing: none").waitFor();
  await checker.check(page, "casework-client-profile");
  const sections = page.getByRole("navigation", { name: "Client sections" });

  // A household of two enrolled in one of the agency's projects; exactly one head, the other's relationship asked.
  await sections.getByRole("link", { name: "Enroll household" }).click();
  await page.getByRole("heading", { level: 2, name: "Enroll the household" }).waitFor();
  await page.getByRole("combobox", { name: /^Project/ }).selectOption({ label: facts.project });
  await page.getByRole("button", { name: "Add a household member" }).click();
  const members = page.getByRole("form", { name: "Search for a client" });
  await members.getByLabel("Last name").fill(facts.member_last_name);
  await members.getByRole("button", { name: "Search" }).click();
  const member = `Robin ${facts.member_last_name}`;
  await page.getByRole("button", { name: `Add ${member}` }).click();
  await page.getByRole("radio", { name: `${member} is the head of household` }).waitFor();
  await page.getByRole("button", { name: "Enroll", exact: true }).click();
  await page.getByText(`Say how ${member} relates to the head.`).waitFor();
  await page.getByLabel(`Relationship to head of household (${member})`).selectOption({ label: "Child" });
  await checker.check(page, "casework-enroll-household");
  await page.getByRole("button", { name: "Enroll", exact: true }).click();

  // Each member's entry records in turn, from their own enrollment, each asked what HUD collects of them: the head
  // (an adult) income, benefits, insurance, health and every disability type at once; the child insurance and
  // disabilities only.
  await page.getByRole("heading", { level: 2, name: `Enrollment in ${facts.project}, from ${today}` }).waitFor();
  await checker.check(page, "casework-enrollment");
  await page.getByRole("button", { name: "Record each member's entry records" }).click();
  await page.getByText("Member 1 of 2: Head of household (this client). 0 of 2 done.").waitFor();
  const entry = page.getByRole("form", { name: "This member's entry records" });
  for (const question of ["Income from any source", "Benefits from any source", "Insurance from any source"]) {
    await entry.getByLabel(question, { exact: true }).selectOption({ label: "No" });
  }
  await entry.getByLabel("Employed", { exact: true }).selectOption({ label: "No" });
  await entry.getByRole("group", { name: "Physical disability" }).getByLabel("Disability response").selectOption({ label: "No" });
  await checker.check(page, "casework-entry-records");
  await entry.getByRole("button", { name: "Save this member's entry records" }).click();
  await page.getByText("Member 2 of 2: Household member 2. 1 of 2 done.").waitFor();
  await entry.getByText(/Not asked of this member .*4.02 Income and Sources/).waitFor();
  expect(!(await entry.getByLabel("Income from any source", { exact: true }).isVisible()), "a child was asked about income");
  expect(!(await entry.getByLabel("Employed", { exact: true }).isVisible()), "a child was asked about employment");
  await entry.getByLabel("Insurance from any source", { exact: true }).selectOption({ label: "Yes" });
  await entry.getByLabel("Medicaid", { exact: true }).selectOption({ label: "Yes" });
  await checker.check(page, "casework-entry-records-child");
  await entry.getByRole("button", { name: "Save this member's entry records" }).click();
  await page.getByText("Every member's entry records are recorded (2 of 2).").waitFor();
  await page.getByRole("button", { name: "Close" }).click();
  const enrollment = page.url();

  // Tonight's bed nights for the household, ticked on the project's roster and recorded in one request; then the
  // head's again, from their enrollment, refused as a night already recorded (nothing recorded).
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Bed nights" }).click();
  await page.getByRole("heading", { level: 1, name: "Bed nights" }).waitFor();
  await page.getByRole("combobox", { name: "Project" }).selectOption({ label: facts.project });
  await page.getByRole("heading", { level: 2, name: `In the project on the night of ${today}` }).waitFor();
  await page.getByRole("checkbox", { name: `Bed night for ${name}` }).check();
  await page.getByRole("checkbox", { name: `Bed night for ${member}` }).check();
  await checker.check(page, "casework-bed-nights");
  await page.getByRole("button", { name: "Record 2 bed nights" }).click();
  await page.getByText(`2 bed nights recorded for the night of ${today}.`).waitFor();
  await page.getByRole("table", { name: `In the project on the night of ${today}` }).getByText("Recorded").first().waitFor();
  await page.goto(enrollment);
  await page.getByRole("button", { name: "Record bed nights" }).click();
  const run = page.getByRole("form", { name: "Bed nights" });
  await run.getByLabel("First night").fill(today);
  await run.getByLabel("Last night").fill(today);
  await run.getByRole("button", { name: "Record the bed nights" }).click();
  await run.getByText(`Nothing was recorded. ${today}: date provided: the enrollment has another bed night on this date`).waitFor();
  await checker.check(page, "casework-bed-nights-refused");

  // An update as a step of its own, at data-collection stage 2: what HUD collects of the head then (income, domestic
  // violence, disabilities; not the RHY health statuses nor employment, collected at project start and exit only).
  await page.getByRole("button", { name: "Record an annual or update assessment" }).click();
  const assessment = page.getByRole("form", { name: "This member's update records" });
  await assessment.getByLabel("Income from any source", { exact: true }).selectOption({ label: "No" });
  await assessment.getByLabel("Domestic violence survivor").selectOption({ label: "No" });
  await assessment.getByRole("group", { name: "Physical disability" }).getByLabel("Disability response").selectOption({ label: "No" });
  expect(!(await assessment.getByLabel("General health status").isVisible()), "R7 was asked at an update");
  expect(!(await assessment.getByLabel("Employed", { exact: true }).isVisible()), "R6 was asked at an update");
  await checker.check(page, "casework-update-assessment");
  await assessment.getByRole("button", { name: "Save this member's update records" }).click();
  await page.getByText(`Update of ${today} recorded.`).waitFor();

  // The household: a member exits alone, from their own enrollment (the exit, then what HUD collects at exit); then
  // the rest of it (the head), member by member.
  await page.getByRole("table", { name: "Household" }).getByText("Head of household (this client)").waitFor();
  await page.getByRole("link", { name: "Open the enrollment: Household member 2" }).click();
  await page.getByRole("heading", { level: 1, name: member }).waitFor();
  await page.getByRole("button", { name: "Record exit" }).click();
  const exitOne = page.getByRole("form", { name: "This member's exit records" });
  await exitOne.getByLabel("Exit date").fill(today);
  await exitOne.getByLabel("Destination", { exact: true }).selectOption({ index: 1 });
  await exitOne.getByRole("button", { name: "Save this member's exit records" }).click();
  await page.getByText("The exit records are recorded.").waitFor();
  await page.getByRole("link", { name: "Open the enrollment: Head of household" }).click();
  await page.getByRole("heading", { level: 1, name }).waitFor();
  await page.getByRole("button", { name: "Exit the household, member by member" }).click();
  await page.getByText("Member 1 of 1: Head of household (this client). 0 of 1 done.").waitFor();
  const exitHead = page.getByRole("form", { name: "This member's exit records" });
  await exitHead.getByLabel("Exit date").fill(today);
  await exitHead.getByLabel("Destination", { exact: true }).selectOption({ index: 1 });
  await exitHead.getByLabel("Income from any source", { exact: true }).selectOption({ label: "No" });
  await checker.check(page, "casework-exit-household");
  await exitHead.getByRole("button", { name: "Save this member's exit records" }).click();
  await page.getByText("Every member's exit records are recorded (1 of 1).").waitFor();
  await page.getByRole("button", { name: "Close" }).click();
  await page.getByText("Every member has exited.").waitFor();

  // Consent: HMIS sharing, signed on screen with the pointer; the header's badge turns active.
  await sections.getByRole("link", { name: "Consent" }).click();
  await page.getByRole("heading", { level: 2, name: "Capture a consent" }).waitFor();
  await page.getByLabel("Name of the person signing").fill(name);
  await drawSignature(page);
  await page.getByRole("button", { name: "Record the consent" }).click();
  await page.getByText("Consent recorded: active.").waitFor();
  await page.getByText("HMIS sharing: active").waitFor();
  await checker.check(page, "casework-consent");
  const consent = `HMIS sharing consent signed ${today}`;
  await page.getByRole("button", { name: `Change: ${consent}` }).click();
  await page.getByRole("form", { name: "Change the consent" }).getByLabel("Services").check();
  await page.getByRole("button", { name: "Save the change" }).click();
  await page.getByText("The consent was changed.").waitFor();
  await page.getByText(/covers profile, enrollments, services/).waitFor();
  await sections.getByRole("link", { name: "Overview" }).click();
  await page.getByRole("table", { name: "Enrollments" }).getByText("Head of household").waitFor();
  await page.getByRole("table", { name: "Consents" }).getByText("active").waitFor();
  await checker.check(page, "casework-client-overview");

  // The client's data-quality findings (the SSN not collected), each with a link to fix it.
  await sections.getByRole("link", { name: "Data quality" }).click();
  const findings = page.getByRole("table", { name: "Data-quality findings about this client" });
  await findings.getByText("SSNDataQuality").first().waitFor();
  await checker.check(page, "casework-client-findings");
  await findings.getByRole("link", { name: "Fix SSNDataQuality" }).click();
  await page.getByText("A data-quality finding is about SSN data quality: correct it below.").waitFor();
  await page.waitForFunction(() => document.activeElement?.id === "hud-ssn_data_quality");  // the field to fix
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Data-quality findings" }).click();
  await page.getByRole("table", { name: "Your agency's data-quality findings" }).waitFor();
  await checker.check(page, "casework-agency-findings");

  // The consent revoked (final, with a reason): the badge says so at once.
  await page.goto(profile.replace(/\/?$/, "/consent"));
  await page.getByRole("button", { name: `Revoke: ${consent}` }).click();
  await page.getByLabel("Reason").fill("The client asked to stop sharing");
  await page.getByRole("button", { name: "Revoke the consent" }).click();
  await page.getByText("The consent was revoked.").waitFor();
  await page.getByText("HMIS sharing: revoked").waitFor();
  await checker.check(page, "casework-consent-revoked");

  // Idle logoff, on a 15-second timeout in place of the session's (docs/web.md): the warning, then signed out.
  await page.evaluate(() => sessionStorage.setItem("hmis.idle_timeout_minutes", "0.25"));
  await page.reload();
  await page.getByText(`Signed in as ${people.worker.username}`).waitFor();
  await page.getByRole("dialog", { name: "Still there?" }).waitFor({ timeout: 10_000 });
  await checker.check(page, "casework-idle-warning");
  await page.getByRole("heading", { name: "Sign in to Harbor HMIS" }).waitFor({ timeout: 10_000 });
  await page.reload();
  await page.getByRole("heading", { name: "Sign in to Harbor HMIS" }).waitFor();  // the session ended on the server

  checker.assertNone();
  console.log(`client profile: interactive ${interactiveMs} ms after navigation, ${calls.length} API call(s): ${calls.join(", ")}`);
  console.log(`client profile: started-finished (ms) ${timeline.join(", ")}`);
  console.log("web casework: the case worker did their work");
} catch (error) {
  await page?.screenshot({ path: `${checker.folder}/casework-failed.png`, fullPage: true });
  throw error;
} finally {
  await browser.close();
}
