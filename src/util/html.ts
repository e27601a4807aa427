/**
 * Escaping for job summaries. `core.summary` escapes nothing, and a job name or a service message could otherwise
 * inject markup into the run page.
 */

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/**
 * Escaped, and on one line: a blank line would end the HTML block and let Markdown parse the rest. Every line or
 * paragraph break a renderer might honour (CR, LF, CRLF, VT, FF, NEL, U+2028, U+2029) becomes `<br>`; any other
 * control character becomes U+FFFD.
 */
export function cell(text: string): string {
  return escapeHtml(text)
    .replace(/\r\n|[\n\r\v\f\u0085\u2028\u2029]/g, '<br>')
    .replace(/[\u0000-\u0008\u000e-\u001f\u007f-\u009f]/g, '\ufffd');
}

export function code(text: string): string {
  return `<code>${cell(text)}</code>`;
}

/**
 * A `<pre>` block that GitHub's Markdown leaves alone: it starts a line after a blank one (an HTML block that only
 * `</pre>` ends, so blank lines inside cannot end it), and the text is escaped, so `</pre>` cannot occur in it.
 * Control characters other than tab and line feed become U+FFFD.
 */
export function pre(text: string): string {
  const body = escapeHtml(text.replace(/\r\n?/g, '\n')).replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '\ufffd');
  return `\n\n<pre>\n${body}</pre>\n\n`;
}
