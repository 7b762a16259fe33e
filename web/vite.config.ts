/// <reference types="vitest" />
import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

// `npm run dev` proxies the API to a gateway of `make run` (HMIS_GATEWAY, by default this machine's).
export default defineConfig({
  plugins: [react()],
  server: { proxy: { "/api": process.env.HMIS_GATEWAY ?? "http://127.0.0.1:8000" } },
  test: { environment: "jsdom", include: ["src/**/*.test.{ts,tsx}"], setupFiles: ["src/testSetup.ts"], testTimeout: 20_000 },
});
