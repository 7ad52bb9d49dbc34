-- Fills Redis with retained message records, one batch per call (bench/run STARTUP_FILL=N):
-- hashes <ServiceId>:{p}:m:<22-char id> (p = i mod 32) with fields s (the JSON given) and v = 1,
-- and PEXPIREAT at the given deadline. With reminders = 1, also one member per record in the
-- sorted set <ServiceId>/reminders, in the shape Orleans.Reminders.Redis writes for the old
-- per-message "wake" reminder (score 0): "HASH","message/<id>","wake","<etag>","<start>","01:00:00".
-- Ids are a 12-character salt and the index in base64url: unique, not random.
--   redis-cli -p PORT --eval bench/redis-fill.lua , serviceId salt first count expireAtMs json reminders startIso
local service, salt = ARGV[1], ARGV[2]
local first, count = tonumber(ARGV[3]), tonumber(ARGV[4])
local expire_at, json = ARGV[5], ARGV[6]
local reminders, start = ARGV[7] == '1', ARGV[8]
local alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
local hex = '0123456789ABCDEF'
local function encode(n, width, digits)
  local base, t = #digits, {}
  for k = width, 1, -1 do
    local d = n % base
    t[k] = string.sub(digits, d + 1, d + 1)
    n = math.floor(n / base)
  end
  return table.concat(t)
end
local members = {}
for i = first, first + count - 1 do
  local id = salt .. encode(i, 10, alphabet)
  local key = service .. ':{' .. (i % 32) .. '}:m:' .. id
  redis.call('HSET', key, 's', json, 'v', '1')
  redis.call('PEXPIREAT', key, expire_at)
  if reminders then
    table.insert(members, 0)
    table.insert(members, '"' .. encode((i * 2654435761) % 4294967296, 8, hex) .. '","message/' .. id ..
      '","wake","' .. salt .. encode(i, 10, hex) .. '","' .. start .. '","01:00:00"')
    if #members >= 2000 then
      redis.call('ZADD', service .. '/reminders', unpack(members))
      members = {}
    end
  end
end
if #members > 0 then redis.call('ZADD', service .. '/reminders', unpack(members)) end
return count
