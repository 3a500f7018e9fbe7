-- A fixed GET (the URL given to wrk), with the summary line.
local common = dofile(os.getenv("BENCH_WRK_DIR") .. "/common.lua")
done = common.done
