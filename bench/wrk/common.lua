-- Shared by the load scripts: reading the seeded ids, and one machine-readable summary line per run.
local common = {}

function common.lines(path)
  local items = {}
  for line in io.lines(path) do
    if #line > 0 then items[#items + 1] = line end
  end
  return items
end

-- Seeds each thread's generator differently, so that threads do not request the same ids in lockstep.
local threads = 0
function common.setup(thread)
  threads = threads + 1
  thread:set("thread_number", threads)
end

function common.seed()
  math.randomseed(os.time() * 1000 + (thread_number or 0))
end

-- wrk counts a response with status >= 400 in errors.status; the script that drives a run checks the first
-- response of each scenario for its exact 2xx status before the load starts.
function common.done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("BENCH requests=%d duration_us=%d p50_us=%d p99_us=%d status_errors=%d socket_errors=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.status, e.connect + e.read + e.write + e.timeout))
end

return common
