/** The stylesheet shared by the server-rendered pages (status, login, build hint): light and dark by the system. */
export const pageStyle = `
:root{color-scheme:light dark;--bg:#f7f7f8;--fg:#16181d;--muted:#5b6270;--card:#fff;--line:#d9dce3;--ok:#1a7f37;--deg:#9a6700;--part:#bc4c00;--major:#cf222e;--none:#8c939f;--link:#0b5cd5}
@media (prefers-color-scheme:dark){:root{--bg:#0f1115;--fg:#e8eaee;--muted:#a0a7b4;--card:#181b21;--line:#2c313a;--ok:#3fb950;--deg:#d29922;--part:#f0883e;--major:#f85149;--none:#6e7681;--link:#6cb6ff}}
*{box-sizing:border-box}body{margin:0;font:15px/1.5 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;background:var(--bg);color:var(--fg)}
main{max-width:960px;margin:0 auto;padding:16px}a{color:var(--link)}h1{font-size:1.5rem;margin:.5rem 0 1rem}h2{font-size:1.15rem;margin:1.5rem 0 .5rem}
.card{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:12px 16px;margin:0 0 12px}
.banner{font-weight:600;font-size:1.1rem}.muted{color:var(--muted);font-size:.9rem}
.state-operational{color:var(--ok)}.state-degraded,.state-degraded_performance{color:var(--deg)}.state-partial_outage{color:var(--part)}.state-major_outage{color:var(--major)}.state-none{color:var(--none)}
.row{display:flex;justify-content:space-between;gap:12px;flex-wrap:wrap;align-items:baseline}
.bars{display:flex;gap:1px;height:34px;margin:8px 0 4px}.bars span{flex:1;border-radius:2px;background:var(--none)}
.bars .up{background:var(--ok)}.bars .minor{background:var(--deg)}.bars .partial{background:var(--part)}.bars .down{background:var(--major)}
ul.models{list-style:none;margin:6px 0 0;padding:0}ul.models li{display:flex;justify-content:space-between;padding:2px 0;border-top:1px dashed var(--line)}
ol.updates{margin:.5rem 0 0;padding-left:1.2rem}label{display:block;font-weight:600;margin:.5rem 0 .25rem}
input[type=password]{width:100%;max-width:420px;padding:8px;font-size:1rem;border:1px solid var(--line);border-radius:6px;background:var(--card);color:var(--fg)}
button{margin-top:10px;padding:8px 16px;font-size:1rem;border-radius:6px;border:1px solid var(--line);background:var(--link);color:#fff;cursor:pointer}
.error{color:var(--major);font-weight:600}
`;
