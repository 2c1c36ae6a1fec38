-- Tables: arrays, records, sorting, the table library, metatables.
local t = {}
for i = 1, 20 do t[#t + 1] = (i * 37) % 23 end
print(#t, table.concat(t, " "))
table.sort(t)
print(table.concat(t, " "))
table.sort(t, function(a, b) return a > b end)
print(table.concat(t, " ", 1, 5))
table.insert(t, 1, 100) table.insert(t, 50) print(t[1], t[#t], #t)
print(table.remove(t), table.remove(t, 1), #t)
print(table.unpack({ 1, 2, 3 }), select("#", table.unpack({ 1, nil, 3 }, 1, 3)))
print(table.concat(table.move({ 1, 2, 3, 4, 5 }, 2, 4, 1), ","))
local p = table.pack(1, nil, 3) print(p.n, p[1], p[2], p[3])
local rec = { name = "lua", version = 5.4, tags = { "small", "fast" } }
local keys = {}
for k in pairs(rec) do keys[#keys + 1] = k end
table.sort(keys)
print(table.concat(keys, ","), rec.tags[2], #rec.tags)
local sum = 0
for i, v in ipairs({ 10, 20, 30, nil, 50 }) do sum = sum + i * v end
print(sum)
local V = {}
V.__index = V
V.__add = function(a, b) return setmetatable({ x = a.x + b.x, y = a.y + b.y }, V) end
V.__tostring = function(v) return "(" .. v.x .. "," .. v.y .. ")" end
V.__eq = function(a, b) return a.x == b.x and a.y == b.y end
V.__lt = function(a, b) return a.x < b.x end
V.__len = function() return 2 end
V.__call = function(self, k) return self.x * k end
local a, b = setmetatable({ x = 1, y = 2 }, V), setmetatable({ x = 3, y = 4 }, V)
print(tostring(a + b), a == b, a < b, #a, a(10), rawequal(a, a), rawlen({ 1, 2 }))
local defaults = setmetatable({}, { __index = function(_, k) return k .. "?" end })
print(defaults.anything, rawget(defaults, "anything"))
local log = {}
local proxy = setmetatable({}, { __newindex = function(t, k, v) log[#log + 1] = k; rawset(t, k, v) end })
proxy.a = 1 proxy.b = 2 proxy.a = 3
print(table.concat(log, ","), proxy.a)
local big = {}
for i = 1, 10000 do big[i] = i end
for i = 1, 10000, 2 do big[i] = nil end
local n = 0 for _ in pairs(big) do n = n + 1 end
print(n, big[10000], next({}))
local weak = setmetatable({}, { __mode = "k" })
weak[{}] = 1 collectgarbage() collectgarbage()
print(next(weak))
print(collectgarbage("count") > 0, collectgarbage("isrunning"))
