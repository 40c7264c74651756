// Preloaded into each plugin launch by `BENCH_PROVIDER_LAUNCH_CPU=1 npm run bench:provider` (through
// NODE_OPTIONS=--require): appends the launch's own CPU (user + system, ms) to the file named by
// TESSERA_BENCH_LAUNCH_CPU_FILE when the process exits, one line per launch, in launch order.
'use strict';
process.on('exit', () => {
  const { user, system } = process.cpuUsage();
  require('node:fs').appendFileSync(process.env.TESSERA_BENCH_LAUNCH_CPU_FILE, `${(user + system) / 1000}\n`);
});
