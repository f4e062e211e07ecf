import { Counter, Gauge, type Metrics } from "@bookstore/platform/metrics";
import type { CartAbandonment } from "../domain/cart-abandonment.js";
import type { CartFunnel } from "../domain/cart-funnel.js";

function counter(metrics: Metrics, name: string, help: string): Counter {
  const existing = metrics.registry.getSingleMetric(name);
  return existing instanceof Counter ? existing : new Counter({ name, help, registers: [metrics.registry] });
}

/**
 * `carts_created_total` and `carts_converted_total` per process (Prometheus sums them across order processes), and
 * `cart_abandonment_ratio` over this process's window, computed at scrape time.
 */
export class MetricCartFunnel implements CartFunnel {
  private readonly created: Counter;
  private readonly converted: Counter;

  constructor(
    metrics: Metrics,
    private readonly abandonment: CartAbandonment,
  ) {
    this.created = counter(metrics, "carts_created_total", "Carts that went from empty to non-empty");
    this.converted = counter(metrics, "carts_converted_total", "Orders placed from a cart (POST /orders with fromCart)");
    // Reads this build's window, so a rebuild on the same registry (tests) replaces it.
    metrics.registry.removeSingleMetric("cart_abandonment_ratio");
    new Gauge({
      name: "cart_abandonment_ratio",
      help: "1 - converted/created among carts this process saw created in orders.cartAbandonmentWindowMs (0 when none)",
      registers: [metrics.registry],
      collect() {
        this.set(abandonment.ratio());
      },
    });
  }

  cartCreated(userId: string): void {
    this.created.inc();
    this.abandonment.created(userId);
  }

  cartConverted(userId: string): void {
    this.converted.inc();
    this.abandonment.converted(userId);
  }
}
