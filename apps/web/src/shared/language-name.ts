/** "zh" → 中文 / Chinese: a book language named in the reader's language by the browser; the code when it has no name. */
export function languageName(code: string, readerLang: string): string {
  try {
    return new Intl.DisplayNames([readerLang], { type: "language" }).of(code) ?? code;
  } catch {
    return code; // not a well-formed language code
  }
}
