// Browser tests of the web pages: the real server (in this process, on the
// test FerretDB), Debian's Chromium driven by playwright-core (a test tool's
// own browser download cannot work here), and axe for WCAG 2.2 AA. One
// browser per test file: launch it in `before`, close it in `after`.
import { expect } from 'chai';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { startTestServer, type TestServer, type TestServerOptions } from '../support/test-server.ts';
import { PASSWORD } from '../support/fixtures.ts';

export { PASSWORD };

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** WCAG 2.0, 2.1 and 2.2, levels A and AA. */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

const withoutJavaScript = new WeakSet<Page>();

/** A fresh browser context (cookies of its own) and a page in it. */
export async function newPage(browser: Browser, server: TestServer, options: BrowserContextOptions = {}): Promise<Page> {
  const context = await browser.newContext({ baseURL: server.url, ...options });
  const page = await context.newPage();
  if (options.javaScriptEnabled === false) withoutJavaScript.add(page);
  return page;
}

/**
 * Asserts axe finds no WCAG 2.2 A/AA violation on the page as it is now, listing any it finds.
 * axe is a script, so for a page with JavaScript off it checks the same HTML, at the same URL
 * with the same styles, in a JavaScript-enabled page of its own whose page scripts are not run.
 */
export async function expectNoAxeViolations(page: Page): Promise<void> {
  if (withoutJavaScript.has(page)) {
    const html = (await page.content()).replace(/<script\b[^>]*>[\s\S]*?<\/script>/gi, '');
    const mirror = await page.context().browser()!.newContext();
    try {
      const copy = await mirror.newPage();
      await copy.route('**/*', (route) =>
        route.request().url() === page.url() ? route.fulfill({ status: 200, contentType: 'text/html', body: html }) : route.request().resourceType() === 'script' ? route.abort() : route.continue(),
      );
      await copy.goto(page.url());
      await axeClean(copy, `${page.url()} (JavaScript off)`);
    } finally {
      await mirror.close();
    }
    return;
  }
  await axeClean(page, page.url());
}

async function axeClean(page: Page, where: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
  const found = results.violations.map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(results.passes.length, `axe ran no check on ${where}`).to.be.greaterThan(0);
  expect(found, `axe violations on ${where}`).to.deep.equal([]);
}

/** Fill in the sign-in form and send it (mouse-free: the same as a user pressing the button). */
export async function signIn(page: Page, email: string, password = PASSWORD): Promise<void> {
  if (!page.url().includes('/sign-in')) await page.goto('/sign-in');
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForLoadState('domcontentloaded');
}

/** Press a form's button and wait for the page it leads to. */
export async function submitForm(page: Page, button: string): Promise<void> {
  await Promise.all([page.waitForLoadState('domcontentloaded'), page.getByRole('button', { name: button }).click()]);
  await page.waitForLoadState('domcontentloaded');
}

/** The texts of the error summary's list (empty when there is none). */
export async function errorSummary(page: Page): Promise<string[]> {
  return page.locator('.govuk-error-summary__list li').allInnerTexts();
}

export async function startWebServer(label: string, opts: Omit<TestServerOptions, 'label'> = {}): Promise<TestServer> {
  return startTestServer({ label, ...opts });
}

// ---- HTTP without a browser: a cookie jar and the forms' CSRF token (scripts/web/http-client.ts) ----
export { httpClient, type HttpClient } from '../../scripts/web/http-client.ts';
