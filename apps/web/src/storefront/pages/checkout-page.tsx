import { useEffect, useState, type FormEvent } from "react";
import { api, unwrap } from "../../api/api-client.js";
import { fieldMessages } from "../../api/describe-error.js";
import type { Address } from "../../api/types.js";
import { useI18n } from "../../i18n/i18n.js";
import { formatPrice } from "../../shared/money.js";
import { navigate } from "../../shared/router.js";
import { useAsync } from "../../shared/use-async.js";
import { ErrorNotice, Loading } from "../../shared/notice.js";
import { TextField } from "../../shared/text-field.js";
import { useCart } from "../cart-context.js";

class MissingAddress extends Error {}

const EMPTY = { recipient: "", phone: "", region: "", line1: "", postalCode: "" };

export function CheckoutPage() {
  const { t } = useI18n();
  const { cart, reload } = useCart();
  const addresses = useAsync(() => unwrap(api.GET("/api/v1/users/me/addresses")), []);
  const coupons = useAsync(() => unwrap(api.GET("/api/v1/coupons")), []);
  const [addressId, setAddressId] = useState<string>();
  const [couponId, setCouponId] = useState("");
  const [form, setForm] = useState(EMPTY);
  const [formErrors, setFormErrors] = useState<Record<string, string>>({});
  const [showForm, setShowForm] = useState(false);
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  // Retrying after a network error must not create a second order: one key per checkout visit.
  const [idempotencyKey] = useState(() => crypto.randomUUID());

  // First load only: preselect the default address, or open the form when there is none yet.
  const loaded = addresses.data;
  useEffect(() => {
    if (!loaded) return;
    setAddressId((current) => current ?? (loaded.items.find((a) => a.isDefault) ?? loaded.items[0])?.id);
    if (loaded.items.length === 0) setShowForm(true);
  }, [loaded]);

  if (!cart || !addresses.data) return <Loading />;

  const subtotal = cart.totalCents;
  const usable = (coupons.data?.items ?? []).filter((c) => c.status === "available" && c.minOrderCents <= subtotal);
  const coupon = usable.find((c) => c.id === couponId);
  const discount = Math.min(coupon?.discountCents ?? 0, subtotal);

  const saveAddress = async (e: FormEvent) => {
    e.preventDefault();
    setFormErrors({});
    try {
      const { postalCode, ...rest } = form;
      const created: Address = await unwrap(
        api.POST("/api/v1/users/me/addresses", { body: { ...rest, ...(postalCode ? { postalCode } : {}), isDefault: true } }),
      );
      setAddressId(created.id);
      setError(undefined);
      setShowForm(false);
      setForm(EMPTY);
      addresses.reload();
    } catch (err) {
      setFormErrors(fieldMessages(err, t));
      setError(err);
    }
  };

  const place = async () => {
    if (!addressId) return setError(new MissingAddress());
    setBusy(true);
    setError(undefined);
    try {
      const order = await unwrap(
        api.POST("/api/v1/orders", {
          params: { header: { "idempotency-key": idempotencyKey } },
          body: { fromCart: true, addressId, ...(couponId ? { couponId } : {}) },
        }),
      );
      await reload();
      navigate(`/orders/${order.id}`);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="checkout">
      <section className="panel">
        <h1>{t("checkout.title")}</h1>
        <h2>{t("checkout.address")}</h2>
        <div role="radiogroup" aria-label={t("checkout.address")} className="choices">
          {addresses.data?.items.map((a) => (
            <label key={a.id} className={a.id === addressId ? "choice selected" : "choice"}>
              <input type="radio" name="address" checked={a.id === addressId} onChange={() => setAddressId(a.id)} />
              <span><strong>{a.recipient}</strong> {a.phone}<br />{a.region} {a.line1}</span>
            </label>
          ))}
        </div>
        {showForm ? (
          <form className="address-form" onSubmit={(e) => void saveAddress(e)} noValidate>
            {(["recipient", "phone", "region", "line1", "postalCode"] as const).map((f) => (
              <TextField key={f} name={f} label={t(`checkout.${f}`)} value={form[f]} error={formErrors[f]} onChange={(v) => setForm({ ...form, [f]: v })} />
            ))}
            <button type="submit" className="secondary">{t("checkout.saveAddress")}</button>
          </form>
        ) : (
          <button type="button" className="link-button" onClick={() => setShowForm(true)}>+ {t("checkout.newAddress")}</button>
        )}

        <h2>{t("checkout.coupon")}</h2>
        <label className="select-field">
          <span className="visually-hidden">{t("checkout.coupon")}</span>
          <select name="coupon" value={couponId} onChange={(e) => setCouponId(e.target.value)}>
            <option value="">{t("checkout.noCoupon")}</option>
            {usable.map((c) => (
              <option key={c.id} value={c.id}>{t("checkout.couponLabel", { amount: formatPrice(c.discountCents), min: formatPrice(c.minOrderCents) })}</option>
            ))}
          </select>
        </label>
      </section>

      <aside className="panel summary" aria-label={t("checkout.summary")}>
        <h2>{t("checkout.summary")}</h2>
        <ul className="summary-items">
          {cart.items.map((i) => (
            <li key={i.bookId}><span>{i.title} × {i.quantity}</span><span>{formatPrice(i.priceCents * i.quantity)}</span></li>
          ))}
        </ul>
        <dl className="totals">
          <dt>{t("checkout.subtotal")}</dt><dd>{formatPrice(subtotal)}</dd>
          <dt>{t("checkout.discount")}</dt><dd data-testid="discount">{discount > 0 ? `-${formatPrice(discount)}` : t("checkout.noDiscount")}</dd>
          <dt className="payable">{t("checkout.payable")}</dt><dd className="payable price-large" data-testid="payable">{formatPrice(subtotal - discount)}</dd>
        </dl>
        {error instanceof MissingAddress ? <p className="notice notice-error" role="alert">{t("checkout.needAddress")}</p> : <ErrorNotice error={error} />}
        <button type="button" className="primary wide" disabled={busy || cart.items.length === 0} onClick={() => void place()}>
          {t("checkout.place")}
        </button>
      </aside>
    </div>
  );
}
