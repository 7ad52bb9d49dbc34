-- wrk script: POST the SPEC's sample message (one recipient) to /messages.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"from":"Amit Ruparel <amit@example.com>","to":["nishant@example.com"],"subject":"Hello","text":"Testing some Mailr awesomeness!"}'
