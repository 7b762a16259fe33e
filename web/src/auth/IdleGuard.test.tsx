import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { act, cleanup, fireEvent, render, screen } from "@testing-library/react";
import { IdleGuard } from "./IdleGuard";

const TWO_MINUTES = 120_000;

beforeEach(() => vi.useFakeTimers());
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

function idle(ms: number) {
  act(() => { vi.advanceTimersByTime(ms); });
}

describe("IdleGuard", () => {
  it("warns a minute before the timeout and then logs off", () => {
    const onExpire = vi.fn();
    render(<IdleGuard timeoutMs={TWO_MINUTES} onExpire={onExpire} />);
    idle(59_000);
    expect(screen.queryByRole("dialog")).toBeNull();
    idle(2_000);
    expect(screen.getByRole("dialog").textContent).toMatch(/signed out in \d+ seconds/);
    expect(onExpire).not.toHaveBeenCalled();
    idle(60_000);
    expect(onExpire).toHaveBeenCalledOnce();
  });

  it("keeps the session while the user is active, and 'Stay signed in' restarts the count", () => {
    const onExpire = vi.fn();
    render(<IdleGuard timeoutMs={TWO_MINUTES} onExpire={onExpire} />);
    idle(50_000);
    fireEvent.keyDown(window, { key: "a" });
    idle(50_000);
    expect(screen.queryByRole("dialog")).toBeNull();
    idle(20_000);
    fireEvent.click(screen.getByRole("button", { name: "Stay signed in" }));
    idle(61_000);
    expect(onExpire).not.toHaveBeenCalled();
  });
});
