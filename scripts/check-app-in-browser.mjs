// Drives an app created by `dotnet new liveview` in Debian's chromium (headless, no downloaded browser): each page must
// join live, pass axe-core's WCAG 2.1 AA rules, answer clicks and a form submit with server-confirmed patches, and keep
// keyboard focus where the person left it. Usage: node scripts/check-app-in-browser.mjs BASE_URL CHECKS_FILE
// Appends one "passed: NAME" or "failed: NAME" line per check to CHECKS_FILE; exits 1 when any failed.
import { appendFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const [base, checksFile] = process.argv.slice(2);
if (!base || !checksFile) { console.error('usage: check-app-in-browser.mjs BASE_URL CHECKS_FILE'); process.exit(2); }
const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const LATENCY_MS = 150;
let failed = 0;

async function check(name, body) {
  try {
    await body();
    console.log(`  ok   ${name}`);
    appendFileSync(checksFile, `passed: ${name}\n`);
  } catch (error) {
    failed++;
    console.log(`  FAIL ${name}\n       ${String(error?.message ?? error).split('\n').join('\n       ')}`);
    appendFileSync(checksFile, `failed: ${name}\n`);
  }
}

const joined = () => {
  const lv = window.LiveView;
  return !!lv && lv.views.length > 0 && lv.views.every(v => v.connected && v.id && !v.root.classList.contains('lv-disconnected'));
};
// Nothing optimistic still waiting for the server.
const settled = () => document.querySelectorAll('.optimistic-pending').length === 0;

async function open(page, path) {
  await page.goto(base + path);
  await page.waitForFunction(joined, null, { timeout: 15000, polling: 25 });
}

async function axe(page) {
  await page.addScriptTag({ path: axePath });
  const result = await page.evaluate(() => window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }));
  const violations = result.violations.map(v => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map(n => n.target.join(' ')).join(', ')}`);
  if (violations.length) throw new Error(violations.join('\n'));
}

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu'] });
try {
  const page = await browser.newPage();
  // Every hub frame from the server arrives LATENCY_MS late, as over a real network, so in-flight states (pending
  // optimistic changes, a disabled submitter) last long enough for a person, and for these checks, to meet them.
  await page.routeWebSocket(/\/_lv\/hub/, ws => {
    const server = ws.connectToServer();
    ws.onMessage(message => server.send(message));
    server.onMessage(message => setTimeout(() => ws.send(message), LATENCY_MS));
  });
  const errors = [];
  page.on('pageerror', e => errors.push(e.message));

  await check('browser: /counter joins live and passes axe-core WCAG 2.1 AA', async () => {
    await open(page, '/counter');
    await axe(page);
  });
  await check('browser: clicking + twice shows 2, confirmed by the server', async () => {
    await page.click('#increment');
    await page.click('#increment');
    await page.waitForFunction(() => document.querySelector('#count')?.textContent === '2' && document.querySelectorAll('.optimistic-pending').length === 0, null, { timeout: 10000 });
  });
  await check('browser: pressing Space on the focused + keeps focus on it', async () => {
    // Records whether the client disabled the button while its optimistic event was in flight: a disabled element
    // loses focus (HTML's focus fixup), the likely cause when this fails.
    await page.evaluate(() => {
      const button = document.querySelector('#increment');
      window.__lvDisabledSeen = false;
      new MutationObserver(() => { if (button.disabled) window.__lvDisabledSeen = true; }).observe(button, { attributes: true, attributeFilter: ['disabled'] });
    });
    await page.focus('#increment');
    await page.keyboard.press('Space');
    await page.waitForFunction(() => document.querySelector('#count')?.textContent === '3' && document.querySelectorAll('.optimistic-pending').length === 0, null, { timeout: 10000 });
    const state = await page.evaluate(() => ({ focused: document.activeElement?.id || document.activeElement?.nodeName, disabledSeen: window.__lvDisabledSeen }));
    if (state.focused === 'increment') return;
    throw new Error(`focus is on '${state.focused}', not on #increment` +
      (state.disabledSeen ? ": the client disabled the pressed button while its event was in flight (client/src/predict.ts)" : ''));
  });
  await check('browser: decrementing below zero is refused and reverted', async () => {
    for (let i = 0; i < 4; i++) await page.click('#decrement');
    await page.waitForFunction(settled, null, { timeout: 10000 });
    const count = await page.textContent('#count');
    if (count !== '0') throw new Error(`count is '${count}' after four decrements from 3, expected 0`);
  });

  await check('browser: /todos joins live and passes axe-core WCAG 2.1 AA', async () => {
    await open(page, '/todos');
    await axe(page);
  });
  await check('browser: a to-do added with the keyboard appears, the input is cleared and keeps focus', async () => {
    const title = `Buy milk ${Date.now()}`;
    await page.focus('#new-title');
    await page.keyboard.type(title);
    await page.keyboard.press('Enter');
    await page.waitForFunction(t => [...document.querySelectorAll('#todo-list li span')].some(s => s.textContent === t), title, { timeout: 10000 });
    const state = await page.evaluate(() => ({ focused: document.activeElement?.id, value: document.querySelector('#new-title').value }));
    if (state.focused !== 'new-title') throw new Error(`focus is on '${state.focused}', not on #new-title`);
    if (state.value !== '') throw new Error(`the input still holds '${state.value}'`);
  });
  await check('browser: checking a to-do marks it done, and the page still passes axe-core', async () => {
    await page.check('#todo-list li:last-child input[type=checkbox]');
    await page.waitForFunction(() => document.querySelector('#todo-list li:last-child')?.classList.contains('done') && document.querySelectorAll('.optimistic-pending').length === 0, null, { timeout: 10000 });
    await axe(page);
  });
  await check('browser: no script errors on the pages', async () => {
    if (errors.length) throw new Error(errors.join('\n'));
  });
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);
