import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

const root = fileURLToPath(new URL(".", import.meta.url));
const gateway = process.env["BOOKSTORE_GATEWAY_URL"] ?? "http://localhost:8080";

// Two pages, one build: the storefront (/) and the admin console (/admin/), each with its own entry chunk,
// so the storefront never loads admin code.
export default defineConfig({
  root,
  base: "/",
  plugins: [react()],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    rolldownOptions: {
      input: { storefront: `${root}index.html`, admin: `${root}admin/index.html` },
    },
  },
  server: {
    port: 5173,
    proxy: {
      "/api": gateway,
      "/swagger": gateway,
      "/healthz": gateway,
      "/ws": { target: gateway.replace(/^http/, "ws"), ws: true },
    },
  },
});
