import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import {
  DESKTOP,
  PHONE,
  hasChromium,
  screenshot,
  seriousA11yViolations,
  startWebBookstore,
  type WebBookstore,
} from "./web-browser.js";

/**
 * The storefront's main pages, reached as a signed-in customer with an order, at one width per test file
 * (desktop and phone each take a bookstore and ~20 s of axe runs; one file for both would pass 60 s under load).
 */
export function describeMainPages(viewport: "desktop" | "phone"): void {
  describe.runIf(hasChromium())(
    `storefront pages at ${viewport} width: accessible, screenshotted, nothing wider than the screen`,
    () => {
      let web: WebBookstore;
      let bookId: string;
      let orderId: string;
      let session: string;
      beforeAll(async () => {
        web = await startWebBookstore();
        const customer = await web.api.newCustomer();
        const search = await web.api.anonymous.get("/api/v1/search?inStock=true&size=2&q=%E8%AE%A1%E7%AE%97%E6%9C%BA");
        bookId = search.json.items[0].id;
        await customer.post("/api/v1/cart/items", { bookId, quantity: 1 });
        await customer.post("/api/v1/cart/items", { bookId: search.json.items[1].id, quantity: 2 });
        const order = await customer.post(
          "/api/v1/orders",
          { items: [{ bookId, quantity: 1 }] },
          { "Idempotency-Key": "a11y-1" },
        );
        orderId = order.json.id;
        const me = await customer.get("/api/v1/users/me");
        session = JSON.stringify({ accessToken: customer.token, refreshToken: customer.refreshToken, user: me.json });
      });
      afterAll(async () => {
        await web?.close();
      });

      const signedIn = async (page: Page) => {
        await page.goto("/");
        await page.evaluate(`localStorage.setItem("bookstore.session", ${JSON.stringify(session)})`);
      };
      const pages = () => [
        { name: "home", path: "/", ready: "h2" },
        { name: "search", path: "/search?q=%E8%AE%A1%E7%AE%97%E6%9C%BA", ready: ".results .book-card" },
        { name: "book", path: `/books/${bookId}`, ready: "[data-testid=stock-status]" },
        { name: "cart", path: "/cart", ready: "[data-testid=cart-total]" },
        { name: "checkout", path: "/checkout", ready: "[data-testid=payable]" },
        { name: "orders", path: "/orders", ready: ".order-row" },
        { name: "order", path: `/orders/${orderId}`, ready: "[data-testid=order-status]" },
        { name: "login", path: "/login", ready: "form" },
      ];

      {
        const size = viewport === "desktop" ? DESKTOP : PHONE;
        it(`main pages at ${viewport} width: no serious or critical axe violations, nothing wider than the screen`, async () => {
          const page = await web.newPage({ viewport: size });
          await signedIn(page);
          const found: string[] = [];
          for (const p of pages()) {
            await page.goto(p.path);
            await page.locator(p.ready).first().waitFor();
            await page.waitForLoadState("networkidle");
            await screenshot(page, `${p.name}-${viewport}`);
            if (p.name === "book") {
              // The book's language by name (中文, 英语), not as its ISO code.
              const facts = await page.locator("dd").allTextContents();
              expect(facts.some((f) => f === "中文" || f === "英语"), facts.join(" | ")).toBe(true);
            }
            if (p.name === "home") {
              // Why each book is recommended, worded in the page's language (the API's own reason text is English).
              const notes = await page.locator(".book-card-note").allTextContents();
              expect(notes.length, "recommendation notes on the home page").toBeGreaterThan(0);
              for (const n of notes) expect(n).not.toMatch(/\b(new in|new arrival|popular|together|same author|similar)\b/);
            }
            for (const v of await seriousA11yViolations(page))
              found.push(
                `${p.name}: ${v.id} (${v.impact}) ${v.help} at ${JSON.stringify(v.nodes.map((n) => n.target).slice(0, 3))}`,
              );
            const overflow = (await page.evaluate(
              "document.documentElement.scrollWidth - document.documentElement.clientWidth",
            )) as number;
            if (overflow > 0) found.push(`${p.name}: page is ${overflow}px wider than the ${size.width}px viewport`);
          }
          expect(found).toEqual([]);
        });
      }

      // Registered for the phone suite only (not skipped on desktop): the language switch is one check, not per width.
      if (viewport === "phone") it("switches to English and remembers it after a reload", async () => {
        const page = await web.newPage({ viewport: PHONE, lang: false });
        await page.goto("/");
        await page.getByRole("heading", { name: "今天读点什么？" }).waitFor(); // browser locale zh-CN
        await page.getByRole("button", { name: "English" }).click();
        await page.getByRole("heading", { name: "What will you read today?" }).waitFor();
        await page.reload();
        await page.getByRole("heading", { name: "What will you read today?" }).waitFor();
        expect(await page.evaluate("document.documentElement.lang")).toBe("en");
        await screenshot(page, "home-phone-en");
      });
    },
  );
}
