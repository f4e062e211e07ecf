import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import fp from "fastify-plugin";
import fastifyStatic from "@fastify/static";
import type { FastifyReply } from "fastify";

/** apps/web/dist of this checkout (plugins → src → gateway → services → repository root). */
export const DEFAULT_WEB_DIST = fileURLToPath(new URL("../../../../apps/web/dist/", import.meta.url));

// Paths that belong to the API and ops: an unknown one stays a JSON 404, never the storefront page.
const NOT_WEB = /^\/(api|swagger|healthz|readyz|metrics|ws)(\/|$|\?)/;
const HASHED_ASSETS = "/assets/";

const MISSING_BUILD_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Bookstore: web apps not built</title></head>
<body style="font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;line-height:1.5">
<h1>The web apps are not built yet</h1>
<p>Run <code>npm run build:web</code> (or restart with <code>npm start</code>, which builds them when needed), then reload.
For development, <code>npm run dev:web</code> serves them with live reload on port 5173.</p>
<p>The API is up: <a href="/swagger">/swagger</a>.</p></body></html>`;

/**
 * Storefront at /, admin console at /admin: files from the Vite build, SPA fallback to each app's index.html.
 * Hashed assets are immutable (cached a year); the index pages are revalidated every time so a deploy shows at once.
 */
export const webStaticPlugin = fp(
  async (app, opts: { distDir?: string }) => {
    const dist = opts.distDir ?? DEFAULT_WEB_DIST;
    const hidden = { schema: { hide: true } };
    const storefrontIndex = join(dist, "index.html");
    const adminIndex = join(dist, "admin", "index.html");

    if (!existsSync(storefrontIndex)) {
      app.log.warn({ dist }, "web apps not built: / answers how to build them (npm run build:web)");
      const missing = async (_req: unknown, reply: FastifyReply) => reply.code(503).type("text/html; charset=utf-8").header("cache-control", "no-store").send(MISSING_BUILD_PAGE);
      app.get("/", hidden, missing);
      app.get("/admin", hidden, missing);
      return;
    }

    await app.register(fastifyStatic, {
      root: dist,
      prefix: "/",
      // Only the files present at start get routes; everything else falls to the SPA routes below.
      wildcard: false,
      index: false,
      schemaHide: true,
      setHeaders: (reply, path) => {
        void reply.header("cache-control", path.includes(HASHED_ASSETS) ? "public, max-age=31536000, immutable" : "no-cache");
      },
    });
    // Read once: the build does not change under a running gateway (a rebuild comes with a restart).
    const pages = { storefront: readFileSync(storefrontIndex), admin: existsSync(adminIndex) ? readFileSync(adminIndex) : undefined };
    const page = (reply: FastifyReply, html: Buffer) => reply.type("text/html; charset=utf-8").header("cache-control", "no-cache").send(html);

    app.get("/", hidden, async (_req, reply) => page(reply, pages.storefront));
    app.get("/admin", hidden, async (_req, reply) => page(reply, pages.admin ?? pages.storefront));
    app.get("/admin/*", hidden, async (_req, reply) => page(reply, pages.admin ?? pages.storefront));
    app.get("/*", hidden, async (req, reply) => {
      // An unknown asset is a real 404 (a stale page asking for an old chunk must not get HTML back).
      if (NOT_WEB.test(req.url) || req.url.startsWith(HASHED_ASSETS)) return reply.callNotFound();
      return page(reply, pages.storefront);
    });
  },
  { name: "web-static", dependencies: ["errors"] },
);
