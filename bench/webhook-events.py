#!/usr/bin/env python3
"""Signed Mailgun webhook bodies for bench/post-webhook.lua, one JSON body a line.

    bench/webhook-events.py SECRET EVENTS_FILE OUT THREADS [RECIPIENT]

EVENTS_FILE has a line `delivered ID` or `deferred ID` per event (ID: Mailr's message id); the bodies
are dealt in turn to OUT.0 .. OUT.<THREADS-1> (one file per wrk thread), each signed as Mailgun signs
it: signature = hex(HMAC-SHA256(SECRET, timestamp + token)). The timestamp is now (Mailr refuses one
more than 5 minutes old, so write the files just before the load); the 50-character token and the
event id are fresh for every body, so no two bodies are the same event. The shapes are Mailgun's real
events (shared/provider-fixtures/mailgun-webhooks.md: test vector 2 for `delivered`, `failed` with
severity `temporary` for `deferred`), about 900 bytes, with Mailr's id in user-variables.mailr_message_id.
Prints the number of bodies written.
"""
import hashlib
import hmac
import secrets
import sys
import time

TEMPLATE = (
    '{{"signature":{{"timestamp":"{ts}","token":"{token}","signature":"{sig}"}},'
    '"event-data":{{"tags":[],"timestamp":{when:.6f},"recipient-domain":"{domain}","id":"{eid}",'
    '"user-variables":{{"mailr_message_id":"{mid}"}},"log-level":"{level}",'
    '"envelope":{{"sending-ip":"198.51.100.20","sender":"amit@example.com","transport":"smtp","targets":"{rcpt}"}},'
    '"message":{{"headers":{{"to":"{rcpt}","message-id":"20261202.1.1@mg.example.com","from":"amit@example.com",'
    '"subject":"Hello"}},"attachments":[],"size":809}},"recipient":"{rcpt}",{event}'
    '"delivery-status":{{"tls":true,"mx-host":"mx.example.com","attempt-no":1,"description":"{desc}",'
    '"session-seconds":0.57,"utf8":true,"code":{code},"message":"{msg}","certificate-verified":true}}}}}}'
)
EVENTS = {
    "delivered": dict(event='"event":"delivered",', level="info", code=250, msg="OK", desc=""),
    "deferred": dict(event='"event":"failed","severity":"temporary","reason":"generic",', level="warn", code=421,
                     msg="4.7.0 Try again later", desc="Greylisted"),
}


def main() -> None:
    if len(sys.argv) < 5:
        sys.exit(__doc__)
    secret = sys.argv[1].encode()
    events_file, out, threads = sys.argv[2], sys.argv[3], int(sys.argv[4])
    rcpt = sys.argv[5] if len(sys.argv) > 5 else "nishant@example.com"
    domain = rcpt.rsplit("@", 1)[-1]
    now = time.time()
    ts = str(int(now))
    n = 0
    outs = [open(f"{out}.{t}", "w") for t in range(threads)]
    with open(events_file) as events:
        for line in events:
            if not line.strip():
                continue
            kind, mid = line.split()
            token = secrets.token_hex(25)
            sig = hmac.new(secret, (ts + token).encode(), hashlib.sha256).hexdigest()
            body = TEMPLATE.format(ts=ts, token=token, sig=sig, when=now, domain=domain, eid=secrets.token_urlsafe(16),
                                   mid=mid, rcpt=rcpt, **EVENTS[kind])
            outs[n % threads].write(body + "\n")
            n += 1
    for f in outs:
        f.close()
    print(n)


if __name__ == "__main__":
    main()
