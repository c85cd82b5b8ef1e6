// Where a hot loop in a Chromium page spends its time: a V8 sampling CPU profile (Chrome DevTools Protocol) of one
// run, as self time per function, frames of a minified build mapped back to their source through its source map.
// The sampler itself slows the loop down a little; the shares are what matters, the µs are the shares of the
// profiled (slower) wall time.
import { readFileSync } from 'node:fs';

/** A function mapping (url, line, column) of a frame to its source, or undefined; needs @jridgewell/trace-mapping. */
async function sourceMapper(maps) {
  const tm = await import('@jridgewell/trace-mapping').catch(() => undefined);
  if (!tm) return () => undefined;
  const loaded = Object.entries(maps).map(([suffix, file]) => [suffix, new tm.TraceMap(readFileSync(file, 'utf8'))]);
  return (url, line, column) => {
    const map = loaded.find(([suffix]) => url.endsWith(suffix))?.[1];
    const pos = map && tm.originalPositionFor(map, { line: line + 1, column });
    return pos?.source ? `${pos.name ?? '(anonymous)'} ${pos.source.replace(/^(\.\.\/)+/, '')}:${pos.line}` : undefined;
  };
}

/** A readable name of a profile frame: native functions, V8's own buckets, or source:line. */
function frameName(frame, origin, mapped) {
  const { functionName, url, lineNumber, columnNumber } = frame;
  if (!url) return functionName.startsWith('(') ? functionName : `${functionName} (native)`;
  return mapped(url, lineNumber, columnNumber) ?? `${functionName || '(anonymous)'} ${url.replace(origin, '')}:${lineNumber + 1}`;
}

/**
 * Profiles `run` (which makes `calls` calls in the page) and returns the `top` functions by self time:
 * [[name, share of samples, µs per call]], plus the profiled wall time per call in µs.
 * @param maps - { urlSuffix: path of a source map } for minified scripts, e.g. { '/restdb-client.js': '.../x.js.map' }
 */
export async function profileLoop(page, run, { calls, maps = {}, top = 12, intervalUs = 50 }) {
  const mapped = await sourceMapper(maps);
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: intervalUs });
    await cdp.send('Profiler.start');
    await run();
    const { profile } = await cdp.send('Profiler.stop');
    const perCallUs = (profile.endTime - profile.startTime) / calls;
    const hits = new Map();
    for (const id of profile.samples) hits.set(id, (hits.get(id) ?? 0) + 1);
    const self = new Map();
    const origin = new URL(page.url()).origin;
    for (const node of profile.nodes) {
      const n = hits.get(node.id);
      if (!n) continue;
      const name = frameName(node.callFrame, origin, mapped);
      self.set(name, (self.get(name) ?? 0) + n);
    }
    const total = profile.samples.length;
    const rows = [...self]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, n]) => [name, n / total, (n / total) * perCallUs]);
    return { rows, perCallUs };
  } finally {
    await cdp.detach();
  }
}
