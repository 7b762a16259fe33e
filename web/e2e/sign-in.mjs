// End to end in Debian's Chromium against a running gateway: sign in through the form, see your name, the
// session cookie out of script's reach, sign out. HMIS_WEB_URL, HMIS_WEB_USERNAME, HMIS_WEB_PASSWORD;
// HMIS_WEB_TOTP, a one-time code for an account with a second factor; CHROMIUM (default /usr/bin/chromium); HMIS_WEB_SCREENSHOTS, a folder for the screenshots.
import { chromium } from "playwright-core";
import { mkdirSync } from "node:fs";
import { join } from "node:path";

const url = process.env.HMIS_WEB_URL;
const username = process.env.HMIS_WEB_USERNAME;
const password = process.env.HMIS_WEB_PASSWORD;
const screenshots = process.env.HMIS_WEB_SCREENSHOTS ?? "e2e-output";
if (!url || !username || !password) throw new Error("set HMIS_WEB_URL, HMIS_WEB_USERNAME and HMIS_WEB_PASSWORD");
mkdirSync(screenshots, { recursive: true });

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium", args: ["--no-sandbox"] });
try {
  const page = await browser.newPage();
  page.setDefaultTimeout(15_000);
  await page.goto(url);
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password").fill(password);
  if (process.env.HMIS_WEB_TOTP) await page.getByLabel("Authenticator code").fill(process.env.HMIS_WEB_TOTP);
  await page.screenshot({ path: join(screenshots, "sign-in.png") });
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByText(`Signed in as ${username}`).waitFor();
  await page.screenshot({ path: join(screenshots, "signed-in.png") });

  const cookies = await page.context().cookies();
  const session = cookies.find((cookie) => cookie.name === "hmis_session");
  if (!session?.httpOnly || session.sameSite !== "Strict") throw new Error(`session cookie not HttpOnly/Strict: ${JSON.stringify(session)}`);
  if ((await page.evaluate(() => document.cookie)).includes("hmis_session")) throw new Error("script can read the session cookie");

  await page.getByRole("button", { name: "Sign out" }).click();
  await page.getByRole("heading", { name: "Sign in to Harbor HMIS" }).waitFor();
  await page.reload();
  await page.getByRole("heading", { name: "Sign in to Harbor HMIS" }).waitFor();  // the session ended on the server
  console.log("web sign-in: signed in, saw the name, signed out");
} finally {
  await browser.close();
}
