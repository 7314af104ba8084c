const byExtension = new Map<string, string>([
  ['pdf', 'application/pdf'],
  ['txt', 'text/plain'],
  ['md', 'text/markdown'],
  ['csv', 'text/csv'],
  ['html', 'text/html'],
  ['json', 'application/json'],
  ['jsonl', 'application/jsonl'],
  ['png', 'image/png'],
  ['jpg', 'image/jpeg'],
  ['jpeg', 'image/jpeg'],
  ['gif', 'image/gif'],
  ['webp', 'image/webp'],
]);

const generic = 'application/octet-stream';

/** The MIME type of an uploaded file: its part's own type when specific, else guessed from its name's extension. */
export function mimeTypeOf(filename: string, declared: string | undefined): string {
  const type = declared?.split(';')[0]?.trim().toLowerCase();
  if (type !== undefined && type.length > 0 && type !== generic) return type;
  const dot = filename.lastIndexOf('.');
  return (dot === -1 ? undefined : byExtension.get(filename.slice(dot + 1).toLowerCase())) ?? generic;
}
