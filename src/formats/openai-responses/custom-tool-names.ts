const none: ReadonlySet<string> = new Set();

/**
 * Names of the custom (freeform) tools a Responses request offers, such as Codex's `apply_patch`. Another API sees
 * them as functions of one string `input`; their calls go back to the client as `custom_tool_call` items.
 */
export function customToolNames(request: Record<string, unknown>): ReadonlySet<string> {
  const tools = request.tools;
  if (!Array.isArray(tools)) return none;
  let names: Set<string> | undefined;
  for (const tool of tools) {
    if (typeof tool === 'object' && tool !== null && tool.type === 'custom' && typeof tool.name === 'string') {
      names ??= new Set();
      names.add(tool.name);
    }
  }
  return names ?? none;
}

/** The raw input of a custom tool call from the function arguments another API produced (`{"input": "..."}`). */
export function customToolInput(argumentsJson: string): string {
  try {
    const parsed: unknown = JSON.parse(argumentsJson === '' ? '{}' : argumentsJson);
    if (typeof parsed === 'object' && parsed !== null && typeof (parsed as { input?: unknown }).input === 'string') {
      return (parsed as { input: string }).input;
    }
  } catch {
    // not JSON: hand the text over as it is
  }
  return argumentsJson;
}
