-- Time: sanity of os.time, os.clock, os.date and os.difftime (values
-- that differ between runs are printed as checks, not as numbers).
local t = os.time()
print(math.type(t), t > 1600000000, t < 4102444800)
local c1 = os.clock()
local x = 0
for i = 1, 200000 do x = x + i % 7 end
local c2 = os.clock()
print(math.type(c1), c1 >= 0, c2 >= c1, c2 - c1 < 30, x)
print(os.date("!%Y-%m-%d %H:%M:%S", 0), os.date("!%A %B %j", 86400 * 59))
print(os.date("!%c", 1234567890))
local d = os.date("!*t", 1700000000)
print(d.year, d.month, d.day, d.hour, d.min, d.sec, d.wday, d.yday, d.isdst)
print(os.time({ year = 2000, month = 1, day = 1, hour = 0 }))
print(os.time({ year = 2024, month = 2, day = 30, hour = 12 }))
local n = os.date("*t", os.time({ year = 2021, month = 13, day = 1, hour = 12 }))
print(n.year, n.month, n.day)
print(os.difftime(t + 60, t), math.type(os.difftime(t, t)))
print(pcall(os.date, "%Ez"), pcall(os.time, { year = 2000 }))
print(os.getenv("UKCONFIG_SURELY_UNSET"), type(os.tmpname))
local now = os.date("*t")
print(now.year >= 2020, now.month >= 1 and now.month <= 12)
