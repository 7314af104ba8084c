import { createOwnedStore, type OwnedItem, type OwnedStore, type StorageBudget } from './owned-store.ts';

/** A file uploaded through (or produced for) a vendor's Files API. */
export interface StoredFile extends OwnedItem {
  /** Original file name. */
  filename: string;
  /** MIME type (Anthropic `mime_type`; OpenAI files report none). */
  mimeType: string;
  /** OpenAI `purpose` (`batch`, `batch_output`, ...); empty for Anthropic files. */
  purpose: string;
  /** The bytes. */
  content: Buffer;
  /** Creation time, epoch ms. */
  createdAtMs: number;
  /** OpenAI `expires_at`, epoch ms, when the file expires. */
  expiresAtMs: number | undefined;
  /** Anthropic `downloadable`: only files a tool produced can be downloaded, not uploads. */
  downloadable: boolean;
}

/** An Anthropic Message Batch: its requests were answered at creation; the results show once it has ended. */
export interface AnthropicBatch extends OwnedItem {
  /** Creation time, epoch ms. */
  createdAtMs: number;
  /** When processing ends, epoch ms (creation + the `batchDelayMs` knob, or the cancellation time). */
  endsAtMs: number;
  /** When cancellation was asked for, epoch ms. */
  cancelInitiatedAtMs: number | undefined;
  /** The requests' `custom_id`s, in order. */
  customIds: string[];
  /** The results file (JSONL, one line per request). */
  results: Buffer;
  /** Requests answered. */
  succeeded: number;
  /** Requests whose params were invalid. */
  errored: number;
  /** Requests canceled. */
  canceled: number;
}

/** A problem with one line of an OpenAI batch input file (the batch then fails). */
export interface BatchLineError {
  /** Machine code (`invalid_json_line`, `duplicate_custom_id`, ...). */
  code: string;
  /** Human-readable message. */
  message: string;
  /** Offending field, when one is. */
  param: string | null;
  /** 1-based line of the input file, when the problem is on a line. */
  line: number | null;
}

/** Token totals of an OpenAI batch (`usage`). */
export interface BatchUsage {
  /** Input tokens of every answered request. */
  inputTokens: number;
  /** Output tokens of every answered request. */
  outputTokens: number;
}

/** An OpenAI batch: its input file was read and answered at creation; the outcome shows once it has ended. */
export interface OpenAiBatch extends OwnedItem {
  /** `/v1/chat/completions`, `/v1/responses` or `/v1/embeddings`. */
  endpoint: string;
  /** The input file. */
  inputFileId: string;
  /** Always `24h`. */
  completionWindow: string;
  /** Caller's metadata. */
  metadata: Record<string, string> | null;
  /** Model named by the lines, when they name one. */
  model: string | undefined;
  /** Creation time, epoch ms. */
  createdAtMs: number;
  /** When processing ends, epoch ms. */
  endsAtMs: number;
  /** When cancellation was asked for, epoch ms. */
  cancellingAtMs: number | undefined;
  /** Validation problems: when any, the batch fails and answers nothing. */
  errors: BatchLineError[];
  /** Output lines of answered requests (JSONL), held until the output file is created. */
  output: Buffer;
  /** Output lines of refused requests (JSONL), held until the error file is created. */
  errorOutput: Buffer;
  /** Requests in the input file. */
  total: number;
  /** Requests answered. */
  completed: number;
  /** Requests refused. */
  failed: number;
  /** Token totals. */
  usage: BatchUsage;
  /** True once the output and error files exist. */
  settled: boolean;
  /** The output file, once settled (null when no request was answered). */
  outputFileId: string | null;
  /** The error file, once settled (null when no request was refused). */
  errorFileId: string | null;
}

/** Where a Gemini file came from (`source`): only `GENERATED` files can be downloaded. */
export type GeminiFileSource = 'UPLOADED' | 'GENERATED';

