/**
 * The plugin process runs without V8's optimizing compilers (TurboFan, and Maglev on the lines that
 * have it on) once its code is loaded: its code stays in the interpreter and Sparkplug, V8's baseline
 * compiler, which cost nothing to reach.
 *
 * Why: terraform starts the plugin 3-5 times per command and each start does well under a second of
 * work. The functions of a plan's or an apply's RPCs (HTTP/2, protobuf, msgpack, the API client) grow
 * hot enough to be optimized in that time, and the optimizing compilers then spend CPU, on V8's
 * background threads, that the process does not live long enough to earn back, on a machine where
 * terraform and often the API run too. One 50-organization apply, interleaved, plugin CPU of its four
 * launches (medians of 16 / 14 rounds): Node 20 480 -> 446 ms, Node 24 468 -> 427 ms. A long apply
 * is bound by the API's latency, not by this process's CPU.
 *
 * Set at run time, not on the command line: V8 accepts a code cache (Node's own for its built-in
 * modules, and the plugin's bundles') only under the flags it was made with, so the flags change
 * once those are loaded (a built-in module loaded later compiles from source; a plan or an apply
 * loads none).
 */
export function stopOptimizingCompilers(): void {
  const v8 = process.getBuiltinModule('node:v8') as typeof import('node:v8');
  v8.setFlagsFromString('--no-opt');
  v8.setFlagsFromString('--no-maglev');
}
