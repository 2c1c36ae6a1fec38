#!/usr/bin/env python3
"""olddefconfig with Debian's kconfiglib 14.1, adjusted at runtime for Linux 6.1.

Usage: kconfiglib_olddefconfig.py [KCONFIG]   (default "Kconfig")
Honours srctree, KCONFIG_CONFIG and KSHELL_CACHE like conf does.

Runtime adjustments (the installed package is not modified):

1. Linux >= 5.13 writes the MODULES marker as a bare attribute line
   "modules" instead of "option modules". kconfiglib 14.1 only knows the
   latter and stops with "unknown token". We wrap Kconfig._tokenize: a line
   whose first token is the 'modules' keyword is handed on as the tokens of
   "option modules".

2. $(shell,cmd) replay: with KSHELL_CACHE set, kconfiglib's shell function is
   replaced by one that returns the output recorded in $KSHELL_CACHE/<key>
   (key = FNV-1a 64-bit of the command bytes, %016llx: the same cache the
   C conf's LD_PRELOAD shim and our TypeScript engine use), and records the
   output on a miss. The result is post-processed exactly like kconfiglib's
   own _shell_fn (splitlines, strip trailing newlines, newlines to spaces).

3. The .config gets conf's four-line header, so the files can be compared.
"""
import os
import subprocess
import sys

import kconfiglib


def _modules_as_option(original):
    def tokenize(self, s):
        tokens = original(self, s)
        if tokens and tokens[0] is kconfiglib._T_MODULES:
            return [kconfiglib._T_OPTION] + list(tokens)
        return tokens
    return tokenize


def _fnv1a64(data):
    h = 1469598103934665603  # offset basis of shared/bench-tools/popen_cache.c
    for byte in data:
        h = ((h ^ byte) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return h


def _replaying_shell_fn(cache_dir):
    def shell_fn(kconf, _, command):
        path = os.path.join(cache_dir, "%016x" % _fnv1a64(command.encode(kconf._encoding)))
        try:
            with open(path, "rb") as f:
                out = f.read()
        except FileNotFoundError:
            out = subprocess.run(command, shell=True, stdout=subprocess.PIPE).stdout
            tmp = "%s.%d.tmp" % (path, os.getpid())
            with open(tmp, "wb") as f:
                f.write(out)
            os.replace(tmp, path)
        text = out.decode(kconf._encoding)
        return "\n".join(text.splitlines()).rstrip("\n").replace("\n", " ")
    return shell_fn


def main():
    kconfiglib.Kconfig._tokenize = _modules_as_option(kconfiglib.Kconfig._tokenize)
    cache = os.environ.get("KSHELL_CACHE")
    if cache:
        # Kconfig.__init__ looks the function up when it builds its table.
        kconfiglib._shell_fn = _replaying_shell_fn(cache)
    kconf = kconfiglib.Kconfig(sys.argv[1] if len(sys.argv) > 1 else "Kconfig")
    print(kconf.load_config())
    # conf's header (kconfiglib writes none unless KCONFIG_CONFIG_HEADER is set).
    header = "#\n# Automatically generated file; DO NOT EDIT.\n# %s\n#\n" % kconf.mainmenu_text
    print(kconf.write_config(header=header))


if __name__ == "__main__":
    main()