/** A file of Gemini's Files API (`files/{id}`); the store's `id` is the part after `files/`. */
export interface GeminiFile extends OwnedItem {
  /** `displayName`, when the upload gave one. */
  displayName: string | undefined;
  /** `mimeType`. */
  mimeType: string;
  /** The bytes. */
  content: Buffer;
  /** `sha256Hash` as the API writes it. */
  sha256Hash: string;
  /** Creation time, epoch ms. */
  createdAtMs: number;
  /** When the API deletes the file (48 hours after creation), epoch ms: from then on it is gone. */
  expiresAtMs: number;
  /** `UPLOADED`, or `GENERATED` for an upload marked `x-sim-downloadable` (downloadable, with a `downloadUri`). */
  source: GeminiFileSource;
  /** API version the file was uploaded under (`v1beta` or `v1`), the version of its `uri`. */
  version: string;
}

/** A resumable upload of Gemini's Files API between its `start` and its `finalize`; `id` is its `upload_id`. */
export interface GeminiUpload extends OwnedItem {
  /** The file id the client asked for (`file.name` without `files/`), or undefined for a generated one. */
  fileId: string | undefined;
  /** `file.displayName` of the start request. */
  displayName: string | undefined;
  /** MIME type of the file to be. */
  mimeType: string;
  /** `X-Goog-Upload-Header-Content-Length` of the start request, when given: the size the bytes must add up to. */
  declaredBytes: number | undefined;
  /** The bytes received so far, in order (`sizeBytes` counts them). */
  chunks: Buffer[];
  /** `source` of the file to be. */
  source: GeminiFileSource;
  /** API version of the start request. */
  version: string;
}

/** Files and batches of one simulator, in memory, per credential. */
export interface SimResources {
  /** Anthropic Files API. */
  anthropicFiles: OwnedStore<StoredFile>;
  /** Anthropic Message Batches. */
  anthropicBatches: OwnedStore<AnthropicBatch>;
  /** OpenAI Files API (batch output and error files included). */
  openAiFiles: OwnedStore<StoredFile>;
  /** OpenAI Batches. */
  openAiBatches: OwnedStore<OpenAiBatch>;
  /** Gemini Files API. */
  geminiFiles: OwnedStore<GeminiFile>;
  /** Gemini resumable uploads in progress (their bytes count against the budget). */
  geminiUploads: OwnedStore<GeminiUpload>;
  /** The simulator's clock, epoch ms. */
  now: () => number;
  /** Bytes the stores can still take. */
  freeBytes(): number;
  /** Drops everything (on `close()`). */
  clear(): void;
}

/** Limits that keep a test from exhausting memory. */
export interface SimResourceLimits {
  /** Most bytes held across files and batch results (default 256 MiB). */
  maxBytes?: number;
  /** Most items per store (default 10,000). */
  maxItems?: number;
}

/** Creates empty resource stores sharing one byte budget. */
export function createSimResources(now: () => number, limits: SimResourceLimits = {}): SimResources {
  const budget: StorageBudget = { usedBytes: 0, maxBytes: limits.maxBytes ?? 256 * 1024 * 1024 };
  const maxItems = limits.maxItems ?? 10_000;
  const stores = {
    anthropicFiles: createOwnedStore<StoredFile>(budget, maxItems),
    anthropicBatches: createOwnedStore<AnthropicBatch>(budget, maxItems),
    openAiFiles: createOwnedStore<StoredFile>(budget, maxItems),
    openAiBatches: createOwnedStore<OpenAiBatch>(budget, maxItems),
    geminiFiles: createOwnedStore<GeminiFile>(budget, maxItems),
    geminiUploads: createOwnedStore<GeminiUpload>(budget, maxItems),
  };
  return {
    ...stores,
    now,
    freeBytes() {
      return budget.maxBytes - budget.usedBytes;
    },
    clear() {
      for (const store of Object.values(stores)) store.clear();
      budget.usedBytes = 0;
    },
  };
}
