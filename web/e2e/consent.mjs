// End to end in Debian's Chromium against a running gateway: a read across agencies refused without consent and allowed
// after it (issue 15). Agency A's case worker opens a client whose record agency B holds and is refused, the reason in
// words; B's case worker records the client's release of information to agency A (picked by its name), signed on
// screen; A's case worker
// reloads the profile and reads it. On every screen: a screenshot, and axe-core finds no serious or critical WCAG 2.1
// AA violation.
// Environment: HMIS_WEB_URL; HMIS_WEB_PEOPLE, JSON {reader: A's case worker, owner: B's case worker}, each {username,
// password}; HMIS_WEB_FACTS, JSON {client_id, name (the client's), reader_agency_name}; CHROMIUM; HMIS_WEB_SCREENSHOTS.
import { Checker, drawSignature, expect, launch, signIn } from "./walk.mjs";

const url = process.env.HMIS_WEB_URL;
const people = JSON.parse(process.env.HMIS_WEB_PEOPLE ?? "{}");
const facts = JSON.parse(process.env.HMIS_WEB_FACTS ?? "{}");
if (!url || !people.reader || !people.owner || !facts.client_id) throw new Error("set HMIS_WEB_URL, HMIS_WEB_PEOPLE and HMIS_WEB_FACTS");
const checker = new Checker(process.env.HMIS_WEB_SCREENSHOTS ?? "e2e-output/screenshots");
const REFUSAL = "You may not do this: the record belongs to another agency and no consent in force shares it with yours.";
const profile = `${url}/clients/${facts.client_id}`;
const browser = await launch();

try {
  const reader = await signIn(browser, url, people.reader);
  const owner = await signIn(browser, url, people.owner);

  // Agency A's case worker, by the client's address (a referral's link, say): refused, the policy's reason in words.
  await reader.goto(profile);
  await reader.getByRole("alert").getByText(REFUSAL).waitFor();
  expect(!(await reader.getByText(facts.name).count()), "the refused profile shows the client's name");
  await checker.check(reader, "consent-walk-refused");

  // Agency B's case worker records the client's release of information to agency A, found by part of its name (in
  // lower case) and chosen, signed on screen.
  await owner.goto(`${profile}/consent`);
  await owner.getByRole("heading", { level: 2, name: "Capture a consent" }).waitFor();
  await owner.getByLabel("Type", { exact: true }).selectOption("roi");
  const agencies = owner.getByRole("combobox", { name: "Agencies released to" });
  await agencies.fill(facts.reader_agency_name.split(" ").at(-1).toLowerCase());
  await owner.getByRole("option", { name: facts.reader_agency_name }).click();
  await owner.getByRole("button", { name: facts.reader_agency_name }).waitFor();  // the chosen agency's chip
  await owner.getByLabel("Name of the person signing").fill(facts.name);
  await drawSignature(owner);
  await checker.check(owner, "consent-walk-release");
  await owner.getByRole("button", { name: "Record the consent" }).click();
  await owner.getByText("Consent recorded: active.").waitFor();
  await owner.getByText("Release of information: active").waitFor();
  await owner.getByText(`Released to ${facts.reader_agency_name}`).waitFor();  // on file, by the agency's name

  // Agency A's case worker again: the same address now opens the client's profile.
  await reader.reload();
  await reader.getByRole("heading", { level: 1, name: facts.name }).waitFor();
  expect(!(await reader.getByText(REFUSAL).count()), "the refusal is still shown after the release");
  await checker.check(reader, "consent-walk-allowed");

  checker.assertNone();
  console.log("web consent: refused across agencies without consent, read after the client's release of information");
} finally {
  await browser.close();
}
