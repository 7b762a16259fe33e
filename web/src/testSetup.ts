// Vitest's set-up for every test file. A screen's first render waits for its data from the fake gateway; on a
// busy machine (CI beside other work) that takes longer than testing-library's 1 s default, so the `find...`
// queries wait up to 10 s: a test still fails when what it waits for never appears.
import { configure } from "@testing-library/react";

configure({ asyncUtilTimeout: 10_000 });
