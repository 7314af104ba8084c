/** Which provider created each resource (file, batch) the gateway saw created, so later requests for it go there. */
export interface ResourcePins {
  /** Remembers the ids a created resource's JSON answer names (`id`, Gemini's `name`, a batch's file ids). */
  learn(provider: string, body: unknown): void;
  /** Remembers the `upload_id` of a resumable upload URL (Gemini's `x-goog-upload-url`) for the upload's next calls. */
  learnUploadUrl(provider: string, url: string): void;
  /** The provider that created a resource a path names, when a segment or a query value is a remembered id. */
  find(path: string): string | undefined;
  /** How many ids are remembered (none: nothing to look for). */
  size(): number;
  /** The provider that created the resource of this id, when remembered. */
  holder(id: string): string | undefined;
  /** The provider of the first remembered id among a JSON body's strings (a batch's `input_file_id`, a `file_id`). */
  findIn(body: unknown): string | undefined;
}

/** Strings looked at in one body, at most (a body is walked only when its path names nothing known). */
const maxStringsLooked = 10_000;

const idFields = ['id', 'name', 'input_file_id', 'output_file_id', 'error_file_id'] as const;

/** Pins in memory, the oldest forgotten past `limit` (an unknown id is looked for in every account). */
export function createResourcePins(limit: number): ResourcePins {
  const pins = new Map<string, string>();
  const remember = (id: string, provider: string) => {
    if (id.length < 4 || id.length > 256) return;
    pins.delete(id);
    pins.set(id, provider);
    if (pins.size > limit) pins.delete(pins.keys().next().value as string);
  };
  const learnFrom = (provider: string, value: unknown) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return;
    const record = value as Record<string, unknown>;
    for (const field of idFields) {
      const id = record[field];
      if (typeof id !== 'string') continue;
      remember(id, provider);
      // Gemini names resources `files/abc`: a path names them by both parts.
      const slash = id.lastIndexOf('/');
      if (slash !== -1) remember(id.slice(slash + 1), provider);
    }
  };
  return {
    learn(provider, body) {
      learnFrom(provider, body);
      // Gemini's upload answers `{ file: { name } }`.
      if (typeof body === 'object' && body !== null) learnFrom(provider, (body as { file?: unknown }).file);
    },
    size: () => pins.size,
    holder: (id) => pins.get(id),
    learnUploadUrl(provider, url) {
      const query = url.indexOf('?');
      if (query === -1) return;
      const uploadId = new URLSearchParams(url.slice(query + 1)).get('upload_id');
      if (uploadId !== null) remember(uploadId, provider);
    },
    findIn(body) {
      let looked = 0;
      const pending: unknown[] = [body];
      while (pending.length > 0 && looked < maxStringsLooked) {
        const value = pending.pop();
        if (typeof value === 'string') {
          looked += 1;
          const found = value.length >= 4 && value.length <= 256 ? pins.get(value) : undefined;
          if (found !== undefined) return found;
        } else if (Array.isArray(value)) {
          for (const element of value) pending.push(element);
        } else if (typeof value === 'object' && value !== null) {
          for (const element of Object.values(value)) pending.push(element);
        }
      }
      return undefined;
    },
    find(path) {
      const query = path.indexOf('?');
      const segments = (query === -1 ? path : path.slice(0, query)).split('/');
      for (const segment of segments) {
        const colon = segment.indexOf(':');
        const found = pins.get(colon === -1 ? segment : segment.slice(0, colon));
        if (found !== undefined) return found;
      }
      if (query === -1) return undefined;
      for (const value of new URLSearchParams(path.slice(query + 1)).values()) {
        const found = pins.get(value);
        if (found !== undefined) return found;
      }
      return undefined;
    },
  };
}
