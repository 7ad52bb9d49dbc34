-- What a Redis holds, in one call: the number of keys, keys by type, keys by shape (each
-- 22-character id replaced by *, each {partition} by {p}), and the members of every sorted set.
-- Lines, for bench/run:  keys N | type T N | shape S N | zset-members N | zset K N (largest 5)
--   redis-cli --raw -p PORT --eval bench/redis-census.lua
local id = string.rep('[%w_%-]', 22)
local cursor = '0'
local keys, members = 0, 0
local types, shapes, zsets = {}, {}, {}
repeat
  local r = redis.call('SCAN', cursor, 'COUNT', 1000)
  cursor = r[1]
  for _, k in ipairs(r[2]) do
    keys = keys + 1
    local t = redis.call('TYPE', k)['ok']
    types[t] = (types[t] or 0) + 1
    local s = string.gsub(string.gsub(k, id, '*'), '{%d+}', '{p}')
    shapes[s] = (shapes[s] or 0) + 1
    if t == 'zset' then
      local n = redis.call('ZCARD', k)
      members = members + n
      table.insert(zsets, {k, n})
    end
  end
until cursor == '0'

local out = {'keys ' .. keys}
for t, n in pairs(types) do table.insert(out, 'type ' .. t .. ' ' .. n) end
local sorted = {}
for s, n in pairs(shapes) do table.insert(sorted, {s, n}) end
table.sort(sorted, function(a, b) return a[2] > b[2] end)
for i = 1, math.min(8, #sorted) do table.insert(out, 'shape ' .. sorted[i][1] .. ' ' .. sorted[i][2]) end
table.insert(out, 'zset-members ' .. members)
table.sort(zsets, function(a, b) return a[2] > b[2] end)
for i = 1, math.min(5, #zsets) do table.insert(out, 'zset ' .. zsets[i][1] .. ' ' .. zsets[i][2]) end
return out
