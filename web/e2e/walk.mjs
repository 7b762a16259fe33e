// What the end-to-end walks share (roles.mjs, casework.mjs, ces.mjs, consent.mjs): Chromium launched, a person signed in
// through the form, a consent's signature drawn, and a screen checked: a screenshot, and axe-core's serious or critical
// WCAG 2.1 AA violations kept as problems.
import { chromium } from "playwright-core";
import { createHmac } from "node:crypto";
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

/** Milliseconds from navigating to `address` until the level-1 heading `name` is on screen (`performance.now()`
 * then): a screen's time to interactive, as the client profile's is measured (casework.mjs, profile-timing.mjs). */
export async function timeToHeading(page, address, name) {
  await page.goto(address);
  await page.getByRole("heading", { level: 1, name }).waitFor();
  return Math.round(await page.evaluate(() => performance.now()));
}

export function expect(condition, message) {
  if (!condition) throw new Error(message);
}

/** The one-time code of an authenticator app holding the base32 `secret` now (RFC 6238: 30 s steps, 6 digits, SHA-1),
 * as a person's phone would show it when a walk sets one up. */
export function totpCode(secret, now = Date.now()) {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  const bits = [...secret.replace(/[\s=]/g, "").toUpperCase()].map((letter) => alphabet.indexOf(letter).toString(2).padStart(5, "0")).join("");
  const key = Buffer.from(bits.match(/.{8}/g).map((byte) => parseInt(byte, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(now / 30_000)));
  const digest = createHmac("sha1", key).update(counter).digest();
  const offset = digest[digest.length - 1] & 0xf;
  return String((digest.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, "0");
}
