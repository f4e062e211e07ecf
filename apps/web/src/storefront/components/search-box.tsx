import { useEffect, useId, useState, type FormEvent, type KeyboardEvent } from "react";
import { api, unwrap } from "../../api/api-client.js";
import { useI18n } from "../../i18n/i18n.js";
import { navigate } from "../../shared/router.js";

/** Search field with as-you-type suggestions (titles and authors by prefix, pinyin, initials) as an ARIA combobox. */
export function SearchBox({ initial = "" }: { initial?: string }) {
  const { t } = useI18n();
  const [q, setQ] = useState(initial);
  const [suggestions, setSuggestions] = useState<string[]>([]);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const listId = useId();

  useEffect(() => setQ(initial), [initial]);
  useEffect(() => {
    const text = q.trim();
    if (!text || !open) return setSuggestions([]);
    const ctrl = new AbortController();
    // A short pause so typing "jisuanji" asks once or twice, not eight times.
    const timer = setTimeout(() => {
      unwrap(api.GET("/api/v1/search/suggest", { params: { query: { q: text } }, signal: ctrl.signal }))
        .then((r) => {
          setSuggestions(r.suggestions.slice(0, 8));
          setActive(-1);
        })
        .catch((e: unknown) => {
          if (!ctrl.signal.aborted) console.warn("suggest failed", e);
        });
    }, 120);
    return () => {
      clearTimeout(timer);
      ctrl.abort();
    };
  }, [q, open]);

  const go = (text: string) => {
    setOpen(false);
    const trimmed = text.trim();
    navigate(trimmed ? `/search?q=${encodeURIComponent(trimmed)}` : "/search");
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    go(active >= 0 ? (suggestions[active] ?? q) : q);
  };
  const keys = (e: KeyboardEvent<HTMLInputElement>) => {
    if (!suggestions.length) return;
    if (e.key === "ArrowDown") {
      e.preventDefault();
      setActive((a) => (a + 1) % suggestions.length);
    } else if (e.key === "ArrowUp") {
      e.preventDefault();
      setActive((a) => (a <= 0 ? suggestions.length - 1 : a - 1));
    } else if (e.key === "Escape") setOpen(false);
  };
  const showList = open && suggestions.length > 0;

  return (
    <form className="search-box" role="search" onSubmit={submit}>
      <input
        type="search"
        name="q"
        value={q}
        placeholder={t("nav.search")}
        aria-label={t("nav.search")}
        role="combobox"
        aria-expanded={showList}
        aria-controls={listId}
        aria-autocomplete="list"
        {...(active >= 0 ? { "aria-activedescendant": `${listId}-${active}` } : {})}
        autoComplete="off"
        onChange={(e) => {
          setQ(e.target.value);
          setOpen(true);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setTimeout(() => setOpen(false), 150)}
        onKeyDown={keys}
      />
      <button type="submit">{t("nav.searchButton")}</button>
      <ul id={listId} role="listbox" className="suggestions" hidden={!showList} aria-label={t("nav.search")}>
        {suggestions.map((s, i) => (
          <li
            key={s}
            id={`${listId}-${i}`}
            role="option"
            aria-selected={i === active}
            className={i === active ? "active" : undefined}
            onMouseDown={(e) => {
              e.preventDefault();
              go(s);
            }}
          >
            {s}
          </li>
        ))}
      </ul>
    </form>
  );
}
