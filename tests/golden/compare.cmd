#args: --machine tiny
# one workload under two kernels: where the requests part, what differs
compare 4.5 6.1 data/compare_costly.txt
# the built-in tour of the slow path
compare 6.1 4.5
# this machine is untouched
kernel
show buddyinfo
# bad input
compare 4.5 4.5
compare 4.5 7.3
compare 4.5 6.1 data/no-such-file
compare 4.5
