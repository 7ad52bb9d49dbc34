// Splits what a person typed into single addresses: on commas, semicolons and line breaks, except
// inside a quoted display name ("Patel, Jay") or inside angle brackets.
export function splitAddresses(text) {
  const addresses = [];
  let current = '';
  let quoted = false;
  let angled = false;
  let escaped = false;
  const push = () => {
    const trimmed = current.trim();
    if (trimmed) addresses.push(trimmed);
    current = '';
    quoted = false;
    angled = false;
    escaped = false;
  };

  for (const ch of text) {
    if (ch === '\n' || ch === '\r') { push(); continue; }
    if (escaped) { escaped = false; current += ch; continue; }
    if (quoted) {
      if (ch === '\\') escaped = true;
      else if (ch === '"') quoted = false;
      current += ch;
      continue;
    }
    if (ch === '"') quoted = true;
    else if (ch === '<') angled = true;
    else if (ch === '>') angled = false;
    else if (!angled && (ch === ',' || ch === ';')) { push(); continue; }
    current += ch;
  }
  push();
  return addresses;
}

// The comparison key Mailr uses: the address part, lower case.
export function addressKey(mailbox) {
  const angled = /<([^<>]*)>\s*$/.exec(mailbox);
  return (angled ? angled[1] : mailbox).trim().toLowerCase();
}
