-- One rate-limit decision, atomically: the token-bucket and quota arithmetic of dev.apikey.LimitArithmetic on the
-- counters kept in the hash KEYS[1]. Times are microseconds since the epoch (exact in a Lua number).
-- ARGV: 1 now, 2 cost, 3 capacity (-1: no rate limit), 4 tokens per nanosecond (%.17g), 5 quota limit (-1: none),
--       6 start of the quota window of now, 7 start of the next window (-1: none), 8 max skew, 9 the rate's period
--       (-1: none), 10 end of the window after the next (-1: none), 11 1 for a total quota (counters kept for ever),
--       12 units to lease beyond the cost (0: none), 13 leased tokens given back, 14 leased quota units given back,
--       15 the quota window those units were leased in (-1: none), 16 'decide', or 'return' (below)
-- The hash's expiry only ever grows (never below what any decision needed; a total quota's: never), so counters
-- outlive every window and bucket they count, whatever the order decisions arrive in or the limits they were made with.
-- Returns the counters as they were before the decision (t, l, w, u as strings; false where absent), so the caller
-- computes the standing with LimitArithmetic itself from exactly what was decided on, and as a fifth element the
-- units leased beyond the cost. When units were given back, the counters returned are those the decision was made on:
-- refilled to the decision's time, with the units given back added.
local key = KEYS[1]
local now = tonumber(ARGV[1])
local cost = tonumber(ARGV[2])
local capacity = tonumber(ARGV[3])
local perNano = tonumber(ARGV[4])
local quotaLimit = tonumber(ARGV[5])
local current = tonumber(ARGV[6])
local nextWindow = tonumber(ARGV[7])
local maxSkew = tonumber(ARGV[8])
local ratePeriod = tonumber(ARGV[9])
local windowAfterNext = tonumber(ARGV[10])
local totalQuota = ARGV[11] == '1'
local want = tonumber(ARGV[12] or '0')
local giveTokens = tonumber(ARGV[13] or '0')
local giveUsed = tonumber(ARGV[14] or '0')
local giveWindow = tonumber(ARGV[15] or '-1')

-- ARGV[16] 'return': only give leased units back — no decision, no refill, no window moved (the limits the units were
-- leased under may be old): tokens go to a bucket that exists, quota units to the window they were counted in.
if ARGV[16] == 'return' then
  local back = redis.call('HMGET', key, 't', 'w', 'u')
  local t = tonumber(back[1])
  if t ~= nil and capacity >= 0 and giveTokens > 0 then
    redis.call('HSET', key, 't', string.format('%.17g', math.min(capacity, t + giveTokens)))
  end
  local w = tonumber(back[2])
  if w ~= nil and giveUsed > 0 and w == giveWindow then
    redis.call('HSET', key, 'u', string.format('%d', math.max(0, (tonumber(back[3]) or 0) - giveUsed)))
  end
  return {false, false, false, false, 0}
end

local stored = redis.call('HMGET', key, 't', 'l', 'w', 'u')
local existed = stored[1] or stored[2] or stored[3] or stored[4]
local tokens = tonumber(stored[1])
local last = tonumber(stored[2]) or 0
local windowStart = tonumber(stored[3])
local used = tonumber(stored[4]) or 0

local storedLast = math.min(last, now + maxSkew)
local nowEff = now
if tokens ~= nil then
  nowEff = math.max(now, storedLast)
end
if capacity >= 0 then
  if tokens == nil then
    tokens = capacity
  else
    tokens = math.min(capacity, tokens + ((nowEff - storedLast) * 1000) * perNano)
  end
end
if quotaLimit >= 0 then
  local nextOfThisQuota = windowStart ~= nil and nextWindow >= 0 and windowStart == nextWindow
      and windowStart > current and windowStart <= now + maxSkew
  if not nextOfThisQuota and windowStart ~= current then
    windowStart = current
    used = 0
  end
end
local decidedOn = stored
if giveTokens > 0 or giveUsed > 0 then
  if capacity >= 0 then
    tokens = math.min(capacity, tokens + giveTokens)
  end
  if quotaLimit >= 0 and windowStart == giveWindow then
    used = math.max(0, used - giveUsed)
  end
  local t = false
  if capacity >= 0 then
    t = string.format('%.17g', tokens)
  end
  local w = false
  if windowStart ~= nil then
    w = string.format('%d', windowStart)
  end
  decidedOn = {t, string.format('%d', nowEff), w, string.format('%d', used)}
end
local refused = (quotaLimit >= 0 and used + cost > quotaLimit) or (capacity >= 0 and tokens < cost)
local extra = 0
if not refused then
  extra = want
  if capacity >= 0 then
    extra = math.min(extra, math.floor(tokens - cost))
  end
  if quotaLimit >= 0 then
    extra = math.min(extra, quotaLimit - used - cost)
  end
  extra = math.max(0, extra)
  if capacity >= 0 then
    tokens = tokens - cost - extra
  end
  if quotaLimit >= 0 then
    used = used + cost + extra
  end
end
local fields = {'l', string.format('%d', nowEff), 'u', string.format('%d', used)}
if capacity >= 0 then
  table.insert(fields, 't')
  table.insert(fields, string.format('%.17g', tokens))
else
  redis.call('HDEL', key, 't')
end
if windowStart ~= nil then
  table.insert(fields, 'w')
  table.insert(fields, string.format('%d', windowStart))
end
redis.call('HSET', key, unpack(fields))
if totalQuota then
  redis.call('PERSIST', key)
else
  local expiresAt = -1
  if capacity >= 0 then
    expiresAt = now + ratePeriod
  end
  if quotaLimit >= 0 then
    local windowEnd = nextWindow
    if windowStart == nextWindow then
      windowEnd = windowAfterNext
    end
    expiresAt = math.max(expiresAt, windowEnd)
  end
  local ttl = math.floor((expiresAt - now + 2 * maxSkew) / 1000)
  local current = redis.call('PTTL', key)
  if not existed or (current >= 0 and ttl > current) then
    redis.call('PEXPIRE', key, ttl)
  end
end
table.insert(decidedOn, 5, extra)
return decidedOn
