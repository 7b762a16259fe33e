// The client profile's time to interactive, for `make bench` (bench/web_bench.py): a case worker signed in to Chromium
// opens one client's profile afresh LOADS times (after one load to warm up, as a day's work has the app's files in the
// browser's cache), each timed from navigation until the header's name is on screen (walk.timeToHeading, as
// casework.mjs measures it). Prints one JSON line: {"warm_up_ms", "loads_ms": [...]}.
// Environment: HMIS_WEB_URL; HMIS_WEB_PEOPLE, JSON {worker: {username, password}}; HMIS_WEB_FACTS, JSON {client_id,
// name}; HMIS_PROFILE_LOADS (10); CHROMIUM.
import { launch, signIn, timeToHeading } from "./walk.mjs";

const url = process.env.HMIS_WEB_URL;
const people = JSON.parse(process.env.HMIS_WEB_PEOPLE ?? "{}");
const facts = JSON.parse(process.env.HMIS_WEB_FACTS ?? "{}");
const loads = Number(process.env.HMIS_PROFILE_LOADS ?? 10);
if (!url || !people.worker || !facts.client_id) throw new Error("set HMIS_WEB_URL, HMIS_WEB_PEOPLE and HMIS_WEB_FACTS");

const browser = await launch();
try {
  const page = await signIn(browser, url, people.worker);
  const profile = `${url}/clients/${facts.client_id}`;
  const warmUp = await timeToHeading(page, profile, facts.name);
  const timed = [];
  for (let load = 0; load < loads; load += 1) timed.push(await timeToHeading(page, profile, facts.name));
  console.log(JSON.stringify({ warm_up_ms: warmUp, loads_ms: timed }));
} finally {
  await browser.close();
}
