import { useState, type FormEvent } from "react";
import { api, unwrap } from "../../api/api-client.js";
import { ApiError } from "../../api/api-error.js";
import { describeError, fieldMessages } from "../../api/describe-error.js";
import { saveSession } from "../../api/session.js";
import { useI18n } from "../../i18n/i18n.js";
import { Link, navigate, useLocation } from "../../shared/router.js";
import { TextField } from "../../shared/text-field.js";

/** Only same-site paths: `next` comes from the URL, so it must not send people elsewhere. */
function safeNext(next: string | null): string {
  return next && next.startsWith("/") && !next.startsWith("//") ? next : "/";
}

export function AuthPage({ mode }: { mode: "login" | "register" }) {
  const { t } = useI18n();
  const { query } = useLocation();
  const next = safeNext(query.get("next"));
  const reason = query.get("reason");
  const [form, setForm] = useState({ username: "", email: "", password: "" });
  const [fields, setFields] = useState<Record<string, string>>({});
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setFields({});
    setError(undefined);
    try {
      if (mode === "register") await unwrap(api.POST("/api/v1/auth/register", { body: form }));
      const login = form.username.includes("@") && mode === "login" ? { email: form.username } : { username: form.username };
      const res = await unwrap(api.POST("/api/v1/auth/login", { body: { ...login, password: form.password } }));
      saveSession({ accessToken: res.accessToken, refreshToken: res.refreshToken, user: res.user });
      navigate(next, { replace: true });
    } catch (err) {
      setFields(fieldMessages(err, t));
      // On this page a 401 can only mean the credentials were wrong (never which one, as the API says).
      setError(err instanceof ApiError && err.code === "UNAUTHENTICATED" ? t("error.badLogin") : describeError(err, t));
    } finally {
      setBusy(false);
    }
  };
  const set = (k: keyof typeof form) => (v: string) => setForm({ ...form, [k]: v });
  const other = mode === "login" ? "/register" : "/login";

  return (
    <section className="panel auth">
      <h1>{mode === "login" ? t("auth.login") : t("auth.register")}</h1>
      {reason === "expired" ? <p className="notice notice-info" role="status">{t("auth.expired")}</p> : null}
      {reason === "needLogin" ? <p className="notice notice-info" role="status">{t("auth.needLogin")}</p> : null}
      <form onSubmit={(e) => void submit(e)} noValidate>
        <TextField name="username" label={mode === "login" ? t("auth.usernameOrEmail") : t("auth.username")} value={form.username} error={fields["username"]} onChange={set("username")} autoComplete="username" />
        {mode === "register" ? (
          <TextField name="email" type="email" label={t("auth.email")} value={form.email} error={fields["email"]} onChange={set("email")} autoComplete="email" />
        ) : null}
        <TextField name="password" type="password" label={t("auth.password")} value={form.password} error={fields["password"]} onChange={set("password")} autoComplete={mode === "login" ? "current-password" : "new-password"} />
        {error ? <p className="notice notice-error" role="alert">{error}</p> : null}
        <button type="submit" className="primary wide" disabled={busy}>{mode === "login" ? t("auth.submitLogin") : t("auth.submitRegister")}</button>
      </form>
      <p className="muted">
        {mode === "login" ? t("auth.noAccount") : t("auth.haveAccount")}{" "}
        <Link href={`${other}?next=${encodeURIComponent(next)}`}>{mode === "login" ? t("nav.register") : t("nav.login")}</Link>
      </p>
    </section>
  );
}
