-- wrk script: POST precomputed provider webhook bodies, each once. bench/webhook-events.py writes
-- PREFIX.0 .. PREFIX.<threads-1>, one JSON body a line; wrk thread t sends the lines of PREFIX.t in
-- order, read as it goes (so start-up costs nothing). done() prints "supply-used N0 N1 ...", the lines
-- each thread handed out (bench/run puts the ids of the rest back for the next run), and
-- "supply-wrapped N": a thread that runs out starts its file again (duplicates, which measure
-- something else), and bench/run flags a measured run with N > 0.
--   wrk -t2 -c32 -d10s --latency -s bench/post-webhook.lua URL/webhooks/NAME -- PREFIX
local threads = {}
local next_id = 0

function setup(thread)
  thread:set("tid", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

local file
local headers = { ["Content-Type"] = "application/json" }
wrapped = 0
used = 0

function init(args)
  if not args[1] then error("usage: -- <bodies prefix>") end
  local path = args[1] .. "." .. tid
  file = io.open(path, "r")
  if not file or not file:read("*l") then error("no bodies in " .. path) end
  file:seek("set")
end

function request()
  used = used + 1
  local body = file:read("*l")
  if not body then
    wrapped = wrapped + 1
    file:seek("set")
    body = file:read("*l")
  end
  return wrk.format("POST", nil, headers, body)
end

function done(summary, latency, requests)
  local w, u = 0, {}
  for _, t in ipairs(threads) do
    w = w + (t:get("wrapped") or 0)
    table.insert(u, tostring(t:get("used") or 0))
  end
  io.write("supply-used " .. table.concat(u, " ") .. "\n")
  io.write(string.format("supply-wrapped %d\n", w))
end
