const entities: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

/** Whether XML 1.0 may carry this UTF-16 code unit (C0 controls except tab, LF, CR, and U+FFFE/U+FFFF may not). */
function isXmlCharacter(code: number): boolean {
  if (code < 0x20) return code === 0x09 || code === 0x0a || code === 0x0d;
  return code !== 0xfffe && code !== 0xffff;
}

/** Escapes text for XML content and attribute values, dropping characters XML cannot carry (lone surrogates become U+FFFD). */
export function escapeXml(text: string): string {
  let escaped = '';
  const wellFormed = text.toWellFormed();
  for (let index = 0; index < wellFormed.length; index += 1) {
    const character = wellFormed.charAt(index);
    if (!isXmlCharacter(wellFormed.charCodeAt(index))) continue;
    escaped += entities[character] ?? character;
  }
  return escaped;
}
