import { postJson } from './api.js';
import { badge, meanings } from './words.js';

const kinds = { to: 'To', cc: 'Cc', bcc: 'Bcc' };
let generation = 0;

// Shows the id and each recipient, then polls /status until every recipient is sent or failed.
export function trackRecipients(id, recipients, onStory) {
  const current = ++generation;
  const panel = document.getElementById('sent');
  const progress = document.getElementById('sent-progress');
  const body = document.querySelector('#recipients tbody');
  document.getElementById('sent-id').textContent = id;
  document.getElementById('copy-note').textContent = '';
  body.replaceChildren();

  const rows = recipients.map(recipient => {
    const row = document.createElement('tr');
    const address = document.createElement('td');
    address.className = 'address';
    address.textContent = recipient.mailbox;
    const kind = document.createElement('td');
    kind.textContent = kinds[recipient.kind];
    const status = document.createElement('td');
    status.className = 'status';
    const story = document.createElement('td');
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'link';
    button.textContent = 'Story';
    button.setAttribute('aria-label', `Story for ${recipient.mailbox}`);
    button.addEventListener('click', () => onStory(id, recipient.mailbox));
    story.append(button);
    row.append(address, kind, status, story);
    body.append(row);
    const state = { ...recipient, status: 'accepted', cell: status };
    render(state);
    return state;
  });

  panel.hidden = false;
  document.getElementById('sent-title').focus();
  report(rows, progress);
  poll(id, rows, progress, current, 300);
}

async function poll(id, rows, progress, current, delay) {
  if (current !== generation) return;
  const waiting = rows.filter(r => r.status === 'accepted');
  if (waiting.length === 0) return;
  let changed = false;
  let failedToReach = false;
  await Promise.all(waiting.map(async row => {
    try {
      const response = await postJson('/status', { id, email: row.mailbox });
      const status = response.ok ? response.data?.status : response.status === 404 ? 'unknown' : null;
      if (status && status !== row.status) {
        row.status = status;
        render(row);
        changed = true;
      }
    } catch {
      failedToReach = true;
    }
  }));
  if (current !== generation) return;
  if (changed || failedToReach) report(rows, progress, failedToReach);
  setTimeout(() => poll(id, rows, progress, current, Math.min(delay * 1.5, 5000)), delay);
}

function render(row) {
  const label = badge(row.status === 'unknown' ? 'failed' : row.status);
  if (row.status === 'unknown') label.textContent = 'not found';
  label.title = meanings[row.status] ?? 'Mailr no longer knows this message (it may have expired).';
  row.cell.replaceChildren(label);
}

function report(rows, progress, failedToReach = false) {
  const count = status => rows.filter(r => r.status === status).length;
  const waiting = count('accepted');
  const summary = `${count('sent')} sent, ${count('failed')} failed`;
  if (failedToReach) {
    progress.textContent = `Mailr could not be reached; still trying. ${summary}, ${waiting} waiting.`;
  } else if (waiting > 0) {
    progress.textContent = `Sending: ${summary}, ${waiting} waiting.`;
  } else {
    progress.textContent = `Done: every recipient is finished. ${summary}.`;
  }
}

export function setUpCopyButton() {
  const button = document.getElementById('copy-id');
  const note = document.getElementById('copy-note');
  button.addEventListener('click', async () => {
    const id = document.getElementById('sent-id').textContent;
    try {
      await navigator.clipboard.writeText(id);
      note.textContent = 'Copied';
    } catch {
      const range = document.createRange();
      range.selectNodeContents(document.getElementById('sent-id'));
      getSelection().removeAllRanges();
      getSelection().addRange(range);
      note.textContent = 'Selected: press Ctrl+C (or ⌘C) to copy';
    }
  });
}
