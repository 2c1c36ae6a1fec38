-- The program's arguments: arg and ... of the main chunk.
print(#arg, arg[1], arg[2], arg[3], select("#", ...))
for i = 1, #arg do print(i, arg[i], #arg[i]) end
