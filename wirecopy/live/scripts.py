"""The live index's Lua scripts: the steps that must read and write atomically.

Each script touches only keys of one namespace (one hash tag, one Cluster slot). The
first key passed routes the script; the others it builds from the tag it is given.
"""

WRITE_RECORDS = """
-- KEYS: the slice's pending set (it routes the script to the namespace's slot), and its
--   id counter (given an expiry with the slice's other keys)
-- ARGV: slice key prefix, expiry (0: never), slab length, article count, then per
--   article: internal id, slab suffix, slot offset, signature, metadata suffix, record,
--   id-map suffix, external id, text-hash suffix ('' when the text is not kept),
--   compressed text, and the internal id the caller saw the external id map to in this
--   slice ('' for none)
-- Writes each article's signature, record, id and text, and adds its internal id to the
--   pending set: its bucket entries are appended next (APPEND_ENTRIES), then it leaves
--   the set. Returns the article count, or -1 having written nothing when an id map no
--   longer says what the caller saw (another writer was quicker): the caller looks again.
local prefix, expire = ARGV[1], tonumber(ARGV[2])
local slab_length, count = tonumber(ARGV[3]), tonumber(ARGV[4])
for i = 5, 5 + 11 * (count - 1), 11 do
  if (redis.call('HGET', prefix .. ARGV[i + 6], ARGV[i + 7]) or '') ~= ARGV[i + 10] then
    return -1
  end
end
local expiring, created, pending = {}, {}, {}
local function expires(key)
  if expire > 0 and not expiring[key] then
    expiring[key] = true
    if redis.call('TTL', key) == -1 then redis.call('EXPIREAT', key, expire) end
  end
end
local i = 5
for _ = 1, count do
  local slab, metadata, ids = prefix .. ARGV[i + 1], prefix .. ARGV[i + 4], prefix .. ARGV[i + 6]
  if not created[slab] then  -- made at its full length at once: never grown, never doubled
    created[slab] = true
    redis.call('SETRANGE', slab, slab_length - 1, string.char(0))
  end
  redis.call('SETRANGE', slab, ARGV[i + 2], ARGV[i + 3])
  redis.call('HSET', metadata, ARGV[i], ARGV[i + 5])
  redis.call('HSET', ids, ARGV[i + 7], ARGV[i])
  if ARGV[i + 8] ~= '' then
    redis.call('HSET', prefix .. ARGV[i + 8], ARGV[i], ARGV[i + 9])
    expires(prefix .. ARGV[i + 8])
  end
  expires(slab)
  expires(metadata)
  expires(ids)
  pending[#pending + 1] = ARGV[i]
  if #pending == 500 then redis.call('SADD', KEYS[1], unpack(pending)); pending = {} end
  i = i + 11
end
if #pending > 0 then redis.call('SADD', KEYS[1], unpack(pending)) end
expires(KEYS[1])
expires(KEYS[2])
return count
"""

FIND_ENTRY = """
-- Where the 4-byte `entry` starts in the packed entries `packed`, from byte `at` on, at a
--   multiple of 4 (entries are whole); nil if it is not there.
local function find_entry(packed, entry, at)
  while true do
    local hit = string.find(packed, entry, at, true)
    if not hit or (hit - 1) % 4 == 0 then return hit end
    at = hit + 1
  end
end
"""

