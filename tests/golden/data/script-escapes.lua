-- a script (not a lesson) printing escape codes
print("script \27[2J\27[H cleared? no")
