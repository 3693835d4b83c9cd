#args: lesson.lua
