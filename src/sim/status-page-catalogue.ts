/** A component of a simulated status page: a leaf, or a group of leaves. */
export interface CatalogueComponent {
  /** The vendor's component id. */
  id: string;
  /** Display name (unique within its group). */
  name: string;
  /** Group name, for a leaf inside a group. */
  group?: string;
  /** True for a group row. */
  isGroup?: boolean;
}

/** A simulated vendor page: its identity and components, shaped on status.claude.com and status.openai.com. */
export interface StatusPageCatalogue {
  /** Page id. */
  id: string;
  /** Page name. */
  name: string;
  /** Public URL. */
  url: string;
  /** `page.time_zone`. */
  timeZone: string;
  /** Components in display order (groups before their leaves). */
  components: readonly CatalogueComponent[];
}

/**
 * The two pages the simulator serves. Anthropic ids of claude.ai and the Claude API are the public ones; the model
 * group lets drills post model-specific incidents (the real page ties model incidents to no component or to the API).
 */
export const statusPageCatalogues: Readonly<Record<'anthropic' | 'openai', StatusPageCatalogue>> = {
  anthropic: {
    id: 'tymt9n04zgry',
    name: 'Claude',
    url: 'https://status.claude.com',
    timeZone: 'Etc/UTC',
    components: [
      { id: 'rwppv331jlwc', name: 'claude.ai' },
      { id: 'yk3bd6q1ntxg', name: 'platform.claude.com (formerly console.anthropic.com)' },
      { id: 'k8w3r06qmzrp', name: 'Claude API (api.anthropic.com)' },
      { id: 'nq2h4m8c7vfa', name: 'Claude Code' },
      { id: 'b5x0p3l9wzre', name: 'Claude for Government' },
      { id: 'g7m1c4t2hd0s', name: 'Claude models', isGroup: true },
      { id: 'c0p5u8s1v6ka', name: 'Claude Opus 4.6', group: 'Claude models' },
      { id: 'd3s9n2e6t4mb', name: 'Claude Sonnet 4.6', group: 'Claude models' },
      { id: 'h8k4u1m7z2qc', name: 'Claude Haiku 4.5', group: 'Claude models' },
    ],
  },
  openai: {
    id: '01JMXBRMFE6N2NNT7DG6XZQ6PA',
    name: 'OpenAI',
    url: 'https://status.openai.com',
    timeZone: 'Etc/UTC',
    components: [
      { id: '01K5H8S53SY1KMS4GQMNMQM1K5', name: 'APIs', isGroup: true },
      { id: '01JMXBRMFE6N2NNT7DG6XZQ6PW', name: 'Chat Completions', group: 'APIs' },
      { id: '01JMXBRMFEQ5DZBQ4XK4M3V0B1', name: 'Responses', group: 'APIs' },
      { id: '01JMXBRMFF1K8HS0Z6T1W7C3D2', name: 'Embeddings', group: 'APIs' },
      { id: '01JMXBRMFF5R2M9X7Q0N4B8E3F', name: 'Batch', group: 'APIs' },
      { id: '01JMXBRMFF9T6P3V1J5C7H2G4A', name: 'Files', group: 'APIs' },
      { id: '01JMXBRMFFD0W4Y8K2M6R1S5BB', name: 'Fine-tuning', group: 'APIs' },
      { id: '01JMXBRMFFH3Z7A1N5Q9T2V6CC', name: 'Moderations', group: 'APIs' },
      { id: '01JMXBRMFFM6B0C4P8S3W7X1DD', name: 'Realtime', group: 'APIs' },
      { id: '01JMXBRMFFR9D3E7R1V5Y0Z4EE', name: 'Images', group: 'APIs' },
      { id: '01K5H8S53SZ4F6G8H0J2K4M6FF', name: 'ChatGPT', isGroup: true },
      { id: '01JMXBRMFFW2F6G0T4X8A3B7GG', name: 'Login', group: 'ChatGPT' },
      { id: '01JMXBRMFG05H9J3V7Z1C6D0HH', name: 'Conversations', group: 'ChatGPT' },
      { id: '01JMXBRMFG48K2M6X0B4E9F3JJ', name: 'Codex' },
      { id: '01JMXBRMFG8BN5P9Z3D7G2H6KK', name: 'Sora' },
    ],
  },
};
