/** Whether a UTF-16 code unit is whitespace for word counting (ASCII space and controls, NBSP, ideographic space). */
export function isSpace(code: number): boolean {
  return code === 32 || (code >= 9 && code <= 13) || code === 0xa0 || code === 0x3000;
}
