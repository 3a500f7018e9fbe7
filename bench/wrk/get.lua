-- GET <prefix>/<id> with an id drawn at random from the seeded ones.
-- wrk ... -s get.lua <url> -- <ids file> <path prefix>
local common = dofile(os.getenv("BENCH_WRK_DIR") .. "/common.lua")
local ids, prefix

setup = common.setup

function init(args)
  common.seed()
  ids = common.lines(args[1])
  prefix = args[2]
end

function request()
  return wrk.format("GET", prefix .. "/" .. ids[math.random(#ids)])
end

done = common.done
