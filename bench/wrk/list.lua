-- A page of 20 published posts with more than 100 views, most viewed first; the page is drawn from 1 to 10.
-- wrk ... -s list.lua <url> -- <path> [more query parameters, such as skipTotal=true]
local common = dofile(os.getenv("BENCH_WRK_DIR") .. "/common.lua")
local path

setup = common.setup

function init(args)
  common.seed()
  -- filter: published = true && views > 100, sort: -views
  local more = args[2] and (args[2] .. "&") or ""
  path = args[1] .. "?per_page=20&filter=published%20%3D%20true%20%26%26%20views%20%3E%20100&sort=-views&" .. more .. "page="
end

function request()
  return wrk.format("GET", path .. math.random(10))
end

done = common.done
