// Coordinated Entry end to end in Debian's Chromium against a running gateway (issue 16, item 9): a case worker
// assesses a client with the community's instrument and sees the prioritization list; a housing provider posts an
// opening; the CES team matches it and starts the referral; the provider accepts it, and edits and withdraws another
// opening. Then the CES team's settings: a
// new version of the instrument (a refused code shown on its field first), of the policy (a key moved up), a
// requirement added and removed, a client's manual rank set and cleared, the sweep run, and the notices from the
// header. On every screen: a screenshot, and axe-core finds no serious or critical WCAG 2.1 AA violation.
// Environment: HMIS_WEB_URL; HMIS_WEB_PEOPLE, JSON {role: {username, password}} for team, worker, provider;
// HMIS_WEB_FACTS, JSON {last_name, client_id, instrument, policy, enrollment_id, project_id, unit, other_unit,
// spare_unit, available_on}; CHROMIUM;
// HMIS_WEB_SCREENSHOTS.
import { Checker, expect, launch, signIn as signInAt } from "./walk.mjs";

const url = process.env.HMIS_WEB_URL;
const people = JSON.parse(process.env.HMIS_WEB_PEOPLE ?? "{}");
const facts = JSON.parse(process.env.HMIS_WEB_FACTS ?? "{}");
if (!url || !people.team) throw new Error("set HMIS_WEB_URL and HMIS_WEB_PEOPLE");
const checker = new Checker(process.env.HMIS_WEB_SCREENSHOTS ?? "e2e-output/screenshots");
const check = (page, name) => checker.check(page, name);

const browser = await launch();

async function signIn(role) {
  const page = await signInAt(browser, url, people[role]);
  page.on("response", (response) => {  // a refusal or failure on the way, to tell what went wrong
    if (response.url().includes("/api/") && response.status() >= 403) console.log(`${role}: ${response.status()} ${response.url()}`);
  });
  return page;
}

// Open a screen from the nav by keyboard, wait for its heading, check it.
async function open(page, role, title, heading = title) {
  const link = page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: title, exact: true });
  await link.focus();
  await page.keyboard.press("Enter");
  await page.getByRole("heading", { level: 1, name: heading }).waitFor();
  await check(page, `ces-${role}-${title}`);
}

