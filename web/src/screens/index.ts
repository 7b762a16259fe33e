// Every area's screens, in nav order. An area adds a screen to its own list only (docs/web.md).
import type { Screen } from "./types";
import { screens as casework } from "./casework";
import { screens as admin } from "./admin";
import { screens as lead } from "./lead";
import { screens as training } from "./training";
import { screens as account } from "./account";
import { screens as compliance } from "./compliance";
import { screens as reports } from "./reports";
import { screens as ces } from "./ces";

export type { Screen } from "./types";

export const screens: Screen[] = [...casework, ...admin, ...lead, ...training, ...account, ...compliance, ...reports, ...ces];

// The policy actions the nav asks the gateway about, once per sign-in.
export function permissionsOf(list: Screen[]): string[] {
  return [...new Set(list.map((screen) => screen.permission).filter((action): action is string => action !== null))];
}
