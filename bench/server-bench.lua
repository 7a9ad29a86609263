-- wrk script of bench/run-server-bench.sh: POST /v1/client/sessions/{id}/tokens, each request
-- for the next signed-in client of the seeded sample (round robin from a random start), with
-- that client's __client cookie, an allowed Origin and the form body clerk-js sends.
-- Environment: LATCHKEY_BENCH_CLIENTS (file of "token session user" lines),
-- LATCHKEY_BENCH_ORIGIN (an allowed origin).
-- Every answer is checked: a status other than 200 or a body that is not a token counts as
-- bad, and done() prints one RESULT line that the script parses.

local path = os.getenv("LATCHKEY_BENCH_CLIENTS")
local origin = os.getenv("LATCHKEY_BENCH_ORIGIN")
local body = "organization_id=&tab_state=focused"
local prefix = '{"object":"token","jwt":"ey'

-- This wrk's format() adds no Host header (HTTP/1.1 requires one).
local host = wrk.host .. ":" .. wrk.port
local requests = {}
for line in io.lines(path) do
  local token, session = line:match("^(%S+) (%S+)")
  if token then
    requests[#requests + 1] = wrk.format("POST", "/v1/client/sessions/" .. session .. "/tokens", {
      ["Host"] = host,
      ["Cookie"] = "__client=" .. token,
      ["Origin"] = origin,
      ["Content-Type"] = "application/x-www-form-urlencoded",
    }, body)
  end
end
local count = #requests
local next_index = 0
bad = 0
first_bad = ""

function init(args)
  math.randomseed(os.time())
  next_index = math.random(count) - 1
end

function request()
  next_index = next_index % count + 1
  return requests[next_index]
end

function response(status, headers, response_body)
  if status ~= 200 or response_body:sub(1, #prefix) ~= prefix then
    bad = bad + 1
    if first_bad == "" then first_bad = status .. " " .. response_body:sub(1, 160) end
  end
end

local threads = {}
function setup(thread)
  threads[#threads + 1] = thread
end

function done(summary, latency, _)
  local bad_total, first = 0, ""
  for _, thread in ipairs(threads) do
    bad_total = bad_total + thread:get("bad")
    if first == "" then first = thread:get("first_bad") end
  end
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%d seconds=%.3f rps=%.1f p50_us=%d p90_us=%d p99_us=%d max_us=%d bad=%d socket_errors=%d clients=%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    bad_total, e.connect + e.read + e.write + e.timeout, count))
  if first ~= "" then io.write("FIRST_BAD " .. first .. "\n") end
end
