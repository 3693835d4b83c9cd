#args: data/script-escapes.lua
