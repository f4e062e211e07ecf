import { describeError } from "../api/describe-error.js";
import { useI18n } from "../i18n/i18n.js";

/** An error as a sentence in a live region, so screen readers hear it too. */
export function ErrorNotice({ error }: { error: unknown }) {
  const { t } = useI18n();
  if (!error) return null;
  return <p className="notice notice-error" role="alert">{describeError(error, t)}</p>;
}

export function Loading() {
  const { t } = useI18n();
  return <p className="loading" aria-live="polite">{t("loading")}</p>;
}
