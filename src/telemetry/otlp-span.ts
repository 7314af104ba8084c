/** An OTLP attribute value (JSON encoding). */
export type OtlpValue =
  | { stringValue: string }
  | { intValue: string }
  | { doubleValue: number }
  | { boolValue: boolean };

/** An OTLP key-value attribute. */
export interface OtlpAttribute {
  /** Attribute name, e.g. `gen_ai.request.model`. */
  key: string;
  /** Its typed value. */
  value: OtlpValue;
}

/** A finished span in the OTLP/HTTP JSON encoding (ids as lowercase hex). */
export interface OtlpSpan {
  /** 32 hex digits. */
  traceId: string;
  /** 16 hex digits. */
  spanId: string;
  /** The parent's span id; absent on a root span. */
  parentSpanId?: string;
  /** Span name. */
  name: string;
  /** 2 server, 3 client. */
  kind: 2 | 3;
  /** Start, nanoseconds since the epoch, as a decimal string. */
  startTimeUnixNano: string;
  /** End, nanoseconds since the epoch, as a decimal string. */
  endTimeUnixNano: string;
  /** Attributes. */
  attributes: OtlpAttribute[];
  /** 1 ok, 2 error. */
  status: { code: 1 | 2; message?: string };
}

/** Milliseconds since the epoch as OTLP nanoseconds. */
export function toUnixNano(ms: number): string {
  return (BigInt(Math.round(ms * 1000)) * 1000n).toString();
}

/** Builds OTLP attributes from plain values; undefined values are left out. */
export function toAttributes(values: Record<string, string | number | boolean | undefined>): OtlpAttribute[] {
  const attributes: OtlpAttribute[] = [];
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined) continue;
    if (typeof value === 'string') attributes.push({ key, value: { stringValue: value } });
    else if (typeof value === 'boolean') attributes.push({ key, value: { boolValue: value } });
    else if (Number.isInteger(value)) attributes.push({ key, value: { intValue: String(value) } });
    else attributes.push({ key, value: { doubleValue: value } });
  }
  return attributes;
}

/** The body of one export request: `POST <otlp_endpoint>` with `content-type: application/json`. */
export function toExportRequest(spans: readonly OtlpSpan[], serviceName: string): unknown {
  return {
    resourceSpans: [
      {
        resource: { attributes: toAttributes({ 'service.name': serviceName }) },
        scopeSpans: [{ scope: { name: 'outlast' }, spans }],
      },
    ],
  };
}
