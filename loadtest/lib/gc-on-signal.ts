/**
 * Preloaded (`--import`) into a server the benchmark starts itself, with `--expose-gc`: SIGUSR2
 * runs a full collection, so the next /metrics reports exactly what is alive
 * (`nodejs_heap_live_bytes`) instead of what was alive at the last collection V8 chose to run.
 */
process.on('SIGUSR2', () => (globalThis as { gc?: () => void }).gc?.());