try {
  const worker = await signIn("worker");
  const provider = await signIn("provider");
  const team = await signIn("team");

  // The case worker: find the client, assess them on their enrollment with the instrument, see the list.
  await open(worker, "worker", "CES assessment");
  await worker.getByLabel("Last name").fill(facts.last_name);
  await worker.getByRole("button", { name: "Search" }).click();
  await worker.getByRole("button", { name: /^Assess / }).first().click();
  await worker.getByRole("option", { name: /^Project / }).first().waitFor({ state: "attached" });
  await worker.getByRole("combobox", { name: /^Enrollment/ }).selectOption(facts.enrollment_id);
  await worker.getByRole("combobox", { name: "Instrument" }).selectOption(facts.instrument);
  await worker.getByRole("group", { name: "Nights slept outside this month" }).getByRole("radio", { name: "15 or more" }).check();
  await worker.getByRole("group", { name: "Emergency room visits this year" }).getByRole("radio", { name: "One or more" }).check();
  await worker.getByRole("combobox", { name: "Chronically homeless" }).selectOption("true");
  await worker.getByRole("spinbutton", { name: "Days homeless in the last 3 years" }).fill("400");
  await check(worker, "ces-worker-assessment-filled");
  await worker.getByRole("button", { name: "Record assessment" }).click();
  await worker.getByText(/Score 13, band high, recommendation psh/).waitFor();
  await check(worker, "ces-worker-assessed");
  await open(worker, "worker", "Prioritization list");
  await worker.getByRole("table", { name: "Prioritization list" }).waitFor();
  await check(worker, "ces-worker-list-loaded");
  const workerNav = await worker.getByRole("navigation", { name: "Main" }).getByRole("link").allInnerTexts();
  expect(workerNav.includes("Openings") && workerNav.includes("Referrals"), `a case worker's nav offers ${workerNav}`);

  // The provider: post an opening of its project.
  await open(provider, "provider", "Openings");
  const form = provider.getByRole("region", { name: "Post an opening" });
  await form.getByRole("combobox", { name: "Project" }).selectOption(facts.project_id);
  await form.getByLabel("Unit or voucher").fill(facts.unit);
  await form.getByLabel("Program").fill("coc_psh");
  await form.getByLabel("Funding source").fill("hud_coc");
  await form.getByRole("button", { name: "Post opening" }).click();
  await provider.getByText(`The opening of ${facts.project_id} was posted.`).waitFor();
  expect(await provider.getByRole("button", { name: /^Match/ }).count() === 0, "a provider is offered the CES team's match");
  await check(provider, "ces-provider-posted");

  // The CES team: the list, the opening matched to the best eligible client, the referral started (an override of
  // the case worker's step).
  await open(team, "team", "Prioritization list");
  await team.getByRole("table", { name: "Prioritization list" }).waitFor();
  await check(team, "ces-team-list-loaded");
  expect(!(await team.getByRole("navigation", { name: "Main" }).getByRole("link").allInnerTexts()).includes("CES assessment"),
    "the CES team is offered the assessment (ces:assess is the access points')");
  await open(team, "team", "Openings");
  await team.getByRole("button", { name: `Match the best eligible client: ${facts.project_id} ${facts.unit}` }).click();
  await team.getByRole("heading", { level: 1, name: /^Referral / }).waitFor();
  const referral = team.url().split("/").pop();
  await team.getByText("pending (case worker)").first().waitFor();
  await check(team, "ces-team-referral-proposed");
  await team.getByRole("button", { name: "Start: client reached, send to provider" }).click();
  await team.getByText("Started: the provider decides next.").waitFor();
  await check(team, "ces-team-referral-started");

  // The provider: the referral from its list, accepted; the outcome is HUD's ReferralResult 1.
  await open(provider, "provider", "Referrals");
  await provider.getByRole("link", { name: `Open referral ${referral.slice(0, 8)}` }).click();
  await provider.getByRole("heading", { level: 1, name: `Referral ${referral.slice(0, 8)}` }).waitFor();
  await provider.getByRole("button", { name: "Accept" }).click();
  await provider.getByText("Successful referral: client accepted").waitFor();
  await check(provider, "ces-provider-accepted");

  // The provider: another opening posted, its available date changed, then withdrawn (its voucher pulled), by keyboard.
  await open(provider, "provider", "Openings");
  const another = provider.getByRole("region", { name: "Post an opening" });
  await another.getByRole("combobox", { name: "Project" }).selectOption(facts.project_id);
  await another.getByLabel("Unit or voucher").fill(facts.spare_unit);
  await another.getByLabel("Program").fill("coc_psh");
  await another.getByLabel("Funding source").fill("hud_coc");
  await another.getByRole("button", { name: "Post opening" }).click();
  await provider.getByText(`The opening of ${facts.project_id} was posted.`).waitFor();
  const edit = provider.getByRole("button", { name: `Edit or withdraw: ${facts.project_id} ${facts.spare_unit}` });
  await edit.focus();
  await provider.keyboard.press("Enter");
  const changes = provider.getByRole("region", { name: `Edit or withdraw the opening ${facts.project_id} ${facts.spare_unit}` });
  await changes.getByLabel("Available on").fill(facts.available_on);
  await check(provider, "ces-provider-opening-edit");
  await changes.getByRole("button", { name: "Save changes" }).click();
  await provider.getByText(`The opening ${facts.project_id} ${facts.spare_unit} was changed.`).waitFor();
  await edit.click();
  await changes.getByRole("combobox", { name: "Why it is withdrawn" }).selectOption("voucher_pulled");
  await changes.getByRole("button", { name: "Withdraw opening" }).click();
  await provider.getByText(`The opening ${facts.project_id} ${facts.spare_unit} was withdrawn.`).waitFor();
  await provider.getByRole("table", { name: "Housing openings" }).getByText("withdrawn: The voucher was pulled").waitFor();
  expect(await edit.count() === 0, "a withdrawn opening is still offered an edit");
  await check(provider, "ces-provider-opening-withdrawn");
  await open(team, "team", "Referrals");
  await team.getByRole("table", { name: "Referrals" }).getByText("accepted").first().waitFor();
  await check(team, "ces-team-referrals-loaded");

  // The CES team's settings. The instrument: a new version from the newest, a refused code first (on its field).
  await open(team, "team", "Instruments");
  const instrument = team.getByRole("form", { name: "New instrument version" });
  await instrument.getByRole("combobox", { name: "Start from" }).selectOption(facts.instrument);
  const firstOption = instrument.getByRole("group", { name: "Item 1, option 1" }).getByRole("textbox", { name: "Code" });
  const code = await firstOption.inputValue();
  await firstOption.fill("Not A Code");
  await instrument.getByRole("button", { name: "Save the new version" }).click();
  await instrument.getByRole("group", { name: "Item 1, option 1" }).getByText(/lower-case letters, digits or _/).waitFor();
  expect(await firstOption.getAttribute("aria-invalid") === "true", "the refused code is not marked on its field");
  await check(team, "ces-team-instrument-refused");
  await firstOption.fill(code);
  await instrument.getByRole("button", { name: "Save the new version" }).click();
  await team.getByText(new RegExp(`^Saved ${facts.instrument} version 2, in effect from`)).waitFor();
  await check(team, "ces-team-instrument-saved");

  // The policy: a new version from the one in force, its second key moved up.
  await open(team, "team", "Prioritization policy");
  const policy = team.getByRole("form", { name: "New policy version" });
  expect(await policy.getByRole("textbox", { name: "Code" }).inputValue() === facts.policy, "the policy editor starts elsewhere");
  await policy.getByRole("button", { name: "Move key 2 up" }).click();
  await policy.getByRole("button", { name: "Save the new version" }).click();
  await team.getByText(new RegExp(`^Saved ${facts.policy} version 2`)).waitFor();
  await check(team, "ces-team-policy-saved");

  // A requirement on another unit, added then removed (by keyboard).
  await open(team, "team", "Eligibility requirements");
  const requirement = team.getByRole("form", { name: "Add a requirement" });
  await requirement.getByRole("combobox", { name: "Level" }).selectOption("unit");
  await requirement.getByRole("textbox", { name: "Of" }).fill(facts.other_unit);
  await requirement.getByRole("combobox", { name: "What" }).selectOption("age_over");
  await requirement.getByRole("spinbutton", { name: "Value" }).fill("64");
  await requirement.getByRole("button", { name: "Add requirement" }).click();
  await team.getByText(`Added: Unit or voucher ${facts.other_unit}, must be older than 64.`).waitFor();
  await check(team, "ces-team-requirement-added");
  const remove = team.getByRole("button", { name: `Remove: Unit or voucher ${facts.other_unit}, must be older than 64` });
  await remove.focus();
  await team.keyboard.press("Enter");
  await remove.waitFor({ state: "detached" });

  // The walked client's manual rank (housed now, off the list, they keep it if they come back), set and cleared.
  await open(team, "team", "Prioritization list");
  const rank = team.getByRole("form", { name: "Manual rank" });
  await rank.getByRole("textbox", { name: "Client ID" }).fill(facts.client_id);
  await rank.getByRole("spinbutton", { name: "Manual rank" }).fill("1");
  await rank.getByRole("button", { name: "Set manual rank" }).click();
  await team.getByText(/: manual rank 1\.$/).waitFor();
  await check(team, "ces-team-manual-rank");
  await rank.getByRole("spinbutton", { name: "Manual rank" }).fill("");
  await rank.getByRole("button", { name: "Set manual rank" }).click();
  await team.getByText(/: manual rank cleared\.$/).waitFor();

  // The sweep, and the notices from the header's link.
  await open(team, "team", "Referrals");
  await team.getByRole("button", { name: "Run the sweep now" }).click();
  await team.getByText(/^Swept: \d+ expired/).waitFor();
  await check(team, "ces-team-swept");
  await team.getByRole("banner").getByRole("link", { name: /^Notices( \d+ unseen)?$/ }).click();
  await team.getByRole("heading", { level: 1, name: "Notices" }).waitFor();
  await check(team, "ces-team-notices");

  checker.assertNone();
  console.log("web ces: a case worker assessed, a provider posted and accepted (and edited and withdrew another "
    + "opening), the CES team matched and started, "
    + "and edited its instrument, policy, requirements and list, and swept");
} finally {
  await browser.close();
}
