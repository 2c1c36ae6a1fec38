-- The string library: formatting, patterns, substitutions, bytes, utf8.
local s = "The quick brown fox jumps over the lazy dog"
print(#s, s:upper(), s:lower():sub(5, 9))
print(s:find("fox"), s:find("o", 20, true), s:match("(%a+) dog$"))
for w in s:gmatch("%a+") do io.write(w:len(), " ") end print()
print(s:gsub("o", "0"))
print(("x = %d, y = %s"):gsub("%%(%a)", { d = "<int>", s = "<str>" }))
print(string.format("[%5d] [%-5d] [%05.1f] [%x] [%X] [%o] [%e] [%g] [%g]",
  42, 42, 3.14159, 255, 255, 8, 12345.678, 0.0001, 1e20))
print(string.format("%q %q %q", "tab\tnew\nline\0zero", 1/3, math.mininteger))
print(string.format("%10.3s|%-10s|%s", "abcdef", "left", nil))
print(("abc"):rep(3, "-"), ("abc"):reverse(), ("abc"):byte(1, -1))
print(string.char(72, 105), ("%d items"):format(3))
print(("key=value; other=thing"):match("(%w+)=(%w+)"))
print(("  trim me  "):match("^%s*(.-)%s*$") .. "|")
print(("2024-01-15"):match("(%d+)-(%d+)-(%d+)"))
print(string.pack and #string.pack("i4i8", 1, 2), string.unpack("<i2", "\1\2"))
print(utf8.char(72, 228, 8364, 128512), utf8.len("häll€"))
for p, c in utf8.codes("aé€") do io.write(p, ":", c, " ") end print()
print(tostring(12), tostring(12.0), tostring(-0.0), 10 // 3, 10.0 // 3, 2^53)
print(tonumber("0x10"), tonumber("  12  "), tonumber("1e2"), tonumber("z", 36), tonumber("abc"))
print(("%5.2f%%"):format(99.5), ("a,b,,c"):gsub(",", ";", 2))
local parts = {}
for field in ("one,two,,four"):gmatch("([^,]*)") do parts[#parts + 1] = "<" .. field .. ">" end
print(table.concat(parts))
print(("hello world"):gsub("(%w+) (%w+)", "%2 %1"), ("abc"):gsub("", "-"))
print(string.format("%-20s|", "é"), #"é", ("x"):rep(0) == "")
