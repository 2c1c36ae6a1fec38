// Small Kconfig trees, one per language feature or diagnostic. Each is run
// through the real Linux 6.1 conf by record.mjs (expected.json holds what it
// printed and wrote) and through ours by language.test.ts, byte for byte.
//
// A case: { name, files: {path: text}, args, env?, stdin?, outputs? }.
// `outputs` lists files compared after the run (default: .config).

const olddef = ['--olddefconfig', 'Kconfig'];

export const CASES = [
  // ---- lexing -------------------------------------------------------------
  {
    name: 'lex/comments-and-continuation',
    files: {
      Kconfig: 'config A # trailing comment\n\tbool "a" \\\n\t  if y\n\tdefault \\\ny\n# full line comment\nconfig B\n\tbool "b with # inside"\n\tdefault y\n',
    },
    args: olddef,
  },
  {
    name: 'lex/unsupported-characters',
    files: { Kconfig: 'config A\n\tbool "a" ; @\n\tdefault y %\n' },
    args: olddef,
  },
  {
    name: 'lex/quotes-and-escapes',
    files: {
      Kconfig:
        'config S\n\tstring \'single "quoted" prompt\'\n\tdefault "a \\"b\\" c \\\\ d \'e\'"\nconfig T\n\tstring "t"\n\tdefault \'x\\\'y\'\n',
    },
    args: olddef,
  },
  {
    name: 'lex/multi-line-string',
    files: { Kconfig: 'config A\n\tbool "unterminated\n\tdefault y\n' },
    args: olddef,
  },
  {
    name: 'lex/no-newline-at-end',
    files: { Kconfig: 'config A\n\tbool "a"\n\tdefault y', 'sub/Kconfig': '' },
    args: olddef,
  },
  {
    name: 'lex/removed-keywords',
    files: { Kconfig: 'config A\n\tboolean "a"\n\t---help---\n\t  text\nconfig B\n\tbool "b"\n\toption modules\n' },
    args: olddef,
  },
  {
    name: 'lex/keywords-need-word-boundaries',
    files: { Kconfig: 'config configX\n\tbool "x"\n\tdefault y\nconfig if_y\n\tdef_bool configX\n' },
    args: olddef,
  },
  // ---- help text ------------------------------------------------------------
  {
    name: 'help/indentation-and-blank-lines',
    files: {
      Kconfig:
        'config A\n\tbool "a"\n\thelp\n\t  First line.\n\n\t    indented more\n\t\ttab-indented\n\n\n\t  last.\n\nconfig B\n\tbool "b"\n\thelp\n  two spaces\n  still help\n\tconfig C\n',
    },
    args: ['--helpnewconfig', 'Kconfig'],
  },
  {
    name: 'help/blank-and-repeated',
    files: { Kconfig: 'config A\n\tbool "a"\n\thelp\n\n\thelp\n\t  second\n\nconfig B\n\tbool "b"\n\thelp\n' },
    args: olddef,
  },
  {
    name: 'help/unindented-line-is-swallowed',
    files: { Kconfig: 'config A\n\tbool "a"\n\thelp\nconfig B\n\tbool "b"\n\tdefault y\n' },
    args: ['--listnewconfig', 'Kconfig'],
  },
  {
    name: 'help/no-macro-expansion',
    files: { Kconfig: 'config A\n\tbool "a"\n\thelp\n\t  $(info,not expanded) $(shell,echo no)\n' },
    args: ['--helpnewconfig', 'Kconfig'],
  },
  // ---- macros ---------------------------------------------------------------
  {
    name: 'macro/flavors',
    files: {
      Kconfig:
        'X := 1\nS := $(X)\nR = $(X)\nX := 2\nS += $(X)\nR += $(X)\nU += u\nconfig A\n\tstring "$(S)|$(R)|$(U)"\n\tdefault "$(S)/$(R)"\n',
    },
    args: ['--listnewconfig', 'Kconfig'],
  },
  {
    name: 'macro/user-function',
    files: {
      Kconfig:
        'f = <$(1)|$(2)|$(3)>\nconfig A\n\tstring "a"\n\tdefault "$(f,x,y) $(f,x) $(f, x ,y,z,w)"\n',
    },
    args: ['--listnewconfig', 'Kconfig'],
  },
  {
    name: 'macro/builtins',
    files: {
      Kconfig:
        '$(info,hello)\n$(warning-if,y,warned)\n$(warning-if,n,not warned)\n$(error-if,n,no error)\nconfig A\n\tstring "a"\n\tdefault "$(filename):$(lineno):$(shell,printf \'a\\nb\\n\\n\')"\n',
    },
    args: ['--listnewconfig', 'Kconfig'],
  },
  {
    name: 'macro/shell-output-limit',
    files: { Kconfig: 'config A\n\tstring "a"\n\tdefault "$(shell,head -c 5000 /dev/zero | tr \'\\0\' x)"\n' },
    args: ['--listnewconfig', 'Kconfig'],
  },
  {
    name: 'macro/error-if',
    files: { Kconfig: 'config A\n\tbool "a"\n$(error-if,y,stop here)\nconfig B\n\tbool "b"\n' },
    args: olddef,
  },
  {
    name: 'macro/environment',
    files: { Kconfig: 'config A\n\tstring "$(MYVAR)"\n\tdefault "$(MYVAR)-$(UNSET_VAR)"\n' },
    args: ['--syncconfig', 'Kconfig'],
    env: { MYVAR: 'value from env' },
    outputs: ['.config', 'include/config/auto.conf', 'include/config/auto.conf.cmd'],
  },
  {
    name: 'macro/recursive-variable',
    files: { Kconfig: 'A = $(B)\nB = $(A)\nconfig X\n\tstring "$(A)"\n' },
    args: olddef,
  },
  {
    name: 'macro/unterminated-reference',
    files: { Kconfig: 'config X\n\tstring "x"\n\tdefault "$(info,oops"\n' },
    args: olddef,
  },
  {
    name: 'macro/arity',
    files: { Kconfig: '$(info,a,b)\n' },
    args: olddef,
  },
  {
    name: 'macro/too-many-arguments',
    files: { Kconfig: 'f = x\n$(f,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17)\n' },
    args: olddef,
  },
  {
    name: 'macro/words-and-empty-expansion',
    files: {
      Kconfig:
        'name := B\nempty :=\nconfig A$(name)\n\tbool "ab"\n\tdefault y\nconfig C\n\tbool "c" $(empty)\n\tdefault A$(name)\n\tdepends on $(empty) AB\n',
    },
    args: olddef,
  },
  {
    name: 'macro/dollar-escapes',
    files: {
      Kconfig: 'dollar := $\nX = $(dollar)(Y)\n$ := one\nconfig A\n\tstring "a"\n\tdefault "$ $$ $($) $(X)"\n',
    },
    args: ['--listnewconfig', 'Kconfig'],
  },
  {
    // A variable referenced again is expanded again: its commands run, its messages print each time.
    name: 'macro/repeated-references',
    files: {
      Kconfig:
        'count = $(shell,echo x >> count; wc -l < count)\nsaid = $(info,said $(1) at $(lineno))$(warning-if,y,warned)\nwhere = $(filename):$(lineno)\n' +
        'pair = $(count)/$(count)\nboth = $(pair)+$(pair) $(where) $(where) $(said,a)$(said,a)\nX := $(both)\n' +
        'config A\n\tstring "a"\n\tdefault "$(X) $(both)"\n',
    },
    args: ['--listnewconfig', 'Kconfig'],
  },
  {
    name: 'macro/assignment-line-number',
    files: { Kconfig: 'config A\n\tbool "a"\nX := $(warning-if,y,at $(lineno))\nY = $(warning-if,y,later $(lineno))\n$(Y)\n' },
    args: olddef,
  },
  // ---- entries --------------------------------------------------------------
  {
    name: 'entry/mainmenu-and-menus',
    files: {
      Kconfig:
        'mainmenu "My $(TITLE) tree"\nmenu "First"\nconfig A\n\tbool "a"\n\tdefault y\ncomment "a comment"\nmenu "Inner"\n\tdepends on A\nconfig B\n\tint "b"\n\tdefault 3\nendmenu\nendmenu\nmenu "Hidden"\n\tdepends on !A\nconfig C\n\tbool "c"\nendmenu\ncomment "hidden comment"\n\tdepends on !A\n',
    },
    args: olddef,
    env: { TITLE: 'test' },
  },
  {
    name: 'entry/menu-visible-if',
    files: {
      Kconfig:
        'config SHOW\n\tbool "show"\nmenu "M"\n\tvisible if SHOW\nconfig A\n\tbool "a"\n\tdefault y\nconfig B\n\tbool "b"\nendmenu\n',
    },
    args: ['--listnewconfig', 'Kconfig'],
  },
  {
    name: 'entry/if-blocks',
    files: {
      Kconfig:
        'config A\n\tbool "a"\n\tdefault y\nif A\nconfig B\n\tbool "b"\n\tdefault y\nif !B\nconfig C\n\tbool "c"\nendif\nendif\nif n\nconfig D\n\tbool "d"\n\tdefault y\nendif\n',
    },
    args: olddef,
  },
  {
    name: 'entry/menuconfig',
    files: {
      Kconfig:
        'menuconfig NET\n\tbool "Networking"\n\tdefault y\nif NET\nconfig IPV6\n\tbool "IPv6"\n\tdefault y\nendif\nmenuconfig NOPROMPT\n\tbool\n',
    },
    args: olddef,
  },
  {
    name: 'entry/source',
    files: {
      Kconfig: 'source "sub/Kconfig"\nconfig TOP\n\tbool "top"\n\tdefault SUB\n',
      'sub/Kconfig': 'config SUB\n\tbool "sub"\n\tdefault y\nsource "sub/deeper/Kconfig"\n',
      'sub/deeper/Kconfig': 'config DEEP\n\tbool "deep"\n',
    },
    args: ['--syncconfig', 'Kconfig'],
    outputs: ['.config', 'include/config/auto.conf.cmd', 'include/generated/autoconf.h'],
  },
  {
    name: 'entry/source-missing',
    files: { Kconfig: 'config A\n\tbool "a"\nsource "nothere/Kconfig"\n' },
    args: olddef,
  },
  {
    name: 'entry/recursive-inclusion',
    files: {
      Kconfig: 'config A\n\tbool "a"\nsource "b/Kconfig"\n',
      'b/Kconfig': '\nsource "c/Kconfig"\n',
      'c/Kconfig': 'source "b/Kconfig"\n',
    },
    args: olddef,
  },
  {
    name: 'entry/extension-keywords-are-unknown',
    files: { Kconfig: 'rsource "x/Kconfig"\nosource "y"\nconfig A\n\tbool "a"\n' },
    args: olddef,
  },
  // ---- choices ---------------------------------------------------------------
  {
    name: 'choice/bool-default-and-members',
    files: {
      Kconfig:
        'choice\n\tprompt "pick"\n\tdefault B\nconfig A\n\tbool "a"\nconfig B\n\tbool "b"\nif B\nconfig C\n\tbool "c (needs b)"\nendif\nendchoice\n',
    },
    args: olddef,
  },
  {
    name: 'choice/tristate-m-mode',
    files: {
      Kconfig:
        'config MODULES\n\tbool "modules"\n\tdefault y\n\tmodules\nchoice\n\ttristate "pick"\nconfig A\n\ttristate "a"\nconfig B\n\ttristate "b"\nconfig C\n\tbool "c"\nendchoice\n',
      '.config': 'CONFIG_MODULES=y\nCONFIG_A=m\nCONFIG_B=m\n',
    },
    args: olddef,
  },
  {
    name: 'choice/optional-named-redefined',
    files: {
      Kconfig:
        'choice CH\n\tbool "pick"\n\toptional\nconfig A\n\tbool "a"\nendchoice\nchoice CH\nconfig B\n\tbool "b"\nendchoice\nconfig AFTER\n\tdef_bool A || B\n',
      '.config': 'CONFIG_B=y\n',
    },
    args: olddef,
  },
  {
    name: 'choice/warnings',
    files: {
      Kconfig:
        'config OUT\n\tbool "out"\nchoice\n\tdefault OUT\nconfig A\n\tbool "a"\n\tdefault y\nconfig B\n\tbool\nendchoice\nconfig A\n\tbool "a again"\n',
    },
    args: olddef,
  },
  {
    name: 'choice/config-inconsistent',
    files: {
      Kconfig:
        'config MODULES\n\tdef_bool y\n\tmodules\nchoice\n\ttristate "pick"\nconfig A\n\ttristate "a"\nconfig B\n\ttristate "b"\nendchoice\n',
      '.config': 'CONFIG_A=y\nCONFIG_B=y\nCONFIG_A=m\n',
    },
    args: olddef,
  },
  {
    name: 'choice/select-and-imply-members',
    files: {
      Kconfig:
        'config S\n\tbool "s"\n\tdefault y\n\tselect B\nchoice\n\tprompt "pick"\nconfig A\n\tbool "a"\nconfig B\n\tbool "b"\nendchoice\n',
    },
    args: olddef,
  },
  // ---- attributes -----------------------------------------------------------
  {
    name: 'attr/type-and-prompt-redefinition',
    files: {
      Kconfig:
        'config A\n\tbool "a"\n\tprompt "a2"\n\tprompt "  leading"\nconfig A\n\ttristate\nconfig NOTYPE\n\tprompt "no type"\n',
    },
    args: olddef,
  },
  {
    name: 'attr/defaults-order-and-conditions',
    files: {
      Kconfig:
        'config X\n\tbool "x"\nconfig A\n\tint "a"\n\tdefault 10 if X\n\tdefault 20\n\tdefault 30\nconfig A\n\tint\n\tdefault 40\nconfig B\n\tstring "b"\n\tdefault A\nconfig C\n\tint "c"\n\tdefault 1 + 2\n',
    },
    args: olddef,
  },
  {
    name: 'attr/def-bool-and-def-tristate',
    files: {
      Kconfig:
        'config MODULES\n\tdef_bool y\n\tmodules\nconfig M\n\tdef_tristate m\nconfig BM\n\tdef_bool M\nconfig T\n\tdef_tristate M && BM\nconfig N\n\tdef_bool n\n',
    },
    args: ['--syncconfig', 'Kconfig'],
    outputs: ['.config', 'include/config/auto.conf', 'include/generated/autoconf.h', 'include/generated/rustc_cfg'],
  },
  {
    name: 'attr/select-overrides-deps',
    files: {
      Kconfig:
        'config DEP\n\tbool "dep"\nconfig HIDDEN\n\tbool\n\tdepends on DEP\nconfig SEL\n\tbool "sel"\n\tdefault y\n\tselect HIDDEN\nconfig SEL2\n\ttristate "sel2"\n\tselect HIDDEN if SEL\n',
    },
    args: olddef,
  },
  {
    name: 'attr/select-wrong-types',
    files: {
      Kconfig: 'config I\n\tint "i"\n\tselect B\nconfig B\n\tbool "b"\n\tselect I\n\timply S\nconfig S\n\tstring "s"\n',
    },
    args: olddef,
  },
  {
    name: 'attr/imply',
    files: {
      Kconfig:
        'config MODULES\n\tdef_bool y\n\tmodules\nconfig FOO\n\ttristate "foo"\n\tdefault m\n\timply BAR\n\timply BAZ\nconfig BAR\n\ttristate "bar"\nconfig BAZ\n\ttristate "baz"\n\tdepends on n\nconfig QUX\n\tbool "qux"\n\tdefault y\n\timply BAR\n',
      '.config': 'CONFIG_BAR=n\n',
    },
    args: olddef,
  },
  {
    name: 'attr/ranges',
    files: {
      Kconfig:
        'config LO\n\tint "lo"\n\tdefault 4\nconfig I\n\tint "i"\n\trange 1 5\n\tdefault 2\nconfig J\n\tint "j"\n\trange LO 10\n\tdefault 9\nconfig K\n\tint "k"\n\trange 1 5\n\tdefault 9\nconfig H\n\thex "h"\n\trange 0x10 0xff\nconfig E\n\tint "e"\n\trange 3 7\nconfig BAD\n\tbool "bad"\n\trange 1 2\nconfig BADR\n\tint "badr"\n\trange 1 x\n',
      '.config': 'CONFIG_I=7\nCONFIG_J=2\nCONFIG_H=ff\n',
    },
    args: olddef,
  },
  {
    name: 'attr/modules-twice',
    files: { Kconfig: 'config M1\n\tbool "m1"\n\tmodules\nconfig M2\n\tbool "m2"\n\tmodules\n' },
    args: olddef,
  },
  // ---- expressions ----------------------------------------------------------
  {
    name: 'expr/precedence-and-comparisons',
    files: {
      Kconfig:
        'config A\n\tdef_bool y\nconfig B\n\tdef_bool n\nconfig I\n\tint "i"\n\tdefault 10\nconfig H\n\thex "h"\n\tdefault 0x20\nconfig S\n\tstring "s"\n\tdefault "abc"\n' +
        'config P1\n\tdef_bool !A || B && A\nconfig P2\n\tdef_bool !(A || B) && A\nconfig P3\n\tdef_bool !B=y\n' +
        'config C1\n\tdef_bool I > 9 && I <= 10 && I != 11\nconfig C2\n\tdef_bool H = 32 || H >= 0x21\nconfig C3\n\tdef_bool I < 010\n' +
        'config C4\n\tdef_bool S = "abc" && S < "abd"\nconfig C5\n\tdef_bool I = "10"\nconfig C6\n\tdef_bool H = "0x20"\nconfig C7\n\tdef_bool 0x10 = 16 && 010 = 8\n',
    },
    args: olddef,
  },
  {
    name: 'expr/m-rewriting-and-bool-deps',
    files: {
      Kconfig:
        'config MODULES\n\tbool "modules"\n\tmodules\nconfig T\n\ttristate "t"\n\tdefault m\nconfig B\n\tbool "b (depends on m)"\n\tdepends on m\n\tdefault y\nconfig BT\n\tbool "bt (depends on T)"\n\tdepends on T\n\tdefault y\nconfig TT\n\ttristate "tt"\n\tdepends on T\n\tdefault y\nconfig BMTEST\n\tdef_bool BT=m\n',
      '.config': 'CONFIG_MODULES=y\n',
    },
    args: olddef,
  },
  {
    name: 'expr/syntax-errors',
    files: {
      Kconfig:
        'config A\n\tbool "a"\n\tdepends on (B\nconfig B\n\tbool "b"\n\tdepends on B C\nconfig C\n\tbool "c"\n\tdefault y if\n\tselect "D"\nconfig D\n\tdef_bool A = B = C\n',
    },
    args: olddef,
  },
  // ---- menu structure -----------------------------------------------------------
  {
    name: 'menu/automatic-submenus',
    files: {
      Kconfig:
        'config A\n\tbool "a"\n\tdefault y\nconfig A1\n\tbool "a1"\n\tdepends on A\nconfig A2\n\tbool "a2"\n\tdepends on A && A1\nconfig A3\n\tbool "a3"\n\tdepends on A1 || A\nconfig B\n\tbool "b"\n',
    },
    args: ['--oldaskconfig', 'Kconfig'],
    stdin: '\n\n\n\n\n\n\n',
  },
  {
    name: 'menu/unbalanced-blocks',
    files: { Kconfig: 'menu "m"\nconfig A\n\tbool "a"\nendif\nif A\nconfig B\n\tbool "b"\nendchoice\n' },
    args: olddef,
  },
  {
    name: 'menu/end-in-other-file',
    files: { Kconfig: 'menu "m"\nsource "other"\nconfig A\n\tbool "a"\n', other: 'endmenu\n' },
    args: olddef,
  },
  {
    name: 'menu/stray-end-and-invalid-statements',
    files: {
      Kconfig:
        'endmenu\nbool "x"\nfoo bar\nbaz\nconfig A\n\tbool "a"\n\tdefault y\n\tbogus value\n\tdefault n\nconfig B\n\tbool "b"\nmainmenu "late"\n',
    },
    args: olddef,
  },
  {
    name: 'menu/choice-in-choice',
    files: { Kconfig: 'choice\n\tprompt "c"\nconfig A\n\tbool "a"\nmenu "x"\nendmenu\nendchoice\n' },
    args: olddef,
  },
  // ---- recursive dependencies --------------------------------------------------
  {
    name: 'recursion/depends-select-imply',
    files: {
      Kconfig:
        'config A\n\tbool "a"\n\tdepends on B\n\tselect B\nconfig B\n\tbool "b"\nconfig C\n\tbool "c"\n\tdepends on D\n\timply D\nconfig D\n\tbool "d"\nconfig E\n\tbool "e"\n\tdepends on E\n',
    },
    args: olddef,
  },
  {
    name: 'recursion/defaults-ranges-prompts',
    files: {
      Kconfig:
        'config I\n\tint "i"\n\tdefault J\nconfig J\n\tint "j"\n\trange 1 I\nconfig P\n\tbool "p" if Q\nconfig Q\n\tdef_bool P\n',
    },
    args: olddef,
  },
  {
    name: 'recursion/choice',
    files: {
      Kconfig: 'choice\n\tprompt "c"\nconfig A\n\tbool "a"\nconfig B\n\tbool "b"\n\tdepends on X\nendchoice\nconfig X\n\tbool "x"\n\tdepends on A\n',
    },
    args: olddef,
  },
  // ---- .config reading -------------------------------------------------------
  {
    name: 'config/values-and-warnings',
    files: {
      Kconfig:
        'config B\n\tbool "b"\nconfig T\n\ttristate "t"\nconfig I\n\tint "i"\nconfig H\n\thex "h"\nconfig S\n\tstring "s"\nconfig S2\n\tstring "s2"\nconfig S3\n\tstring "s3"\n',
      '.config':
        'CONFIG_B=m\nCONFIG_T=maybe\nCONFIG_I=012\nCONFIG_I=-5\nCONFIG_H=ff\nCONFIG_S="a\\nb \\"q\\" \\\\ end" trailing\nCONFIG_S2=unquoted\nCONFIG_S3="open\ngarbage line\nCONFIG_UNKNOWN=y\n# CONFIG_B is not set but more\n#CONFIG_T is not set\nCONFIG_NOEQUALS\n\r\n',
    },
    args: olddef,
    env: { KCONFIG_WARN_UNKNOWN_SYMBOLS: '1' },
  },
  {
    name: 'config/invisible-and-out-of-range',
    files: {
      Kconfig:
        'config GATE\n\tbool "gate"\nconfig V\n\tbool "v"\n\tdepends on GATE\n\tdefault y\nconfig R\n\tint "r"\n\trange 0 3\n\tdefault 1\n',
      '.config': '# CONFIG_GATE is not set\nCONFIG_V=y\nCONFIG_R=9\n',
    },
    args: olddef,
  },
  {
    name: 'config/werror',
    files: { Kconfig: 'config B\n\tbool "b"\n', '.config': 'CONFIG_B=x\n' },
    args: olddef,
    env: { KCONFIG_WERROR: '1' },
  },
  {
    name: 'config/prefix-and-paths',
    files: { Kconfig: 'config A\n\tbool "a"\n\tdefault y\nconfig H\n\thex "h"\n\tdefault 1f\n', 'in/my.config': 'MY_A=y\n' },
    args: ['--syncconfig', 'Kconfig'],
    env: {
      CONFIG_: 'MY_',
      KCONFIG_CONFIG: 'in/my.config',
      KCONFIG_AUTOCONFIG: 'out/auto.conf',
      KCONFIG_AUTOHEADER: 'out/autoconf.h',
      KCONFIG_RUSTCCFG: 'out/rust',
    },
    outputs: ['in/my.config', 'out/auto.conf', 'out/autoconf.h', 'out/rust', 'out/auto.conf.cmd', 'out/A', 'out/H'],
  },
  {
    name: 'config/defconfig-list',
    files: { Kconfig: 'config A\n\tbool "a"\n', 'defaults/one': 'CONFIG_A=y\n' },
    args: olddef,
    env: { KCONFIG_DEFCONFIG_LIST: 'missing/x defaults/one defaults/two' },
  },
  {
    name: 'config/nosilentupdate',
    files: { Kconfig: 'config A\n\tbool "a"\n\tdefault y\n', '.config': '# CONFIG_A is not set\nCONFIG_GONE=y\n' },
    args: ['--syncconfig', 'Kconfig'],
    env: { KCONFIG_NOSILENTUPDATE: '1' },
  },
  // ---- writing -----------------------------------------------------------------
  {
    name: 'write/strings-and-unchanged-file',
    files: {
      Kconfig: 'config S\n\tstring "s"\n\tdefault "q\\"uote and \\\\back"\n',
      '.config':
        '#\n# Automatically generated file; DO NOT EDIT.\n# Main menu\n#\nCONFIG_S="q\\"uote and \\\\back"\n',
    },
    args: olddef,
  },
  {
    name: 'write/implied-with-unmet-deps',
    files: {
      Kconfig: 'config X\n\tbool "x"\n\tdefault y\n\timply Y\nconfig Y\n\tbool "y"\n\tdepends on Z\nconfig Z\n\tbool "z"\n',
    },
    args: olddef,
  },
  {
    name: 'write/savedefconfig-quirks',
    files: {
      Kconfig:
        'config MODULES\n\tdef_bool y\n\tmodules\nconfig I\n\tint "i"\n\trange 1 5\n\tdefault 9\nconfig X\n\ttristate "x"\n\timply Y\nconfig Y\n\ttristate "y"\n\tdepends on m\nchoice\n\tprompt "c"\nconfig CA\n\tbool "ca"\nconfig CB\n\tbool "cb"\nendchoice\nconfig N\n\tbool "n"\n\tdefault y\n',
      '.config': 'CONFIG_X=y\nCONFIG_CB=y\n# CONFIG_N is not set\n',
    },
    args: ['--savedefconfig=defconfig', 'Kconfig'],
    outputs: ['defconfig', '.config'],
  },
  {
    name: 'write/syncconfig-touch-files',
    files: {
      Kconfig: 'config A\n\tbool "a"\n\tdefault y\nconfig B\n\tbool "b"\nconfig S\n\tstring "s"\n\tdefault "x"\n',
      'include/config/auto.conf': 'CONFIG_B=y\nCONFIG_S=x\nCONFIG_OLD=y\n',
    },
    args: ['--syncconfig', 'Kconfig'],
    outputs: ['.config', 'include/config/auto.conf', 'include/config/A', 'include/config/B', 'include/config/S', 'include/config/OLD'],
  },
  // ---- conf modes --------------------------------------------------------------
  {
    name: 'mode/allconfig-file',
    files: {
      Kconfig: 'config A\n\tbool "a"\nconfig B\n\tbool "b"\nconfig C\n\ttristate "c"\n',
      'allyes.config': '# CONFIG_B is not set\n',
    },
    args: ['--allyesconfig', 'Kconfig'],
    env: { KCONFIG_ALLCONFIG: '1' },
  },
  {
    name: 'mode/allconfig-missing',
    files: { Kconfig: 'config A\n\tbool "a"\n' },
    args: ['--allnoconfig', 'Kconfig'],
    env: { KCONFIG_ALLCONFIG: '' },
  },
  {
    name: 'mode/randconfig-probability',
    files: {
      Kconfig:
        'config MODULES\n\tdef_bool y\n\tmodules\nconfig A\n\tbool "a"\nconfig B\n\ttristate "b"\nconfig C\n\ttristate "c"\nchoice\n\tprompt "x"\nconfig X1\n\tbool "x1"\nconfig X2\n\tbool "x2"\nconfig X3\n\tbool "x3"\nendchoice\nconfig D\n\tbool "d"\nconfig E\n\ttristate "e"\n',
    },
    args: ['--randconfig', 'Kconfig'],
    env: { KCONFIG_SEED: '0xdeadbeef', KCONFIG_PROBABILITY: '60:20' },
  },
  {
    name: 'mode/randconfig-bad-probability',
    files: { Kconfig: 'config A\n\tbool "a"\n' },
    args: ['--randconfig', 'Kconfig'],
    env: { KCONFIG_SEED: '7', KCONFIG_PROBABILITY: '70:40' },
  },
  {
    name: 'mode/tristate-rewrites',
    files: {
      Kconfig:
        'config MODULES\n\tdef_bool y\n\tmodules\nconfig A\n\ttristate "a"\nconfig B\n\ttristate "b"\nconfig C\n\ttristate "c"\n\tselect B\n',
      '.config': 'CONFIG_A=y\nCONFIG_B=m\nCONFIG_C=y\n',
    },
    args: ['--yes2modconfig', 'Kconfig'],
  },
  {
    name: 'mode/oldconfig-new-symbols',
    files: {
      Kconfig:
        'config OLD\n\tbool "old"\nconfig NEW\n\tbool "new"\n\tdefault y\nconfig NEWI\n\tint "new int"\n\tdefault 4\nconfig NEWS\n\tstring "new string"\nchoice\n\tprompt "new choice"\nconfig N1\n\tbool "n1"\nconfig N2\n\tbool "n2"\nendchoice\n',
      '.config': 'CONFIG_OLD=y\n',
    },
    args: ['--oldconfig', 'Kconfig'],
    stdin: 'n\nxyz\n7\nhello\n2\n',
  },
  {
    name: 'mode/oldaskconfig-help-and-retries',
    files: {
      Kconfig:
        'config MODULES\n\tdef_bool y\n\tmodules\nconfig A\n\ttristate "a"\n\thelp\n\t  Help for A.\nconfig I\n\tint "i"\n\trange 1 9\n',
    },
    args: ['--oldaskconfig', 'Kconfig'],
    stdin: '?\nyes please\nm\n12\n?\n5\n',
  },
  {
    name: 'mode/listnewconfig',
    files: {
      Kconfig: 'config A\n\tbool "a"\nconfig B\n\tbool "b"\n\tdefault y\nconfig S\n\tstring "s"\n\tdefault "v\\"q"\nconfig I\n\tint "i"\n',
      '.config': 'CONFIG_A=y\n',
    },
    args: ['--listnewconfig', 'Kconfig'],
  },
  {
    name: 'mode/usage-and-bad-options',
    files: { Kconfig: 'config A\n\tbool "a"\n' },
    args: ['--bogus', '--olddef', 'Kconfig'],
  },
  {
    name: 'mode/missing-kconfig',
    files: {},
    args: ['--olddefconfig', 'Nope'],
  },
  {
    name: 'mode/defconfig-missing',
    files: { Kconfig: 'config A\n\tbool "a"\n' },
    args: ['--defconfig=nothere', 'Kconfig'],
  },
];
