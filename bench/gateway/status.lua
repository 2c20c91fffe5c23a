-- wrk script: GET /jobs/<id>/status for ids 1..JOBS (env), token in the query as Pulsar sends it.
local jobs = tonumber(os.getenv("JOBS") or "1000")
local token = os.getenv("TOKEN") or ""
local prefix = os.getenv("PREFIX") or "b"
local counter = 0
request = function()
  counter = counter + 1
  local id = (counter % jobs) + 1
  return wrk.format("GET", "/jobs/" .. prefix .. id .. "/status?private_token=" .. token)
end
