-- A script that fails: the interpreter prints the error and exits with 1.
print("before the error")
local function inner() error("something went wrong") end
inner()
print("never printed")
