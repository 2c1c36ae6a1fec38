/* SPDX-License-Identifier: MIT */
/*
 * What Redis's mkreleasehdr.sh writes at build time from git and the
 * clock: a source package has no git, and an image is built reproducibly,
 * so the values are the ones that script writes outside a git tree.
 */
#define REDIS_GIT_SHA1 "00000000"
#define REDIS_GIT_DIRTY "0"
#define REDIS_BUILD_ID "ukconfig"
