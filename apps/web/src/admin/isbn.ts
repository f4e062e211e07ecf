/** ISBN-10 or ISBN-13 with a correct check digit, hyphens and spaces ignored (the catalog validates too). */
export function isValidIsbn(input: string): boolean {
  const s = input.replace(/[-\s]/g, "").toUpperCase();
  if (/^\d{13}$/.test(s)) {
    let sum = 0;
    for (let i = 0; i < 12; i++) sum += Number(s[i]) * (i % 2 === 0 ? 1 : 3);
    return (10 - (sum % 10)) % 10 === Number(s[12]);
  }
  if (/^\d{9}[\dX]$/.test(s)) {
    let sum = 0;
    for (let i = 0; i < 10; i++) sum += (s[i] === "X" ? 10 : Number(s[i])) * (10 - i);
    return sum % 11 === 0;
  }
  return false;
}

/** The text as a bare ISBN when it is shaped like one (check digit not tested): it is then looked up exactly. */
export function isbnQuery(text: string): string | undefined {
  const s = text.replace(/[-\s]/g, "");
  return /^\d{9}[\dXx]$|^\d{13}$/.test(s) ? s : undefined;
}
