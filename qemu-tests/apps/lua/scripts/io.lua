-- Files: reading a file of the initrd, lines, numbers, seeking, writing.
local f = assert(io.open("data/numbers.txt", "r"))
print(io.type(f), io.type(io.stdout), io.type(42))
print(f:read("l"))
print(f:read("n", "n", "n"))
print(f:read("L"))
for line in f:lines() do io.write("[", line, "]") end
print()
print(f:read("a") == "", f:read("l"), f:seek("set", 0), f:read(5))
print(f:seek("cur"), f:seek("end"))
f:close()
print(io.type(f), pcall(f.read, f))
local n = 0
for l in io.lines("data/numbers.txt") do n = n + #l end
print("chars", n)
local data = assert(io.open("data/poem.txt")):read("a")
print(#data, select(2, data:gsub("\n", "")), data:match("^[^\n]*"))
local words = {}
for w in data:gmatch("%a+") do words[w:lower()] = (words[w:lower()] or 0) + 1 end
local list = {}
for w, c in pairs(words) do list[#list + 1] = w .. "=" .. c end
table.sort(list)
print(table.concat(list, " ", 1, 8))
print(io.open("data/missing.txt"))
print(io.open("data", "r"):read(1))
print(pcall(io.lines, "data/missing.txt"))
print(pcall(io.open, "data/poem.txt", "rz"))
local out = assert(io.open("written.txt", "w"))
print(out:write("line 1\n", 2, "\n", 3.5, "\n") == out, out:seek("cur"))
out:close()
local back = assert(io.open("written.txt", "a+"))
back:write("appended\n")
back:seek("set")
print(back:read("a"))
back:close()
local rw = assert(io.open("written.txt", "r+"))
rw:seek("set", 2) rw:write("X") rw:seek("set")
print(rw:read("l"), rw:setvbuf("full", 1024))
rw:close()
print(os.rename("written.txt", "renamed.txt"), io.open("written.txt"))
print(os.remove("renamed.txt"), os.remove("renamed.txt"))
io.write("to stdout ", 1, " ", 2.5, "\n")
print(io.read and true, io.output() == io.stdout)
