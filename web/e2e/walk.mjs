// What the end-to-end walks share (roles.mjs, casework.mjs, ces.mjs, consent.mjs): Chromium launched, a person signed in
// through the form, a consent's signature drawn, and a screen checked: a screenshot, and axe-core's serious or critical
// WCAG 2.1 AA violations kept as problems.
import { chromium } from "playwright-core";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { seriousViolations } from "./accessibility.mjs";

export function launch() {
  return chromium.launch({ executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium", args: ["--no-sandbox"] });
}

/** A new browser context signed in as `person` ({username, password, totp?}) at `url`; its page. */
export async function signIn(browser, url, person) {
  const context = await browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  await page.goto(url);
  await page.getByLabel("Username").fill(person.username);
  await page.getByLabel("Password").fill(person.password);
  if (person.totp) await page.getByLabel("Authenticator code").fill(person.totp);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByText(`Signed in as ${person.username}`).waitFor();
  return page;
}

/** A signature drawn with the pointer on the consent form's signature pad. */
export async function drawSignature(page) {
  const canvas = page.getByRole("img", { name: "Signature (draw it in the box)" });
  await canvas.scrollIntoViewIfNeeded();
  const pad = await canvas.boundingBox();
  await page.mouse.move(pad.x + 30, pad.y + 100);
  await page.mouse.down();
  for (const [x, y] of [[80, 40], [130, 110], [190, 50], [260, 120], [330, 60]]) await page.mouse.move(pad.x + x, pad.y + y, { steps: 5 });
  await page.mouse.up();
}

/** Screenshots into `folder` and the accessibility problems found on the screens checked. */
export class Checker {
  constructor(folder) {
    this.folder = folder;
    this.problems = [];
    mkdirSync(folder, { recursive: true });
  }

  async check(page, name) {
    await page.waitForLoadState("networkidle");
    await page.evaluate(() => window.scrollTo(0, 0));  // nothing under the sticky parts of the page
    await page.mouse.move(0, 0);                        // nor under the pointer, and the ripples done
    await page.waitForTimeout(300);
    const file = name.toLowerCase().replace(/[^a-z0-9]+/g, "-");
    await page.screenshot({ path: join(this.folder, `${file}.png`), fullPage: true });
    for (const violation of await seriousViolations(page)) this.problems.push(`${name}: ${violation}`);
  }

  assertNone() {
    expect(this.problems.length === 0, `axe-core found serious or critical violations:\n${this.problems.join("\n")}`);
  }
}

export function expect(condition, message) {
  if (!condition) throw new Error(message);
}
