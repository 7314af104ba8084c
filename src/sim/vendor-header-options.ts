/** What the vendor response headers are built from. */
export interface VendorHeaderOptions {
  /** Request id (`request-id` / `x-request-id`). */
  requestId: string;
  /** Value of the content-type header. */
  contentType: string;
  /** Time spent before the headers, in ms (`openai-processing-ms`). */
  processingMs: number;
  /** True when the rate limit is reported as used up (a 429). */
  exhausted: boolean;
}
