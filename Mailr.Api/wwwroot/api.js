// Calls the Mailr API on this same origin. Never throws for an HTTP error; a network failure throws.
export async function postJson(path, body) {
  const response = await fetch(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  let data = null;
  try {
    data = await response.json();
  } catch {
    data = null;
  }
  return { ok: response.ok, status: response.status, data };
}

export const unreachable = 'Mailr could not be reached. Check your connection and try again; nothing you typed is lost.';

// The field an API error message is about, when it names one ("The field 'subject' ...").
export function fieldOf(message) {
  const match = /field '(\w+)'/.exec(message ?? '');
  return match ? match[1] : null;
}
