#args: --machine tiny
# words a newcomer brings from gdb, a shell or the kernel's names: each is
# pointed at the command that does it here. They were "did you mean '?'"
# for q, "'s'" for ls and ps, "'info'" for undo, "'map'" for man, "'up'"
# for run, "'set'" for cat, nothing for redo.
q
h
ls
ps
top
run
undo
redo
man
cat
kill
sysctl
kmalloc
__free_pages
reboot
version
# short typos: a prefix is still offered, a mere one-letter distance is not
sh
al
x
zz
# ':' opens the command line; typed again there (":help", vim's habit) it
# was "unknown command ':lesson'"; it is dropped, as ":lua" always was
:kernel
  :seed
:source data/nosuch.lua
:lua return 1 + 1
::kernel
# one rule for both readers (cmd_line_start): blanks before the ':', and
# '::' before lua/source stays an unknown word as before any other command
	:lua return 2 + 2
::lua return 1
::source data/nosuch.lua
# the simulation is untouched
check
