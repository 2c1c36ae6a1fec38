-- Closures, upvalues, varargs, recursion, goto, integer loops.
local function counter(step)
  local n = 0
  return function() n = n + step return n end
end
local c1, c2 = counter(1), counter(10)
print(c1(), c1(), c2(), c1(), c2())
local fns = {}
for i = 1, 5 do fns[i] = function() return i * i end end
print(fns[1](), fns[3](), fns[5]())
local function shared()
  local v = 0
  return function() v = v + 1 return v end, function() return v end
end
local inc, get = shared()
inc() inc()
print(get())
local function va(...)
  local t = { ... }
  return select("#", ...), #t, (select(2, ...))
end
print(va(1, nil, 3), va())
local function fib(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end
print(fib(20))
local function tail(n, acc) if n == 0 then return acc end return tail(n - 1, acc + n) end
print(tail(100000, 0))
local memo = {}
local function mfib(n)
  if n < 2 then return n end
  if not memo[n] then memo[n] = mfib(n - 1) + mfib(n - 2) end
  return memo[n]
end
print(mfib(90), math.type(mfib(90)))
local function compose(f, g) return function(...) return f(g(...)) end end
print(compose(function(x) return x * 2 end, function(a, b) return a + b end)(3, 4))
for i = 1, 3 do
  for j = 1, 3 do
    if j == 2 then goto continue end
    io.write(i, j, " ")
    ::continue::
  end
end
print()
local acc = {}
for i = 10, 1, -3 do acc[#acc + 1] = i end
for x = 0.5, 2, 0.5 do acc[#acc + 1] = x end
print(table.concat(acc, " "))
local ok, msg = pcall(string.rep)
print(ok, msg)
print(debug.getinfo(1, "l").currentline, debug.getinfo(fib, "S").what)
do
  local closed = {}
  do
    local x <close> = setmetatable({}, { __close = function() closed[#closed + 1] = "closed" end })
  end
  local k <const> = 7
  print(closed[1], k)
end
