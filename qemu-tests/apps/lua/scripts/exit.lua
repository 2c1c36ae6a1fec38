-- os.exit with a status, after buffered output.
io.write("exiting with 7\n")
os.exit(7)
