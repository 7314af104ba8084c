import type { ProviderConfig } from '../../config/schema.ts';

/** Default status pages per provider type: base URL and vendor component name to model globs. */
export const DEFAULT_STATUS_PAGES: Readonly<
  Record<string, { url: string; components: Readonly<Record<string, readonly string[]>> }>
> = {
  anthropic: {
    url: 'https://status.claude.com',
    // One component covers every model on the real page; claude.ai, Claude Code and the console are other products.
    components: { 'Claude API (api.anthropic.com)': ['*'] },
  },
  openai: {
    url: 'https://status.openai.com',
    components: {
      'Chat Completions': ['*'],
      Responses: ['*'],
      Embeddings: ['text-embedding-*'],
      Moderations: ['omni-moderation-*'],
    },
  },
};

/** The page to poll for one provider. */
export interface StatusPageTarget {
  /** Provider id. */
  provider: string;
  /** Base URL (documents are read under `/api/v2/`). */
  url: string;
  /** Vendor component name or id to model globs; undefined: every component covers the whole provider. */
  components?: Readonly<Record<string, readonly string[]>> | undefined;
}

/** The status page of a provider after defaults, or undefined when it has none or it is turned off (pure). */
export function resolveStatusPage(
  provider: Pick<ProviderConfig, 'id' | 'type' | 'status_page'>,
): StatusPageTarget | undefined {
  const setting = provider.status_page;
  if (setting === false) return undefined;
  const defaults = DEFAULT_STATUS_PAGES[provider.type];
  const url = setting?.url ?? defaults?.url;
  if (url === undefined) return undefined;
  // A page of the same type (the vendor's, or the simulator's copy of it) has the same components.
  return { provider: provider.id, url, components: setting?.components ?? defaults?.components };
}
