-- A first script: arguments, a table, a closure, a file of the initrd.
print("Hello from " .. _VERSION .. ", " .. #arg .. " argument(s):", table.concat(arg, ", "))
local squares = {}
for i = 1, 10 do squares[i] = i * i end
print(table.concat(squares, " "))
local f = assert(io.open(arg[0]))
local lines = 0
for _ in f:lines() do lines = lines + 1 end
f:close()
print(arg[0] .. " has " .. lines .. " lines")
