-- A fixed CPU workload for bench/lua.mjs: calls, tables, strings, floats
-- and closures in the interpreter, with no input/output but one line of
-- results (the same on every build, which the benchmark checks).
local function fib(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end

local function sieve(n)
  local composite, count = {}, 0
  for i = 2, n do
    if not composite[i] then
      count = count + 1
      for j = i * i, n, i do composite[j] = true end
    end
  end
  return count
end

local function sort_words(n)
  local t, seed = {}, 12345
  for i = 1, n do
    seed = (seed * 1103515245 + 12345) % 2147483648
    t[i] = string.format("w%08x", seed)
  end
  table.sort(t)
  return t[1] .. t[n]
end

local function strings(n)
  local parts = {}
  for i = 1, n do parts[#parts + 1] = ("item %d;"):format(i) end
  local s = table.concat(parts)
  local count = select(2, s:gsub("%d+", function(d) return #d end))
  return #s + count
end

local function mandelbrot(size)
  local inside = 0
  for y = 0, size - 1 do
    local ci = 2.0 * y / size - 1.0
    for x = 0, size - 1 do
      local cr, zr, zi = 2.5 * x / size - 2.0, 0.0, 0.0
      local i = 0
      while i < 50 and zr * zr + zi * zi < 4.0 do
        zr, zi = zr * zr - zi * zi + cr, 2.0 * zr * zi + ci
        i = i + 1
      end
      if i == 50 then inside = inside + 1 end
    end
  end
  return inside
end

local function closures(n)
  local acc = 0
  for i = 1, n do
    local f = function(x) return x + i end
    acc = acc + f(1)
  end
  return acc
end

print(fib(27), sieve(1000000), sort_words(100000), strings(100000), mandelbrot(250), closures(1000000))
