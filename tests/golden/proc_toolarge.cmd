# /proc copies with numbers too large to be real (a hand edit, a corrupt
# copy): each is one line naming file, line and the word, and says "too
# large" -- it said "is not a number" of 18446744073709551615, and
# "node '99999,' is not a number" of a node id beyond the model's nodes.
# The machine stays as it was.
machine proc:data/proc-toolarge
machine proc:data/proc-node99999
machine proc:data/proc-bigfree
machine
check
