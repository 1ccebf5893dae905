// Managed heap per Blazor circuit: N Chromium pages of one page on a running server, the heap read
// through GET /diagnostics/memory (a forced full GC; the server needs Consult__Diagnostics__Enabled=true)
// before and after. Uses the Playwright package the E2E build brings and Debian's chromium.
//
//   ROOM=<roomId> N=20 node tests/Consult.Load/scripts/boards.js            # the board /rooms/{id}, as road-admin
//   PATH_=/track/<token> N=20 node tests/Consult.Load/scripts/boards.js     # any other page
// Settings: BASE (http://127.0.0.1:5080), USER_NAME (road-admin), ROOT (the repository), HOLD (ms to keep the pages open),
// ANONYMOUS=1 (no sign-in: the applicant's view), WARM=1 (one page of the same path opened before the baseline, so
// what the first such page fills once per process, type metadata and caches, is not charged to the N circuits).
// IDLE=<seconds>: also the server's cost of the open pages at rest (allocation and processor time over that
// many seconds, read without a collection, less the same reading before the pages opened), per page.
// Without WARM the first page's one-off costs are spread over N (≈ +100 KB per circuit at N=20, half at N=40).
// Closed pages leave their circuits retained for Blazor's DisconnectedCircuitRetentionPeriod (3 min):
// restart the server between runs.
const root = process.env.ROOT || require('path').resolve(__dirname, '../../..');
const { chromium } = require(root + '/tests/Consult.E2E.Tests/bin/Debug/net10.0/.playwright/package');
const base = process.env.BASE || 'http://127.0.0.1:5080';
const mem = async () => (await (await fetch(base + '/diagnostics/memory')).json()).heapBytes;
const counters = async () => { const d = await (await fetch(base + '/diagnostics/memory?collect=false')).json(); return { bytes: d.totalAllocatedBytes, cpu: d.cpuMilliseconds, at: Date.now() }; };
const idle = +(process.env.IDLE || 0);
// Allocation (bytes/s) and processor time (ms/s) over the idle window.
const rest = async (page) => {
  const a = await counters(); await page.waitForTimeout(idle * 1000); const b = await counters();
  const s = (b.at - a.at) / 1000;
  return { bytes: (b.bytes - a.bytes) / s, cpu: (b.cpu - a.cpu) / s };
};
(async () => {
  const n = +(process.env.N || 20);
  const path = process.env.PATH_ || '/rooms/' + process.env.ROOM;
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium' });
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const page = await context.newPage();
  if (!process.env.ANONYMOUS) {
    await page.goto(base + '/login');
    await page.waitForTimeout(2000);
    await page.fill('#userName', process.env.USER_NAME || 'road-admin');
    await page.fill('input[type=password]', process.env.PASSWORD || 'consult-demo');
    await page.click('[data-testid=login-submit]');
    await page.waitForTimeout(2000);
  }
  await page.goto(base + (process.env.WARM ? path : '/'));   // one circuit at rest before the baseline
  await page.waitForTimeout(3000);
  const before = await mem();
  const quiet = idle ? await rest(page) : null;
  const pages = [];
  for (let i = 0; i < n; i++) { const p = await context.newPage(); await p.goto(base + path); pages.push(p); }
  await pages[n - 1].waitForTimeout(8000);
  const after = await mem();
  console.log(`${n} pages of ${path}: heap before ${(before / 1048576).toFixed(1)} MB after ${(after / 1048576).toFixed(1)} MB → ${((after - before) / n / 1024).toFixed(0)} KB per circuit`);
  if (idle) {
    const busy = await rest(pages[n - 1]);
    console.log(`at rest over ${idle} s: ${((busy.bytes - quiet.bytes) / n / 1024).toFixed(1)} KB/s allocated and ${((busy.cpu - quiet.cpu) / n).toFixed(2)} ms/s of processor per page (server without the pages: ${(quiet.bytes / 1024).toFixed(0)} KB/s, ${quiet.cpu.toFixed(1)} ms/s)`);
  }
  if (process.env.HOLD) { console.log('holding'); await new Promise(r => setTimeout(r, +process.env.HOLD)); }
  await browser.close();
})();
