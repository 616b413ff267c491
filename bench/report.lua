-- wrk's summary as one JSON line that bench/wrk.py reads: requests, errors and the latency
-- percentiles wrk keeps (microseconds in wrk; milliseconds here).
done = function(summary, latency, requests)
  local errors = summary.errors
  local failed = errors.connect + errors.read + errors.write + errors.status + errors.timeout
  local function ms(percent)
    return latency:percentile(percent) / 1000.0
  end
  io.write(string.format(
    'RELAIS-WRK {"requests": %d, "seconds": %.6f, "errors": %d, "p50_ms": %.3f, ' ..
    '"p95_ms": %.3f, "p99_ms": %.3f}\n',
    summary.requests, summary.duration / 1e6, failed, ms(50), ms(95), ms(99)))
end
