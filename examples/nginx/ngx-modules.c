/* SPDX-License-Identifier: MIT */
/*
 * The list of nginx's modules that build.sh's configure wrote (in the
 * build's system include folder), compiled here with the image's flags.
 */
#include <ngx_modules.c>
