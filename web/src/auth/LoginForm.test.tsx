import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { LoginForm } from "./LoginForm";
import { loginRefusal } from "./session";

afterEach(cleanup);

function fill(label: RegExp, value: string) {
  fireEvent.input(screen.getByLabelText(label), { target: { value } });
}

describe("LoginForm", () => {
  it("sends username and password, and no code when none is typed", async () => {
    const onSubmit = vi.fn();
    render(<LoginForm onSubmit={onSubmit} pending={false} />);
    fill(/username/i, "outreach.worker");
    fill(/password/i, "a password");
    fireEvent.click(screen.getByRole("button", { name: /sign in/i }));
    await waitFor(() => expect(onSubmit).toHaveBeenCalledWith({ username: "outreach.worker", password: "a password", totp: null }));
  });

  it("names the missing field and a malformed code, sending nothing", async () => {
    const onSubmit = vi.fn();
    render(<LoginForm onSubmit={onSubmit} pending={false} />);
    fill(/authenticator code/i, "12ab");
    fireEvent.click(screen.getByRole("button", { name: /sign in/i }));
    expect(await screen.findByText("Enter your username")).toBeTruthy();
    expect(screen.getByText("6 digits")).toBeTruthy();
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it("shows a refusal in words", () => {
    render(<LoginForm onSubmit={vi.fn()} pending={false} refusal={loginRefusal(401)} />);
    expect(screen.getByRole("alert").textContent).toMatch(/check your username, password/);
  });
});
