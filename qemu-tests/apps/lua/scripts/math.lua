-- Numbers: integers and floats, the math library, conversions.
print(math.maxinteger, math.mininteger, math.maxinteger + 1 == math.mininteger)
print(7 // 2, -7 // 2, 7 % 3, -7 % 3, 7.5 % 2, -7.5 % 2, 7 / 2, 3 | 5, 3 & 5, 3 ~ 5, ~0, 1 << 62, 256 >> 4)
print(math.type(1), math.type(1.0), math.type("1"), 1 == 1.0, math.ult(1, -1))
print(math.floor(3.7), math.ceil(3.2), math.floor(-3.5), math.fmod(7, 3), math.fmod(-7, 3))
print(math.abs(-4), math.max(3, 9, 1), math.min(3, 9, 1), math.huge, -math.huge)
print(string.format("%.14g %.14g %.14g", math.pi, math.sqrt(2), math.exp(1)))
print(string.format("%.14g %.14g %.14g %.14g", math.sin(1), math.cos(1), math.tan(1), math.atan(1, 2)))
print(string.format("%.14g %.14g %.14g", math.log(10), math.log(8, 2), math.log(100, 10)))
print(math.tointeger(2^31), 2^63, math.floor(2^62), 1e15, 1e16, 123456789012345678)
print(0.1 + 0.2 == 0.3, 0.1 + 0.2, 100 * 1.1, 1 / 3)
print(string.format("%.17g %.3f %5.1e", 0.1, 2 / 3, 123456))
print(8 // 0.0, -8 // 0.0, math.huge // 1)
print(tostring(1e308 * 10), tostring(-1e308 * 10), 2^1023 * 2 == math.huge)
print(3 == 3.0000000000000001, 2^53 == 2^53 + 1, math.abs(math.mininteger))
local sum, prod = 0, 1
for i = 1, 1000 do sum = sum + i end
for i = 1, 20 do prod = prod * i end
print(sum, prod, prod * 21)
local acc = 0.0
for i = 1, 100000 do acc = acc + 1 / i end
print(string.format("%.12f", acc))
math.randomseed(42)
local r = {}
for i = 1, 5 do r[i] = math.random(1, 100) end
print(table.concat(r, " "), math.random(0) ~= nil)
math.randomseed(7, 11)
print(string.format("%.10f", math.random()), math.random(10))
print(math.floor(-0.0), 1 / math.floor(-0.0), 3 % -2, -3 % 2, 5.0 // 0 == math.huge)
print(string.format("%d", 3.0), pcall(string.format, "%d", 3.5))
print(tonumber("0x7fffffffffffffff"), tonumber("0xffffffffffffffff"), tonumber("1e500"))
print(math.floor(1e100) == 1e100, 2^-1074 > 0, 5 // 0.3)
