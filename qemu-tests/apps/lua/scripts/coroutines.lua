-- Coroutines: generators, status, passing values, errors, wrap.
local function gen(n)
  return coroutine.wrap(function()
    for i = 1, n do coroutine.yield(i) end
  end)
end
local out = {}
for v in gen(5) do out[#out + 1] = v end
print(table.concat(out, ","))
local co = coroutine.create(function(a, b)
  print("start", a, b)
  local c = coroutine.yield(a + b)
  print("got", c)
  local d, e = coroutine.yield(c * 2)
  print("got", d, e)
  return "done", 99
end)
print(coroutine.status(co))
print(coroutine.resume(co, 1, 2))
print(coroutine.status(co))
print(coroutine.resume(co, 10))
print(coroutine.resume(co, "x", "y"))
print(coroutine.status(co), coroutine.resume(co))
local bad = coroutine.create(function() error("inside") end)
print(coroutine.resume(bad))
local bad2 = coroutine.create(function() error({ code = 7 }) end)
local ok, e = coroutine.resume(bad2) print(ok, type(e), e.code)
print(coroutine.isyieldable(), select(2, coroutine.running()))
local function producer()
  return coroutine.create(function()
    for _, w in ipairs({ "alpha", "beta", "gamma" }) do coroutine.yield(w) end
  end)
end
local function filter(p)
  return coroutine.create(function()
    while true do
      local _, w = coroutine.resume(p)
      if not w then break end
      coroutine.yield(w:upper())
    end
  end)
end
local f = filter(producer())
while true do
  local _, w = coroutine.resume(f)
  if not w then break end
  io.write(w, " ")
end
print()
local y = coroutine.wrap(function()
  local ok2, v = pcall(function() return coroutine.yield("from pcall") end)
  return ok2, v
end)
print(y()) print(y("resumed"))
local closeme = coroutine.create(function() coroutine.yield() end)
coroutine.resume(closeme)
print(coroutine.close(closeme), coroutine.status(closeme))
local function nest(n) if n == 0 then return 0 end
  local c = coroutine.wrap(function() return nest(n - 1) + 1 end)
  return c()
end
print(nest(100))
