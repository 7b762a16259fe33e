// End to end in Debian's Chromium against a running gateway: the case worker's day (issue 15, item 2). Search before
// create; intake from HUD's Client form, filled by keyboard only; the client profile (its time to interactive and its
// API calls measured); a household of two enrolled with one head; a record of the enrollment; an update assessment;
// a member's exit, then the household's; a consent signed on screen, changed, and at the end revoked; the data-quality findings with a link to fix each; the
// idle logoff (warning, then signed out). On every screen: a screenshot, and axe-core finds no serious or critical
// WCAG 2.1 AA violation.
// Environment: HMIS_WEB_URL; HMIS_WEB_PEOPLE, JSON {worker: {username, password}}; HMIS_WEB_FACTS, JSON {last_name
// (nobody's yet), member_last_name (a client of the worker's agency), project (a project's name)}; CHROMIUM;
// HMIS_WEB_SCREENSHOTS.
import { Checker, expect, launch, signIn } from "./walk.mjs";

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
  await page.goto(profile);
  await page.getByRole("heading", { level: 1, name }).waitFor();
  const interactiveMs = Math.round(await page.evaluate(() => performance.now()));
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

  // A record of the enrollment: income and benefits at project entry, from HUD's IncomeBenefits form.
  await page.getByRole("heading", { level: 2, name: `Enrollment in ${facts.project}, from ${today}` }).waitFor();
  await checker.check(page, "casework-enrollment");
  await page.getByRole("button", { name: "Record income and benefits" }).click();
  await page.getByLabel("Information date").fill(today);
  await page.getByLabel("Data collection stage").selectOption({ label: "Project entry" });
  for (const question of ["Income from any source", "Benefits from any source", "Insurance from any source"]) {
    await page.getByLabel(question, { exact: true }).selectOption({ label: "No" });
  }
  await checker.check(page, "casework-income-benefits");
  await page.getByRole("button", { name: "Save the income and benefits" }).click();
  await page.getByText("Income and benefits recorded.").waitFor();

  // An update as a step of its own: income and benefits and health asked again, at data-collection stage 2.
  await page.getByRole("button", { name: "Record an annual or update assessment" }).click();
  const assessment = page.getByRole("form", { name: "Annual or update assessment" });
  await assessment.getByLabel("Income from any source", { exact: true }).selectOption({ label: "No" });
  await assessment.getByLabel("General health status").selectOption({ index: 1 });
  await checker.check(page, "casework-update-assessment");
  await assessment.getByRole("button", { name: "Save the assessment" }).click();
  await page.getByText(`Update of ${today} recorded.`).waitFor();

  // The household: a member exits alone, from their own enrollment; then the rest of it (the head) in one step.
  await page.getByRole("table", { name: "Household" }).getByText("Head of household (this client)").waitFor();
  await page.getByRole("link", { name: "Open the enrollment: Household member 2" }).click();
  await page.getByRole("heading", { level: 1, name: member }).waitFor();
  await page.getByRole("button", { name: "Record exit" }).click();
  const exitOne = page.getByRole("form", { name: "Save the exit" });
  await exitOne.getByLabel("Exit date").fill(today);
  await exitOne.getByLabel("Destination", { exact: true }).selectOption({ index: 1 });
  await exitOne.getByRole("button", { name: "Save the exit" }).click();
  await page.getByText("Exit recorded.").waitFor();
  await page.getByRole("link", { name: "Open the enrollment: Head of household" }).click();
  await page.getByRole("heading", { level: 1, name }).waitFor();
  await page.getByRole("button", { name: "Exit the whole household" }).click();
  const exitAll = page.getByRole("form", { name: "Exit every member still in the project" });
  await exitAll.getByLabel("Exit date").fill(today);
  await exitAll.getByLabel("Destination", { exact: true }).selectOption({ index: 1 });
  await checker.check(page, "casework-exit-household");
  await exitAll.getByRole("button", { name: "Exit every member still in the project" }).click();
  await page.getByText("Every member has exited.").waitFor();

  // Consent: HMIS sharing, signed on screen with the pointer; the header's badge turns active.
  await sections.getByRole("link", { name: "Consent" }).click();
  await page.getByRole("heading", { level: 2, name: "Capture a consent" }).waitFor();
  await page.getByLabel("Name of the person signing").fill(name);
  const canvas = page.getByRole("img", { name: "Signature (draw it in the box)" });
  await canvas.scrollIntoViewIfNeeded();
  const pad = await canvas.boundingBox();
  await page.mouse.move(pad.x + 30, pad.y + 100);
  await page.mouse.down();
  for (const [x, y] of [[80, 40], [130, 110], [190, 50], [260, 120], [330, 60]]) await page.mouse.move(pad.x + x, pad.y + y, { steps: 5 });
  await page.mouse.up();
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
