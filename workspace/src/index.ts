/**
 * The workspace: between the engine and the commands. Which folder, which
 * application, which tree, which configuration file, the global options
 * and usage errors, and loading the tree the same way for every command.
 */
export { takeGlobals, commandFirst, GLOBAL_OPTIONS, type GlobalOptions, type GlobalName } from './options.js';
export { UsageError, CommandFailure } from './errors.js';
export { projectPaths, isAppDir, type ProjectPaths } from './project.js';
export { chooseTree, openTree, type ChooseOptions, type TreeChoice, type TreeKind, type OpenOptions } from './tree.js';
export { Workspace, TreeLoadError, type EngineMessages, type LoadOptions, type ConfigRead } from './workspace.js';
export type { Command, CommandArgs, OptionSpec, OperandSpec, Completion } from './command.js';
export { parseCommandLine, usageLine, helpText, wantsHelp, optionNames } from './command-line.js';