APPEND_ENTRIES = (
    FIND_ENTRY
    + """
-- KEYS[1]: the slice's pending set (routes the script to the namespace's slot)
-- ARGV: the slice's bucket key prefix (up to the band number), expiry (0: never), the
--   buckets as 8 bytes each (band and group as big-endian u16, entry count as u32),
--   their entries, 4 bytes each, bucket after bucket, and '1' to append only the entries
--   a bucket does not hold yet (completing articles a writer left pending) or '0'
-- Returns the bytes appended. A bucket is rewritten whole (read, then SET), not APPENDed
--   to: APPEND leaves up to 2x slack. The buckets are read MGET_CHUNK at a time, and, in
--   an index without retention, written back by one MSET: a command a bucket cost Redis
--   a third more time. (A slice's buckets all expire with the slice: a bucket made now
--   gets the slice's expiry, one that exists keeps its own, which is the same.)
local prefix, expire, buckets, entries = ARGV[1], tonumber(ARGV[2]), ARGV[3], ARGV[4]
local only_missing, at, appended = ARGV[5] == '1', 1, 0
local MGET_CHUNK = 500  -- well under Lua's 8,000 values to unpack
local function missing(old, piece)
  local kept = {}
  for e = 1, #piece, 4 do
    local entry = string.sub(piece, e, e + 3)
    if not find_entry(old, entry, 1) then kept[#kept + 1] = entry end
  end
  return table.concat(kept)
end
local band_keys, group_names = {}, {}  -- number formatting once per band and group
local function bucket_key(band, group)
  local head = band_keys[band]
  if not head then head = prefix .. band .. ':'; band_keys[band] = head end
  local name = group_names[group]
  if not name then name = tostring(group); group_names[group] = name end
  return head .. name
end
local count_buckets = #buckets / 8
for first = 0, count_buckets - 1, MGET_CHUNK do
  local keys, pieces = {}, {}
  for b = first, math.min(first + MGET_CHUNK, count_buckets) - 1 do
    local band, group, count = struct.unpack('>HHI4', buckets, 8 * b + 1)
    keys[#keys + 1] = bucket_key(band, group)
    pieces[#pieces + 1] = string.sub(entries, at, at + 4 * count - 1)
    at = at + 4 * count
  end
  local olds, writes = redis.call('MGET', unpack(keys)), {}
  for k = 1, #keys do
    local old, piece = olds[k], pieces[k]
    if old and only_missing then piece = missing(old, piece) end
    appended = appended + #piece
    local value = (not old and piece) or (#piece > 0 and old .. piece) or nil
    if value and expire == 0 then
      writes[#writes + 1], writes[#writes + 2] = keys[k], value
    elseif value and old then
      redis.call('SET', keys[k], value, 'KEEPTTL')
    elseif value then
      redis.call('SET', keys[k], value, 'EXAT', expire)
    end
  end
  if expire == 0 and #writes > 0 then redis.call('MSET', unpack(writes)) end
end
return appended
"""
)

