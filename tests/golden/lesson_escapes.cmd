#args: data/lesson-escapes.lua
