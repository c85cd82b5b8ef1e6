const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML element content and double-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ENTITIES[ch] ?? ch);
}

/** JSON that is safe inside an inline `<script>` (no `</script>`, no `<!--`, no JS line separators). */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

const STYLE = `
  :root { color-scheme: light dark; font-family: system-ui, sans-serif; }
  body { margin: 0; min-height: 100vh; display: grid; place-items: center; background: #f4f4f7; color: #1f2330; }
  main { width: min(22rem, 92vw); background: #fff; padding: 2rem; border-radius: 12px; box-shadow: 0 6px 24px #0002; }
  h1 { font-size: 1.35rem; margin: 0 0 .25rem; }
  p { margin: .25rem 0 1rem; color: #555b6e; font-size: .92rem; }
  label { display: block; font-weight: 600; font-size: .9rem; margin: .9rem 0 .3rem; }
  input { box-sizing: border-box; width: 100%; padding: .6rem .7rem; border: 1px solid #c5c8d4; border-radius: 8px; font: inherit; }
  input:focus { outline: 2px solid #4f46e5; border-color: #4f46e5; }
  button { margin-top: 1.3rem; width: 100%; padding: .7rem; border: 0; border-radius: 8px; background: #4f46e5; color: #fff; font: inherit; font-weight: 600; cursor: pointer; }
  [role=alert] { background: #fde8e8; color: #9b1c1c; padding: .5rem .7rem; border-radius: 8px; font-size: .9rem; }
  .switch { text-align: center; margin-top: 1rem; }
  small { display: block; margin-top: 1.2rem; color: #80859a; font-size: .78rem; text-align: center; }
  @media (prefers-color-scheme: dark) { body { background: #15171e; color: #e6e7ec; } main { background: #1f2230; } p { color: #a7abbb; } input { background: #15171e; color: inherit; border-color: #3a3f52; } }
`;

/** A complete, self-contained HTML document (inline style only, no external resources). */
export function htmlDocument(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
${body}
</body>
</html>`;
}
