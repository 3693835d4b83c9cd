#args: --machine proc:../data/linux-6.1/trace-before
# --machine proc:DIR boots a real machine's state; `machine` says what the import read
machine
show buddyinfo
