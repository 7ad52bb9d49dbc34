import { fieldOf, postJson, unreachable } from './api.js';
import { badge, deliveryMeanings, meanings, sentence, showFieldError, timeElement } from './words.js';

const notFound = 'No message with this id was sent to this recipient. The id may be mistyped, or the record may have expired (records last 24 hours).';

export function setUpLookupForm() {
  const form = document.getElementById('lookup-form');
  const id = document.getElementById('lookup-id');
  const email = document.getElementById('lookup-email');
  for (const input of [id, email]) input.addEventListener('input', () => showFieldError(input, null));

  form.addEventListener('submit', event => {
    event.preventDefault();
    const kind = event.submitter?.value === 'story' ? 'story' : 'status';
    lookUp(kind, id, email);
  });

  // Shows a recipient's story from elsewhere on the page (the Story buttons after sending).
  return (messageId, mailbox) => {
    id.value = messageId;
    email.value = mailbox;
    lookUp('story', id, email).then(() => document.getElementById('lookup-result').focus());
  };
}

async function lookUp(kind, idInput, emailInput) {
  const result = document.getElementById('lookup-result');
  const inputs = { id: idInput, email: emailInput };
  for (const input of Object.values(inputs)) showFieldError(input, null);
  const body = { id: idInput.value.trim(), email: emailInput.value.trim() };
  const missing = Object.entries({ id: 'Enter the message id.', email: "Enter one recipient's address." }).filter(([name]) => !body[name]);
  if (missing.length > 0) {
    for (const [name, message] of missing) showFieldError(inputs[name], message);
    inputs[missing[0][0]].focus();
    return;
  }

  result.replaceChildren(paragraph('Looking up…'));
  let response;
  try {
    response = await postJson(`/${kind}`, body);
  } catch {
    result.replaceChildren(paragraph(unreachable, 'error'));
    return;
  }

  if (response.ok) {
    result.replaceChildren(kind === 'story' ? story(response.data) : status(response.data.status, response.data.delivery));
    return;
  }

  const message = response.status === 404 ? notFound : response.data?.message ?? `Mailr answered ${response.status}.`;
  const field = fieldOf(message);
  if (field && inputs[field]) {
    showFieldError(inputs[field], message);
    result.replaceChildren(paragraph(`Nothing to show: ${message}`, 'error'));
  } else {
    result.replaceChildren(paragraph(message, 'error'));
  }
}

function status(value, delivery) {
  const block = document.createElement('div');
  block.className = 'answer';
  const line = document.createElement('p');
  line.className = 'answer-line';
  line.append('Status: ', badge(value));
  block.append(line, paragraph(meanings[value] ?? ''));
  if (delivery) {
    const reported = document.createElement('p');
    reported.className = 'answer-line';
    reported.append('Delivery: ', badge(delivery));
    block.append(reported, paragraph(deliveryMeanings[delivery] ?? ''));
  }
  return block;
}

function story(data) {
  const block = document.createElement('div');
  block.className = 'answer';
  const title = document.createElement('h3');
  title.append('Story: ', badge(data.status));
  const steps = document.createElement('ol');
  steps.className = 'story';
  steps.setAttribute('aria-label', 'What happened, in order');
  steps.append(step(data.accepted_at, 'Accepted', 'Mailr recorded the message.'));
  const timeline = [
    ...data.attempts.map((attempt, index) => ({ at: attempt.at, item: step(attempt.at, `Attempt ${index + 1}`, sentence(attempt.description), attempt.outcome) })),
    ...(data.reconcile ?? []).map(s => ({ at: s.at, item: step(s.at, 'Checking', sentence(s.description), 'waiting') })),
  ].sort((a, b) => new Date(a.at) - new Date(b.at));
  for (const entry of timeline) steps.append(entry.item);

  if (data.status === 'sent') {
    steps.append(step(data.finished_at, 'Sent', meanings.sent, 'sent'));
  } else if (data.status === 'failed') {
    steps.append(step(data.finished_at, 'Failed', sentence(data.reason ?? meanings.failed), 'failed'));
  } else if (data.next_attempt_at) {
    steps.append(step(data.next_attempt_at, 'Next try', 'Still waiting; Mailr will try again around this time.', 'waiting'));
  } else {
    steps.append(step(null, 'Waiting', 'Mailr is sending it now.', 'waiting'));
  }

  for (const event of data.events ?? []) {
    steps.append(step(event.received_at, `Reported: ${event.event}`, sentence(event.description), event.result === 'applied' ? event.event : 'accepted'));
  }

  if (data.delivery) title.append(' ', badge(data.delivery));
  steps.append(step(data.expires_at, 'Record expires', 'The record deletes itself; after this, lookups find nothing.', 'expires'));
  block.append(title, steps);
  return block;
}

function step(at, label, text, outcome = 'accepted') {
  const item = document.createElement('li');
  item.className = `step step-${outcome}`;
  const head = document.createElement('p');
  head.className = 'step-head';
  const strong = document.createElement('strong');
  strong.textContent = label;
  head.append(strong);
  if (at) head.append(' ', timeElement(at));
  item.append(head, paragraph(text, 'step-text'));
  return item;
}

function paragraph(text, className) {
  const p = document.createElement('p');
  p.textContent = text;
  if (className) p.className = className;
  return p;
}
