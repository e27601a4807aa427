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

/** Escaped, and single-line: a blank line would end the HTML block and let Markdown parse the rest. */
export function cell(text: string): string {
  return escapeHtml(text).replace(/\r?\n/g, '<br>');
}

export function code(text: string): string {
  return `<code>${cell(text)}</code>`;
}
