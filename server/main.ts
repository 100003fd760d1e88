/**
 * `npm start`: read the configuration, put the process under its memory budget (MEMORY_MB: node
 * is started again with the flags, memory-budget.ts), then serve (serve.ts). Any start-up failure
 * is one clear line and a non-zero exit.
 */
import { ConfigError, loadConfig } from './config.js';
import { EMBEDDED_MEMORY_MB, heapLimitMb, memoryPlan, relaunchUnder, runsUnder } from './memory-budget.js';

const say = (message: string) => process.stderr.write(`[prozore-misto] ${message}\n`);

async function main(): Promise<void> {
  const config = loadConfig();
  const plan = memoryPlan(config.MEMORY_MB, config.TILE_MEMORY_MB);
  if (plan && !runsUnder(plan)) {
    // V8's heap limit and glibc's arenas are set when node starts: start again with them
    if (process.env.PM_UNDER_MEMORY_PLAN) say(`MEMORY_MB: node did not take --max-old-space-size=${plan.heapMb}; running without the budget.`);
    else await relaunchUnder(plan);
  }
  if (plan) {
    say(`Memory budget ${plan.budgetMb} MB: V8 heap limit ${heapLimitMb().toFixed(0)} MB, tile indexes ${plan.tileMb} MB, ` +
      `uploads to import at most ${(plan.importBytes / 1024 / 1024).toFixed(0)} MB.`);
    // PGlite's WebAssembly memory is in this process and only grows: ~1 GB after the demo's start
    if (!config.DATABASE_URL && plan.budgetMb < EMBEDDED_MEMORY_MB) {
      say(`MEMORY_MB=${plan.budgetMb} is less than the embedded database alone holds (~${EMBEDDED_MEMORY_MB} MB): give at least ${EMBEDDED_MEMORY_MB}, or use PostgreSQL (DATABASE_URL).`);
    }
  }
  const { serve } = await import('./serve.js');
  await serve(config, say);
}

main().catch(async (error: Error) => {
  const { KNOWN_FAILURES } = await import('./serve.js');
  const known = error instanceof ConfigError || KNOWN_FAILURES.some((k) => error instanceof k);
  say(known ? error.message : `Start-up failed: ${error.message}`);
  process.exit(1);
});
