-- a lesson whose text carries escape codes (ESC, BEL, CR, a C1 CSI):
-- they reach the output as ?, on a terminal and on a pipe alike
lesson{ title = "Escapes", machine = "tiny", seed = 1 }
say("plain \27[31mred\27[0m bell\7 cr\r c1 \u{9b}2J end")
print("print \27]0;title\7 too")
