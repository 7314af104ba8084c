import { parseArgs } from 'node:util';
import { renderPostMortem } from '../../monitor/render-post-mortem.ts';
import type { IncidentJson } from '../../server/monitor-admin-api.ts';
import { AdminRequestError, defaultAdminUrl, fetchAdmin, formatDuration, formatTable } from '../admin-client.ts';
import type { CliIo } from '../io.ts';

const USAGE = `Usage: outlast incidents [--url URL] [--json] [--open]
       outlast incidents export ID [--url URL]

Lists the incidents of a running gateway (newest first), or prints one as a Markdown
post-mortem. Reads OUTLAST_ADMIN_KEY.

Options:
  -u, --url URL   gateway base URL (default ${defaultAdminUrl})
      --json      print the raw JSON
      --open      only open incidents
  -h, --help      show this help`;

const time = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace('T', ' ');

/** `outlast incidents`: lists incidents, or exports one as a Markdown post-mortem. */
export async function run(args: string[], io: CliIo): Promise<number> {
  let values: {
    url?: string | undefined;
    json?: boolean | undefined;
    open?: boolean | undefined;
    help?: boolean | undefined;
  };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args,
      options: {
        url: { type: 'string', short: 'u' },
        json: { type: 'boolean' },
        open: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: true,
      strict: true,
    }));
  } catch (error) {
    io.stderr(`outlast incidents: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    io.stdout(USAGE);
    return 0;
  }
  const url = values.url ?? defaultAdminUrl;
  const [action, id, ...extra] = positionals;
  if ((action !== undefined && action !== 'export') || (action === 'export' && id === undefined) || extra.length > 0) {
    io.stderr(
      `outlast incidents: ${action === 'export' ? 'export needs an incident id' : `unexpected argument '${action}'`}\n\n${USAGE}`,
    );
    return 2;
  }
  try {
    if (action === 'export') {
      const { incident } = (await fetchAdmin(io, url, `/admin/api/incidents/${encodeURIComponent(id!)}`)) as {
        incident: IncidentJson;
      };
      const { incidents } = (await fetchAdmin(
        io,
        url,
        `/admin/api/incidents?provider=${encodeURIComponent(incident.provider)}`,
      )) as { incidents: IncidentJson[] };
      io.stdout(
        renderPostMortem(
          incident,
          incidents.filter((entry) => entry.parent_id === incident.id),
        ),
      );
      return 0;
    }
    const { incidents } = (await fetchAdmin(io, url, `/admin/api/incidents${values.open ? '?status=open' : ''}`)) as {
      incidents: IncidentJson[];
    };
    if (values.json) {
      io.stdout(JSON.stringify({ incidents }, null, 2));
      return 0;
    }
    const parents = incidents.filter((incident) => incident.parent_id === undefined);
    if (parents.length === 0) {
      io.stdout('No incidents.');
      return 0;
    }
    const rows = parents.map((incident) => [
      incident.id,
      incident.provider,
      incidents
        .filter((child) => child.parent_id === incident.id)
        .map((child) => child.model)
        .join(',') || '-',
      incident.status === 'open' ? `open (${incident.public_status})` : 'resolved',
      incident.severity,
      time(incident.opened_at),
      incident.resolved_at === undefined ? '-' : formatDuration(incident.resolved_at - incident.opened_at),
      incident.vendor_first_seen_at === undefined ? 'vendor silent' : formatDuration(incident.detection_lead_ms),
    ]);
    io.stdout(formatTable(['ID', 'PROVIDER', 'MODELS', 'STATUS', 'SEVERITY', 'OPENED (UTC)', 'LASTED', 'LEAD'], rows));
    return 0;
  } catch (error) {
    if (!(error instanceof AdminRequestError)) throw error;
    io.stderr(`outlast incidents: ${error.message}`);
    return 1;
  }
}
