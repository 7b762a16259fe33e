// axe-core (pinned in package.json) run in the page under test: the WCAG 2.1 A and AA rules, and only the
// violations of serious or critical impact, each named with the elements it found.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const AXE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

/** The serious and critical WCAG 2.1 AA violations on `page` now, as lines of text (none: an empty list). */
export async function seriousViolations(page) {
  if (!(await page.evaluate(() => "axe" in window))) await page.evaluate(AXE);  // CDP evaluation: not subject to the app's CSP
  const results = await page.evaluate((tags) => window.axe.run(document, { runOnly: { type: "tag", values: tags } }), TAGS);
  return results.violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map((violation) => `${violation.id} (${violation.impact}): ${violation.help} at ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`);
}
