-- wrk script: POST the body in $BODY_FILE with the key in $KEY (empty: no key); $GZIP=1 adds
-- Accept-Encoding: gzip; $DELAY_MS > 0 makes each connection wait that long between requests, so
-- connections x 1000 / (DELAY_MS + latency) caps the offered rate (an open-ish load below the peak).
local f = assert(io.open(os.getenv("BODY_FILE"), "rb"))
wrk.body = f:read("*a")
f:close()
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local key = os.getenv("KEY")
if key and key ~= "" then
  wrk.headers["X-API-Key"] = key
end
if os.getenv("GZIP") == "1" then
  wrk.headers["Accept-Encoding"] = "gzip"
end
local pause = tonumber(os.getenv("DELAY_MS") or "0")
if pause > 0 then
  function delay()
    return pause
  end
end
