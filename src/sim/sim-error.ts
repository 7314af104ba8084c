/** An error the simulator answers with, before it is rendered in a vendor's shape. */
export interface SimError {
  /** HTTP status. */
  status: number;
  /** Human-readable message. */
  message: string;
  /** Vendor error type; derived from the status when absent. */
  type?: string | undefined;
  /** Machine code (Anthropic `error.details.error_code`, OpenAI `error.code`); null for none, undefined for the default. */
  code?: string | null | undefined;
  /** Offending request field (OpenAI `error.param`). */
  param?: string | undefined;
}
