-- A script that does not compile: the interpreter reports where, exits with 1.
print("never printed")
local x = = 1
