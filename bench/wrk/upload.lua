-- POST <path> with a prepared multipart body (a record with one file), authenticated.
-- wrk ... -s upload.lua <url> -- <path> <body file> <boundary> <token>
local common = dofile(os.getenv("BENCH_WRK_DIR") .. "/common.lua")
local path, body, headers

setup = common.setup

function init(args)
  path = args[1]
  local file = assert(io.open(args[2], "rb"))
  body = file:read("*a")
  file:close()
  headers = { ["Content-Type"] = "multipart/form-data; boundary=" .. args[3], ["Authorization"] = "Bearer " .. args[4] }
end

function request()
  return wrk.format("POST", path, headers, body)
end

done = common.done
