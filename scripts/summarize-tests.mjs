// Prints per-suite counts and one closing line of totals ("N passed, N failed, N skipped") from the result files
// written by scripts/test.sh: xunit TRX files, vitest's JSON report, the bench smoke result and *.checks files
// (one "passed: NAME", "failed: NAME" or "skipped: NAME (why)" line per check, as scripts/test-packages.sh writes them).
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2] ?? '.test-results';
const totals = { passed: 0, failed: 0, skipped: 0 };
const add = (suite, passed, failed, skipped) => {
  totals.passed += passed; totals.failed += failed; totals.skipped += skipped;
  console.log(`${suite}: ${passed} passed, ${failed} failed, ${skipped} skipped`);
};

const decode = text => text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');

for (const file of readdirSync(dir).filter(f => f.endsWith('.trx')).sort()) {
  const trx = readFileSync(join(dir, file), 'utf8');
  const counters = trx.match(/<Counters [^>]*>/)?.[0] ?? '';
  const read = name => Number(counters.match(new RegExp(`\\b${name}="(\\d+)"`))?.[1] ?? 0);
  add(file, read('passed'), read('failed') + read('error') + read('timeout') + read('aborted'), read('notExecuted'));
  // Name each failed test with the first line of its message, so a red run says what failed in its last lines.
  for (const result of trx.matchAll(/<UnitTestResult [^>]*outcome="(?:Failed|Error|Timeout|Aborted)"[^>]*>[\s\S]*?<\/UnitTestResult>/g)) {
    const name = result[0].match(/testName="([^"]*)"/)?.[1] ?? '?';
    const message = result[0].match(/<Message>([^\n<]*)/)?.[1] ?? '';
    console.log(`  failed: ${decode(name)} | ${decode(message).slice(0, 200)}`);
  }
}
const vitest = join(dir, 'vitest.json');
if (existsSync(vitest)) {
  const report = JSON.parse(readFileSync(vitest, 'utf8'));
  add('vitest', report.numPassedTests, report.numFailedTests, report.numPendingTests + (report.numTodoTests ?? 0));
  for (const file of report.testResults ?? []) {
    for (const test of (file.assertionResults ?? []).filter(t => t.status === 'failed')) {
      console.log(`  failed: ${test.fullName} | ${(test.failureMessages?.[0] ?? '').split('\n')[0].slice(0, 200)}`);
    }
  }
} else {
  add('vitest (no report)', 0, 1, 0);
}
const bench = join(dir, 'bench-smoke.result');
if (existsSync(bench)) {
  const ok = readFileSync(bench, 'utf8').includes('passed');
  add('bench smoke', ok ? 1 : 0, ok ? 0 : 1, 0);
}
for (const file of readdirSync(dir).filter(f => f.endsWith('.checks')).sort()) {
  const lines = readFileSync(join(dir, file), 'utf8').split('\n');
  const count = word => lines.filter(l => l.startsWith(word + ':')).length;
  add(file, count('passed'), count('failed'), count('skipped'));
  for (const line of lines.filter(l => l.startsWith('skipped:'))) console.log(`  ${line}`);
}
console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(totals.failed > 0 ? 1 : 0);
