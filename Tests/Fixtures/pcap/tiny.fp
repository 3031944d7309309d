; A p0f v3 fingerprint file written for botcensus's tests (not derived from p0f.fp).
classes = test

[tcp:request]

label = s:test:Test stack:with timestamps
sig   = *:64:0:*:mss*44,7:mss,sok,ts,nop,ws:df,id+:0
sig   = *:64:0:*:mss*45,7:mss,sok,ts,nop,ws::0

label = g:test:Test stack:
sig   = *:64:0:*:*,*:mss:df,id+:0
