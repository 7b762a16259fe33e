import type { ReactElement } from "react";

// One screen of the app: its route, its title in the nav, and the policy action a user must be allowed to see it
// (null: every signed-in user). `nav: false` keeps a screen out of the nav (a detail page reached by a link).
export interface Screen {
  path: string;
  title: string;
  permission: string | null;
  element: ReactElement;
  nav?: boolean;
}
