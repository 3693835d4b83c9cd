# A cpu column beyond 65535 said only "bad cpu number": it now says the
# range. The machine stays as it was.
trace replay data/trace-badcpu.txt
check
