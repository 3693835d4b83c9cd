#args: --machine tiny
# Real-machine inputs with a NUL byte in them (issue 9's audit of the
# parsers): a /proc copy, a kernel log and a trace. Each gets one line naming
# the file and the line; the machine stays as it was.
machine proc:data/proc-nul
explain data/klog-nul.txt
trace replay data/trace-nul.txt
show buddyinfo
check
