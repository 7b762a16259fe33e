import { describe, expect, it } from "vitest";
import { idlePhase, secondsLeft } from "./idle";

const FIFTEEN_MINUTES = 15 * 60_000;

describe("idlePhase", () => {
  it("warns a minute before the timeout, then expires", () => {
    expect(idlePhase(FIFTEEN_MINUTES - 60_001, FIFTEEN_MINUTES)).toBe("active");
    expect(idlePhase(FIFTEEN_MINUTES - 60_000, FIFTEEN_MINUTES)).toBe("warning");
    expect(idlePhase(FIFTEEN_MINUTES, FIFTEEN_MINUTES)).toBe("expired");
  });
  it("warns halfway through a timeout shorter than two minutes", () => {
    expect(idlePhase(2_999, 6_000)).toBe("active");
    expect(idlePhase(3_000, 6_000)).toBe("warning");
    expect(idlePhase(6_000, 6_000)).toBe("expired");
  });
  it("counts the seconds left, never below zero", () => {
    expect(secondsLeft(FIFTEEN_MINUTES - 59_500, FIFTEEN_MINUTES)).toBe(60);
    expect(secondsLeft(FIFTEEN_MINUTES + 5_000, FIFTEEN_MINUTES)).toBe(0);
  });
});
