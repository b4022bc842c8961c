"""The live index's Lua scripts: the steps that must read and write atomically.

Each script touches only keys of one namespace (one hash tag, one Cluster slot). The
first key passed routes the script; the others it builds from the tag it is given.
"""

LINK_STORY = """
-- KEYS[1]: the namespace's story sequence key (routes the script to the namespace's slot)
-- ARGV: tag, own story-map key, own internal id, external id, time, expiry (0: never),
--       then (story-map key, internal id) of each article it rewrites
local tag, own_map, own_id, external_id = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local moment, expire = tonumber(ARGV[5]), tonumber(ARGV[6])
local redirects = tag .. ':story:redirect'
local function story_key(n) return tag .. ':story:' .. n end
local function resolve(n)
  local path = {}
  while true do
    local next_n = redis.call('HGET', redirects, n)
    if not next_n then break end
    path[#path + 1] = n
    n = next_n
  end
  for i = 1, #path - 1 do redis.call('HSET', redirects, path[i], n) end
  return n
end
local found = {}
for i = 7, #ARGV, 2 do
  local n = redis.call('HGET', ARGV[i], ARGV[i + 1])
  if n then found[resolve(n)] = true end
end
local best, best_first
for n in pairs(found) do
  local first = redis.call('ZRANGE', story_key(n), 0, 0, 'WITHSCORES')
  local t = first[2] and tonumber(first[2]) or math.huge
  if not best or t < best_first or (t == best_first and tonumber(n) < tonumber(best)) then
    best, best_first = n, t
  end
end
if not best then best = tostring(redis.call('INCR', KEYS[1])) end
local key = story_key(best)
local latest = expire
for n in pairs(found) do
  local at = redis.call('EXPIRETIME', story_key(n))
  if at == -1 then latest = 0 elseif latest > 0 and at > latest then latest = at end
  if n ~= best then
    redis.call('ZUNIONSTORE', key, 2, key, story_key(n), 'AGGREGATE', 'MIN')
    redis.call('DEL', story_key(n))
    redis.call('HSET', redirects, n, best)
  end
end
redis.call('ZADD', key, moment, external_id)
if latest > 0 then redis.call('EXPIREAT', key, latest) else redis.call('PERSIST', key) end
redis.call('HSET', own_map, own_id, best)
if expire > 0 then redis.call('EXPIREAT', own_map, expire, 'NX') end
return best
"""

REMOVE_ENTRIES = """
-- KEYS: bucket keys; ARGV[i]: the 4-byte entry to remove from KEYS[i], wherever it is
for i, key in ipairs(KEYS) do
  local packed = redis.call('GET', key)
  if packed then
    local entry, parts, from, at = ARGV[i], {}, 1, 1
    while true do
      local hit = string.find(packed, entry, at, true)
      if not hit then break end
      if (hit - 1) % 4 == 0 then
        parts[#parts + 1] = string.sub(packed, from, hit - 1)
        from, at = hit + 4, hit + 4
      else
        at = hit + 1
      end
    end
    if from > 1 then
      parts[#parts + 1] = string.sub(packed, from)
      local rest = table.concat(parts)
      if #rest == 0 then redis.call('DEL', key) else redis.call('SET', key, rest, 'KEEPTTL') end
    end
  end
end
return #KEYS
"""
