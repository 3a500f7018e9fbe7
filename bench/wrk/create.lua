-- POST <path> with a new post by the seeded author.
-- wrk ... -s create.lua <url> -- <path> <author id>
local common = dofile(os.getenv("BENCH_WRK_DIR") .. "/common.lua")
local path, author
local n = 0
local headers = { ["Content-Type"] = "application/json" }

setup = common.setup

function init(args)
  common.seed()
  path = args[1]
  author = args[2]
end

function request()
  n = n + 1
  local body = string.format(
    '{"data":{"title":"Load test post %d-%d","body":"<p>A post written by the load benchmark, long enough to look like a short article teaser.</p>","views":%d,"published":%s,"author":"%s"}}',
    thread_number or 0, n, math.random(0, 1000), n % 2 == 0 and "true" or "false", author)
  return wrk.format("POST", path, headers, body)
end

done = common.done
