/** ISBN-13 rules: what people type (hyphens, spaces) is normalized before the checksum decides. */

/** Hyphens and spaces are presentation only: "978-7-5366-9293-0" and "9787536692930" are one ISBN. */
export const normalizeIsbn = (raw: string): string => raw.replace(/[\s-]/g, "");

/** 13 digits, an EAN "Bookland" prefix (978/979) and the mod-10 check digit with weights 1,3,1,3… */
export function isValidIsbn13(isbn: string): boolean {
  if (!/^97[89]\d{10}$/.test(isbn)) return false;
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(isbn[i]) * (i % 2 === 0 ? 1 : 3);
  return (10 - (sum % 10)) % 10 === Number(isbn[12]);
}
