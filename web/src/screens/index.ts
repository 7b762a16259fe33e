// Every area's screens, in nav order. An area adds a screen to its own list only (docs/web.md).
import type { ComponentType } from "react";
import type { QueryClient } from "@tanstack/react-query";
import type { Screen } from "./types";
import { screens as casework } from "./casework";
import { prefetchProfile } from "./casework/api";
import { screens as admin } from "./admin";
import { screens as lead } from "./lead";
import { screens as training } from "./training";
import { screens as account } from "./account";
import { screens as compliance } from "./compliance";
import { screens as reports } from "./reports";
import { NoticesBadge, screens as ces } from "./ces";

export type { Screen } from "./types";

export const screens: Screen[] = [...casework, ...admin, ...lead, ...training, ...account, ...compliance, ...reports, ...ces];

// What an area shows in the top bar, beside the user's name (each decides whether the user may see it).
export const headerItems: ComponentType[] = [NoticesBadge];

// What is asked at boot, beside /auth/me, when a session's cookie is there, for the screen the address opens.
export const prefetchers: ((client: QueryClient, path: string) => Promise<void>)[] = [prefetchProfile];

// The policy actions the nav asks the gateway about, once per sign-in.
export function permissionsOf(list: Screen[]): string[] {
  return [...new Set(list.map((screen) => screen.permission).filter((action): action is string => action !== null))];
}
