/** Demo books have no cover images: a typeset cover in a colour derived from the id stands in. */
const PALETTE = ["#8c2f39", "#2f5d8c", "#3d7a4f", "#7a5c2e", "#5b3f8c", "#2e6f73", "#8c5a2f", "#46505c"];

export function Cover({ id, title, authors, coverUrl, size = "md" }: { id: string; title: string; authors: readonly string[]; coverUrl?: string; size?: "sm" | "md" | "lg" }) {
  if (coverUrl) return <img className={`cover cover-${size}`} src={coverUrl} alt="" loading="lazy" />;
  let h = 0;
  for (const ch of id) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  const color = PALETTE[h % PALETTE.length];
  return (
    <div className={`cover cover-${size}`} style={{ background: color }} aria-hidden="true">
      <span className="cover-title">{title}</span>
      <span className="cover-author">{authors.slice(0, 2).join(" / ")}</span>
    </div>
  );
}
