-- wrk script: bench/post-message.lua at a target rate. wrk has no rate option; delay() (ms to wait
-- before the next request on a connection) throttles it. Each wrk thread hands out send slots
-- spaced 1/(rate/threads) apart, first come first served, to whichever of its connections asks,
-- so the target holds whatever the latency (while there are enough connections). wrk measures
-- latency from the write, so the wait does not count as latency. Requests/sec is the rate achieved.
--   wrk -t2 -c32 -d10s --latency -s bench/post-message-paced.lua URL -- <total rate/s> <threads>
dofile((os.getenv("BENCH_DIR") or "bench") .. "/post-message.lua")

local ffi = require("ffi")
ffi.cdef [[
  typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
  int clock_gettime(int clk_id, bench_timespec *tp);
]]
local ts = ffi.new("bench_timespec")
local function now_ms()
  ffi.C.clock_gettime(1, ts) -- CLOCK_MONOTONIC
  return tonumber(ts.tv_sec) * 1000 + tonumber(ts.tv_nsec) / 1e6
end

local interval -- ms between this thread's requests
local next_slot

function init(args)
  local rate = tonumber(args[1])
  local threads = tonumber(args[2] or "1")
  if not rate or rate <= 0 then error("usage: -- <total rate/s> <threads>") end
  interval = 1000 * threads / rate
end

function delay()
  local now = now_ms()
  if next_slot == nil or next_slot < now - 100 * interval then
    -- First request, or far behind (the server stalled): start the schedule from now, no burst.
    next_slot = now
  end
  local wait = next_slot - now
  next_slot = next_slot + interval
  if wait < 0 then return 0 end
  return math.floor(wait)
end
