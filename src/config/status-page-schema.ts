import { z } from 'zod';

/** A provider's Statuspage v2 page: where it is and how its components map to models. */
export const statusPageSchema = z
  .union([
    z.literal(false),
    z.strictObject({
      url: z
        .url({ protocol: /^https?$/, error: 'must be an http(s) URL such as https://status.claude.com' })
        .transform((url) => url.replace(/\/+$/, ''))
        .optional()
        .describe(
          'Base URL of the Statuspage v2 page (…/api/v2/*.json is read under it). Defaults: anthropic https://status.claude.com, openai https://status.openai.com; required for other types.',
        ),
      components: z
        .record(
          z.string().min(1),
          z.array(z.string().min(1).describe("A model name, a '*' glob, or '*' for the whole provider.")).min(1),
        )
        .optional()
        .describe(
          'Vendor component name (or id) to the models it covers. Default per type (anthropic: "Claude API (api.anthropic.com)" covers every model); for other pages, every component covers the whole provider.',
        ),
    }),
  ])
  .describe("The vendor's status page polled every 60 s (Statuspage v2 JSON), or false to not poll it.");

export type StatusPageConfig = z.output<typeof statusPageSchema>;