LINK_STORY = """
-- KEYS[1]: the namespace's story sequence key (routes the script to the namespace's slot)
-- ARGV: tag, the time now, article count, then per article: its story-map key, internal
--   id, external id, time, expiry (0: never), how many articles it rewrites, then the
--   story-map key and internal id of each. Articles are linked in order; returns their
--   story numbers. (Redis 6.2 compatible: the embedded server is 6.2.)
-- A batch's rewrites mostly rewrite each other, so what one call learns is kept for the
--   rest of it: the story of each article it linked, where each story number leads, and
--   each story's earliest time; a merge forgets the last two. Without expiries (expiry 0:
--   a namespace without retention) no key has a TTL, so none is read or cleared.
local tag, now = ARGV[1], tonumber(ARGV[2])
local redirects = tag .. ':story:redirect'
local linked_now, leads_to, earliest = {}, {}, {}
local function story_key(n) return tag .. ':story:' .. n end
local function resolve(n)
  if leads_to[n] then return leads_to[n] end
  local path, start = {}, n
  while true do
    local next_n = redis.call('HGET', redirects, n)
    if not next_n then break end
    path[#path + 1] = n
    n = next_n
  end
  for i = 1, #path - 1 do redis.call('HSET', redirects, path[i], n) end
  leads_to[start] = n
  return n
end
local function first_time(n)
  if earliest[n] == nil then
    local head = redis.call('ZRANGE', story_key(n), 0, 0, 'WITHSCORES')
    earliest[n] = head[2] and tonumber(head[2]) or math.huge
  end
  return earliest[n]
end
local function story_of(map, id)
  local n = linked_now[map .. '/' .. id] or redis.call('HGET', map, id)
  return n and resolve(n)
end
local function link(own_map, own_id, external_id, moment, expire, first, rewrites)
  local linked = redis.call('HGET', own_map, own_id)
  if linked then return resolve(linked) end  -- another worker linked it first
  local found = {}
  for i = first, first + 2 * rewrites - 1, 2 do
    local n = story_of(ARGV[i], ARGV[i + 1])
    if n then found[n] = true end
  end
  local best, best_first
  for n in pairs(found) do
    local t = first_time(n)
    if not best or t < best_first or (t == best_first and tonumber(n) < tonumber(best)) then
      best, best_first = n, t
    end
  end
  if not best then  -- a new story: nothing in it yet
    best = tostring(redis.call('INCR', KEYS[1]))
    earliest[best] = math.huge
  end
  local key, latest = story_key(best), expire
  for n in pairs(found) do
    if expire > 0 then
      local ttl = redis.call('TTL', story_key(n))
      if ttl == -1 then latest = 0 elseif ttl >= 0 and latest > 0 and now + ttl > latest then
        latest = now + ttl
      end
    end
    if n ~= best then
      redis.call('ZUNIONSTORE', key, 2, key, story_key(n), 'AGGREGATE', 'MIN')
      redis.call('DEL', story_key(n))
      redis.call('HSET', redirects, n, best)
      leads_to, earliest = {}, {}
    end
  end
  redis.call('ZADD', key, moment, external_id)
  if earliest[best] ~= nil and moment < earliest[best] then earliest[best] = moment end
  if latest > 0 then
    redis.call('EXPIREAT', key, latest)
  elseif expire > 0 then
    redis.call('PERSIST', key)
  end
  redis.call('HSET', own_map, own_id, best)
  linked_now[own_map .. '/' .. own_id] = best
  if expire > 0 and redis.call('TTL', own_map) == -1 then
    redis.call('EXPIREAT', own_map, expire)
  end
  return best
end
local stories, at = {}, 4
for _ = 1, tonumber(ARGV[3]) do
  local rewrites = tonumber(ARGV[at + 5])
  stories[#stories + 1] = link(ARGV[at], ARGV[at + 1], ARGV[at + 2], tonumber(ARGV[at + 3]),
    tonumber(ARGV[at + 4]), at + 6, rewrites)
  at = at + 6 + 2 * rewrites
end
return stories
"""

FETCH_CANDIDATES = """
-- KEYS: per candidate its signature slab, metadata hash and story-map hash
-- ARGV: signature width in bytes, the namespace's story key prefix (its stories are
--   PREFIX..number, its redirects hash PREFIX..'redirect', in the same slot), then per
--   candidate its slot offset and internal id
-- Returns per candidate: signature bytes, record (or nil), the number its story goes by
--   now, through merges (or nil), and that story's original, its earliest member (or nil)
local width, prefix, found, originals = tonumber(ARGV[1]), ARGV[2], {}, {}
local redirects = prefix .. 'redirect'
for c = 0, #KEYS / 3 - 1 do
  local offset, id = tonumber(ARGV[3 + 2 * c]), ARGV[4 + 2 * c]
  found[#found + 1] = redis.call('GETRANGE', KEYS[1 + 3 * c], offset, offset + width - 1)
  found[#found + 1] = redis.call('HGET', KEYS[2 + 3 * c], id)
  local story = redis.call('HGET', KEYS[3 + 3 * c], id)
  for _ = 1, 64 do  -- the link script makes no cycle; the bound only guards the loop
    local merged = story and redis.call('HGET', redirects, story)
    if not merged then break end
    story = merged
  end
  if story and originals[story] == nil then
    originals[story] = redis.call('ZRANGE', prefix .. story, 0, 0)[1] or false
  end
  found[#found + 1] = story
  found[#found + 1] = story and originals[story]
end
return found
"""

REMOVE_ENTRIES = (
    FIND_ENTRY
    + """
-- KEYS: bucket keys; ARGV[i]: the 4-byte entry to remove from KEYS[i], wherever it is
for i, key in ipairs(KEYS) do
  local packed = redis.call('GET', key)
  if packed then
    local entry, parts, from = ARGV[i], {}, 1
    while true do
      local hit = find_entry(packed, entry, from)
      if not hit then break end
      parts[#parts + 1] = string.sub(packed, from, hit - 1)
      from = hit + 4
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
)
