-- PATCH <prefix>/<id>: a new title and view count for a random seeded post.
-- wrk ... -s update.lua <url> -- <ids file> <path prefix>
local common = dofile(os.getenv("BENCH_WRK_DIR") .. "/common.lua")
local ids, prefix
local n = 0
local headers = { ["Content-Type"] = "application/json" }

setup = common.setup

function init(args)
  common.seed()
  ids = common.lines(args[1])
  prefix = args[2]
end

function request()
  n = n + 1
  local body = string.format('{"data":{"title":"Edited post %d-%d","views":%d}}', thread_number or 0, n, math.random(0, 1000))
  return wrk.format("PATCH", prefix .. "/" .. ids[math.random(#ids)], headers, body)
end

done = common.done
