// Vitest's set-up for every test file: the screens' tests wait up to 5 s for what a screen shows (testing-library's
// default, 1 s, is too short on a machine shared by several builds and test runs; vite.config.ts gives a test 20 s).
import { configure } from "@testing-library/react";

configure({ asyncUtilTimeout: 5_000 });
