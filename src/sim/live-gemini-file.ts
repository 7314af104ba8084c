import type { GeminiFile, SimResources } from './sim-resources.ts';

/**
 * The owner's Gemini file with that id, or undefined when there is none, it is another owner's, or it has expired
 * (48 hours after its creation, on the simulator's clock): an expired file is removed, as the API deletes it.
 */
export function liveGeminiFile(
  resources: SimResources,
  owner: string,
  id: string,
  nowMs: number,
): GeminiFile | undefined {
  const file = resources.geminiFiles.get(owner, id);
  if (file === undefined || file.expiresAtMs > nowMs) return file;
  resources.geminiFiles.remove(owner, id);
  return undefined;
}
