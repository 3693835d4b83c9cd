# a command's output with escape codes, to a pipe: '?' as on a terminal
lua print("batch \27[31mred\27[0m \7")
lua return "ret \27[1m"
