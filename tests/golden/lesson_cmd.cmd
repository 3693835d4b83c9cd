# the `lesson` command: the one way front ends drive a lesson
lesson
lesson next
lesson no-such-lesson
lesson ../golden/machine.cmd
lesson ../tui/data/mini-lesson.lua
lesson
lesson answer 1
lesson next 2
lesson next
lesson answer 3
lesson answer 1
lesson
# the lesson's request waits in the stepper: step it as one begun with start
where
step
show buddyinfo
lesson next
show buddyinfo
lesson next
# back a step: the request not run, the free lists as they were
lesson back
show buddyinfo
lesson goto 1
lesson goto 9
lesson restart
lesson stop
lesson next
