// A screenshot of each main page, as each demo role sees it, in Debian's
// Chromium (playwright-core), into server/web/screenshots/ (the README shows
// three). Pages are found as the page benchmark finds them.
//
//   npx tsx scripts/screenshots.ts
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { oneOfEachRole, pagesOf, signedIn, startDemoService } from './web/demo-service.ts';

const OUT = path.resolve('server/web/screenshots');
// As the browser tests start it (test/browser/support.ts): no background networking on a closed network.
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const service = await startDemoService();
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ARGS });
try {
  await mkdir(OUT, { recursive: true });
  for (const user of oneOfEachRole(service.users)) {
    const client = await signedIn(service.url, user);
    const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
    const { hostname } = new URL(service.url);
    await context.addCookies([...client.cookies].map(([name, value]) => ({ name, value, domain: hostname, path: '/' })));
    const page = await context.newPage();
    for (const p of await pagesOf(client)) {
      await page.goto(`${service.url}${p}`);
      const name = `${user.role.toLowerCase().replace(/_/g, '-')}${p === '/' ? '-home' : p.replace(/\/[0-9a-f]{24}/g, '/one').replace(/\//g, '-')}.png`;
      await page.screenshot({ path: path.join(OUT, name), fullPage: true });
      console.log(`  ${name}`);
    }
    await context.close();
  }
} finally {
  await browser.close();
  await service.stop();
}
