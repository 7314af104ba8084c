import type { WebManifest } from './build-web-assets.ts';
import { escapeHtml } from './escape-html.ts';
import { pageStyle } from './page-style.ts';

const head = (title: string) =>
  `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)}</title>`;

/** The dashboard's HTML shell: the hashed script and stylesheet of the build, and the mount point. */
export function renderDashboardShell(manifest: WebManifest): string {
  const style = manifest.style === undefined ? '' : `<link rel="stylesheet" href="/${escapeHtml(manifest.style)}">`;
  return `${head('Outlast dashboard')}${style}<script type="module" src="/${escapeHtml(manifest.script)}"></script></head>
<body><div id="app"><p style="padding:16px">Loading the dashboard…</p></div><noscript>The dashboard needs JavaScript; the public <a href="/status">status page</a> does not.</noscript></body></html>
`;
}

/** The login form: posts the admin key once; the answer sets a session cookie holding a random id. */
export function renderLoginPage(options: { error?: string | undefined; adminOff?: boolean }): string {
  const body = options.adminOff
    ? '<p class="error" role="alert">The dashboard is off: set OUTLAST_ADMIN_KEY or server.admin_key and restart.</p>'
    : `${options.error === undefined ? '' : `<p class="error" role="alert">${escapeHtml(options.error)}</p>`}
<form method="post" action="/login" class="card">
<label for="admin-key">Admin key</label>
<input id="admin-key" name="key" type="password" autocomplete="current-password" required autofocus>
<button type="submit">Sign in</button>
</form>`;
  return `${head('Sign in – Outlast')}<style>${pageStyle}</style></head>
<body><main><h1>Outlast dashboard</h1>${body}
<p class="muted">The public <a href="/status">status page</a> needs no key.</p></main></body></html>
`;
}

/** Served when there is no build of the front end and none could be made (a production install without esbuild). */
export function renderBuildHintPage(): string {
  return `${head('Outlast dashboard')}<style>${pageStyle}</style></head>
<body><main><h1>Outlast dashboard</h1><div class="card"><p>The dashboard's front end is not built.</p>
<p>In the Outlast folder run <code>npm run build:web</code> (it needs the dev dependencies: <code>npm install</code>), then reload.</p></div>
<p class="muted">The admin API under <code>/admin/api/</code> and the public <a href="/status">status page</a> work without it.</p></main></body></html>
`;
}
